// The leak suite: the bundled action (main and post step) and the bundled CLI run through
// every success and failure scenario there is, each with a distinctive token; then their
// output, every file they could have written and the argv and environment of every docker
// child are searched for any form of it. Figures are printed at the end.
import { createPrivateKey } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { mkdtemp, readFile } from 'node:fs/promises'
import { createServer } from 'node:net'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import type { InputName } from '../../../src/common/constants.js'
import { inputLabel } from '../../../src/cli/flags.js'
import { startFaultProxy } from '../../support/fault-proxy.js'
import type { FaultProxy } from '../../support/fault-proxy.js'
import { COMPARTMENT, ociEndpointEnv } from '../../support/api-key.js'
import { githubOidcEnv, oidcCliEnv, oidcInputs } from '../../support/oidc.js'
import { importImage, writeDockerArchive } from '../../support/images.js'
import { writeOciLayout } from '../../support/oci-layout.js'
import { describeIntegration, testbed } from '../../support/testbed.js'
import { errorAnnotations } from '../e2e/run-action.js'
import type { StepResult } from '../e2e/run-action.js'
import {
  ANONYMOUS,
  DENIED,
  answerTenantNotFound,
  leaksIn,
  pathWithoutDocker,
  refuseUploads,
  runAction,
  runCliScenario,
  secretForms,
  TAG_PUSH_TAGS
} from './harness.js'
import type { ActionOptions, ActionRun, CliScenarioOptions, Trace } from './harness.js'

/** A wrong token as distinctive as a real one: every shell character OCI tokens carry. */
const WRONG_TOKEN = "Lk]9{w;)Q(7'x-LEAK"
/** The passphrase of the suite's encrypted copy of the bed's API key: as distinctive. */
const PASSPHRASE = "Pq]8{v;)R(6'y-LEAK"
/** A client secret the identity domain does not know: as distinctive. */
const WRONG_CLIENT_SECRET = "Cs]7{u;)S(5'z-LEAK"
/** A port nothing listens on: taken from the system, then given back. */
async function closedPort(): Promise<string> {
  const server = createServer()
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise(resolve => server.close(resolve))
  return `127.0.0.1:${port}`
}
const UNRESOLVABLE = 'ocir-push-test.invalid'

/**
 * The Bearer registry under a loopback name the client does not treat as loopback (`127.1`),
 * so it speaks TLS to a plain-HTTP server: a real TLS failure.
 */
function plainHttpAsTls(): string {
  return `127.1:${testbed().bearerRegistry.split(':')[1]}`
}

/**
 * What each failure must say: the input named as the face names it, the diagnosis, and the
 * other side's words where there are some.
 */
const SAYS: Record<string, { input?: string; says: RegExp }> = {
  'wrong token': { input: 'auth-token', says: /did not accept username .* with this auth token/ },
  'unknown region': { input: 'region', says: /eu-frankfurt-1/ },
  'image not in the engine': { input: 'image', says: /not in the local Docker engine/ },
  'Docker not installed': { says: /Docker is not installed[\s\S]*'oci:<dir>'/ },
  'Docker engine not running': { says: /engine is not (running|reachable)[\s\S]*'oci:<dir>'/ },
  'registry unreachable': { input: 'registry', says: /nothing accepts connections/ },
  'TLS to a plain-HTTP registry': { input: 'registry', says: /speaks plain HTTP, not HTTPS/ },
  'registry host that does not resolve': { input: 'registry', says: /cannot be resolved \(DNS\)/ },
  'Tenant with namespace not found': {
    input: 'namespace',
    says: /no tenancy has the namespace 'demo'[\s\S]*said: .*Tenant with namespace demo not found/
  },
  'anonymous push': {
    input: 'auth-token',
    says: /as anonymous[\s\S]*said: DENIED: Anonymous users are only allowed read access/
  },
  'denied on push': { input: 'repository', says: /may not push to[\s\S]*said: DENIED: requested/ },
  'one tag fails': { says: /server errors after 5 attempts \(pushed so far: / },
  'one of two targets refuses the token': {
    says: /^(error: )?\S+\/demo\/leak\/\S+: .*did not accept username .* with this auth token/m
  },
  'throttled past the retry budget': { says: /kept throttling requests after 5 attempts/ },
  'PEM key': { input: 'auth-token', says: /PEM key/ },
  'token with surrounding whitespace': { says: /Trimmed auth-token/ },
  refused: { says: /is refused: a token on the command line shows/ },
  'stray argument': { says: /at position \d+ \(not shown, in case it is a secret\)/ },
  'wrong passphrase': { input: 'private-key-passphrase', says: /does not decrypt private-key/ },
  'no passphrase': {
    input: 'private-key-passphrase',
    says: /private-key is encrypted and no passphrase was given/
  },
  'no id-token permission': { says: /Fix: Give the job `permissions: id-token: write`/ },
  'wrong client secret': {
    input: 'oidc-client-secret',
    says: /did not accept the client credentials[\s\S]*The identity domain said: /
  }
}

/** The expectation for a scenario, by the words of its name. */
function expectationFor(name: string): { input?: string; says: RegExp } | undefined {
  return Object.entries(SAYS).find(([words]) => name.includes(words))?.[1]
}

interface Context {
  /** The bed's Bearer registry, or the fault proxy in front of it when the scenario has faults. */
  registry: string
  image: string
  layout: string
  archive: string
  /** A directory with node but no docker. */
  noDockerPath: string
  /** `127.0.0.1:PORT` where nothing listens. */
  closedPort: string
  token: string
  slug: string
  /** The bed's API key as PEM text, and a copy encrypted with PASSPHRASE. */
  apiKey: { pem: string; encryptedPem: string }
}

interface Scenario {
  name: string
  token?: string
  /** Signs in with the bed's API key, to the API-key registry: the secrets are the key's. */
  apiKey?: true
  /**
   * Signs in through the bed's OIDC fakes, to the API-key registry: the secrets are the client
   * secret, the request token and every token (all JWTs).
   */
  oidc?: true
  /** Exit status of the main step / the CLI. */
  exit: 0 | 1 | 2
  faults?: (proxy: FaultProxy) => void
  action?: (context: Context) => Omit<ActionOptions, 'inputs'> & {
    inputs: Record<string, string>
  }
  cli?: (context: Context) => CliScenarioOptions
  /** The action's main step stops before it logs in, so it exports no Docker config. */
  noLogin?: true
  /**
   * Runs no git or docker command: refused before any child runs (an unreadable API key, no
   * OIDC token), like a usage error; or the action without Docker (its event gives every git fact).
   */
  noCommands?: true
}

const base = ({ registry, token, image, slug }: Context): Record<string, string> => ({
  registry,
  namespace: 'demo',
  username: 'alice@example.com',
  'auth-token': token,
  image,
  repository: `leak/${slug}`
})

const cliArgs = ({ registry, image, slug }: Context, extra: string[] = []): string[] => [
  'push',
  '--registry',
  registry,
  '--namespace',
  'demo',
  '--username',
  'alice@example.com',
  '--image',
  image,
  '--repository',
  `leak/${slug}`,
  '--tag',
  'type=raw,value=one',
  '--tag',
  'type=raw,value=two',
  ...extra
]

/** API-key inputs for the bed's key (`pem`: the plain or the encrypted copy). */
const apiKeyInputs = (c: Context, pem: string): Record<string, string> => {
  const bed = testbed()
  return {
    auth: 'api-key',
    registry: c.registry,
    region: 'fra',
    'tenancy-ocid': bed.ociTenancy,
    'user-ocid': bed.ociUser,
    fingerprint: bed.ociFingerprint,
    'private-key': pem,
    image: c.image,
    repository: `leak/${c.slug}`
  }
}

/** The bed's key in the OCI CLI's variables, the fakes as the OCI endpoints. */
const apiKeyEnv = (pem: string, passphrase?: string): Record<string, string> => {
  const bed = testbed()
  return {
    OCI_CLI_TENANCY: bed.ociTenancy,
    OCI_CLI_USER: bed.ociUser,
    OCI_CLI_FINGERPRINT: bed.ociFingerprint,
    OCI_CLI_KEY_CONTENT: pem,
    ...(passphrase ? { OCI_CLI_PASSPHRASE: passphrase } : {}),
    ...ociEndpointEnv()
  }
}

/** A push that signs OCI requests (`--auth api-key`, `--auth oidc`), to the API-key registry. */
const signedArgs =
  (auth: 'api-key' | 'oidc') =>
  ({ registry, image, slug }: Context, extra: string[] = []): string[] => [
    'push',
    '--auth',
    auth,
    '--registry',
    registry,
    '--region',
    'fra',
    '--image',
    image,
    '--repository',
    `leak/${slug}`,
    '--tag',
    'type=raw,value=one',
    '--tag',
    'type=raw,value=two',
    ...extra
  ]
const apiKeyArgs = signedArgs('api-key')
const oidcArgs = signedArgs('oidc')

/** The action's inputs for the bed's OIDC fakes. */
const oidcActionInputs = (c: Context): Record<string, string> => ({
  ...oidcInputs(),
  registry: c.registry,
  region: 'fra',
  image: c.image,
  repository: `leak/${c.slug}`
})

/**
 * Every form an API key's secrets travel in: the PEM texts whole and line by line, the
 * passphrase, and a request signature.
 */
function apiKeySecretForms({ pem, encryptedPem }: Context['apiKey']): string[] {
  const lines = [pem, encryptedPem].flatMap(text =>
    text.split('\n').filter(line => line.length > 16 && !line.startsWith('-----'))
  )
  return [pem.trim(), encryptedPem.trim(), ...lines, PASSPHRASE, 'signature="']
}

/** The OIDC secrets that are not JWTs: the client secrets (the bed's, a wrong one), the request token. */
function oidcSecretForms(): string[] {
  const bed = testbed()
  return [bed.oidcClientSecret, WRONG_CLIENT_SECRET, bed.oidcRequestToken].flatMap(secret => [
    secret,
    encodeURIComponent(secret),
    Buffer.from(secret).toString('base64')
  ])
}

/** A registry token is a JWT: any trace that holds one leaks it. */
const JWT = /eyJ[\w-]{10,}\.eyJ[\w-]{10,}\.[\w-]{20,}/

function bearerTokensIn(traces: Trace[]): string[] {
  return traces.filter(trace => JWT.test(trace.text)).map(trace => `${trace.where} (a JWT)`)
}

const tokenEnv = (context: Context): Record<string, string> => ({
  OCIR_AUTH_TOKEN: context.token
})

const failTag = (proxy: FaultProxy, tag: string): void =>
  proxy.inject({
    match: { method: 'PUT', path: new RegExp(`/manifests/${tag.replace(/\./g, '\\.')}$`) },
    times: 1000,
    respond: { status: 503, headers: { 'Retry-After': '0' } }
  })

const throttle = (proxy: FaultProxy): void =>
  proxy.inject({
    match: { method: 'HEAD' },
    times: 1000,
    respond: { status: 429, headers: { 'Retry-After': '0' } }
  })

const SCENARIOS: Scenario[] = [
  // The action: successes.
  { name: 'action: docker image, Bearer registry', exit: 0, action: c => ({ inputs: base(c) }) },
  {
    name: 'action: docker image, Basic registry',
    exit: 0,
    action: c => ({ inputs: { ...base(c), registry: testbed().basicRegistry } })
  },
  {
    name: 'action: OCI layout, no docker on PATH',
    exit: 0,
    action: c => ({ inputs: { ...base(c), image: `oci:${c.layout}` }, path: c.noDockerPath })
  },
  {
    name: 'action: docker save tarball',
    exit: 0,
    noCommands: true,
    action: c => ({ inputs: { ...base(c), image: `docker-archive:${c.archive}` } })
  },
  {
    name: 'action: log in only, logout false',
    exit: 0,
    action: c => ({ inputs: { ...base(c), image: '', repository: '', logout: 'false' } })
  },
  {
    name: 'action: push false',
    exit: 0,
    noCommands: true,
    noLogin: true,
    action: c => ({ inputs: { ...base(c), push: 'false' } })
  },
  {
    name: 'action: token with surrounding whitespace',
    exit: 0,
    action: c => ({ inputs: { ...base(c), 'auth-token': ` ${c.token}\n` } })
  },
  {
    name: 'action: Docker config of an earlier step',
    exit: 0,
    action: c => {
      const preset = join(testbed().dir, `preset-${c.slug}`)
      mkdirSync(preset, { recursive: true, mode: 0o700 })
      writeFileSync(join(preset, 'config.json'), '{"auths":{}}', { mode: 0o600 })
      return { inputs: base(c), presetDockerConfig: preset }
    }
  },
  // The action: failures.
  {
    name: 'action: wrong token, docker image',
    token: WRONG_TOKEN,
    exit: 1,
    action: c => ({ inputs: base(c) })
  },
  {
    name: 'action: wrong token, OCI layout',
    token: WRONG_TOKEN,
    exit: 1,
    noCommands: true,
    action: c => ({ inputs: { ...base(c), image: `oci:${c.layout}` } })
  },
  {
    name: 'action: unknown region',
    exit: 1,
    noCommands: true,
    noLogin: true,
    action: c => ({ inputs: { ...base(c), registry: '', region: 'eu-frankfurt1' } })
  },
  {
    name: 'action: image not in the engine',
    exit: 1,
    action: c => ({ inputs: { ...base(c), image: 'reliability-no-such-image:1' } })
  },
  {
    name: 'action: Docker not installed',
    exit: 1,
    action: c => ({ inputs: base(c), path: c.noDockerPath })
  },
  {
    name: 'action: Docker engine not running',
    exit: 1,
    action: c => ({ inputs: base(c), env: { DOCKER_HOST: 'unix:///nonexistent/docker.sock' } })
  },
  {
    name: 'action: registry unreachable',
    exit: 1,
    noCommands: true,
    action: c => ({ inputs: { ...base(c), registry: c.closedPort, image: `oci:${c.layout}` } })
  },
  {
    name: 'action: TLS to a plain-HTTP registry',
    exit: 1,
    noCommands: true,
    action: c => ({ inputs: { ...base(c), registry: plainHttpAsTls(), image: `oci:${c.layout}` } })
  },
  {
    name: 'action: registry host that does not resolve',
    exit: 1,
    noCommands: true,
    action: c => ({ inputs: { ...base(c), registry: UNRESOLVABLE, image: `oci:${c.layout}` } })
  },
  {
    name: 'action: Tenant with namespace not found',
    exit: 1,
    faults: proxy => answerTenantNotFound(proxy, 'demo'),
    action: c => ({ inputs: base(c) })
  },
  {
    name: 'action: anonymous push',
    exit: 1,
    noCommands: true,
    faults: proxy => refuseUploads(proxy, ANONYMOUS),
    action: c => ({ inputs: { ...base(c), image: `oci:${c.layout}` } })
  },
  {
    name: 'action: denied on push',
    exit: 1,
    noCommands: true,
    faults: proxy => refuseUploads(proxy, DENIED),
    action: c => ({ inputs: { ...base(c), image: `oci:${c.layout}` } })
  },
  {
    name: 'action: one tag fails (partial push)',
    exit: 1,
    faults: proxy => failTag(proxy, '2.3'),
    action: c => ({ inputs: base(c) })
  },
  {
    name: 'action: one of two targets refuses the token, OCI layout',
    exit: 1,
    noCommands: true,
    // The API-key registry's realm takes only signed requests.
    action: c => ({
      inputs: {
        ...base(c),
        registry: `${c.registry}\n${testbed().apiKeyRegistry}`,
        image: `oci:${c.layout}`
      }
    })
  },
  {
    name: 'action: throttled past the retry budget',
    exit: 1,
    noCommands: true,
    faults: throttle,
    action: c => ({ inputs: { ...base(c), image: `oci:${c.layout}` } })
  },
  {
    name: 'action: auth token is a PEM key',
    token: '-----BEGIN RSA PRIVATE KEY-----LEAKY',
    exit: 1,
    noCommands: true,
    noLogin: true,
    action: c => ({ inputs: base(c) })
  },
  // The action with an API key.
  {
    name: 'action: api-key, docker image (docker login BEARER_TOKEN)',
    apiKey: true,
    exit: 0,
    action: c => ({ inputs: apiKeyInputs(c, c.apiKey.pem), env: ociEndpointEnv() })
  },
  {
    name: 'action: api-key, OCI layout, encrypted key, repository ensured',
    apiKey: true,
    exit: 0,
    noCommands: true,
    action: c => ({
      inputs: {
        ...apiKeyInputs(c, c.apiKey.encryptedPem),
        'private-key-passphrase': PASSPHRASE,
        image: `oci:${c.layout}`,
        compartment: COMPARTMENT
      },
      env: ociEndpointEnv()
    })
  },
  {
    name: 'action: api-key from the OCI CLI variables, wrong passphrase',
    apiKey: true,
    exit: 1,
    noLogin: true,
    noCommands: true,
    action: c => ({
      inputs: { ...apiKeyInputs(c, ''), 'tenancy-ocid': '', 'user-ocid': '', fingerprint: '' },
      env: apiKeyEnv(c.apiKey.encryptedPem, `${PASSPHRASE}x`)
    })
  },
  // The action through the job's OIDC token.
  {
    name: 'action: oidc, docker image (docker login BEARER_TOKEN)',
    oidc: true,
    exit: 0,
    action: c => ({
      inputs: { ...oidcActionInputs(c), namespace: testbed().ociNamespace },
      env: githubOidcEnv()
    })
  },
  {
    name: 'action: oidc, OCI layout, repository ensured',
    oidc: true,
    exit: 0,
    noCommands: true,
    action: c => ({
      inputs: { ...oidcActionInputs(c), image: `oci:${c.layout}`, compartment: COMPARTMENT },
      env: { ...githubOidcEnv(), ...ociEndpointEnv() }
    })
  },
  {
    name: 'action: oidc, no id-token permission',
    oidc: true,
    exit: 1,
    noLogin: true,
    noCommands: true,
    action: c => ({ inputs: oidcActionInputs(c) })
  },
  // The CLI: successes.
  { name: 'cli: docker image', exit: 0, cli: c => ({ args: cliArgs(c), env: tokenEnv(c) }) },
  {
    name: 'cli: docker image, --verbose',
    exit: 0,
    cli: c => ({ args: cliArgs(c, ['--verbose']), env: tokenEnv(c) })
  },
  {
    name: 'cli: token on standard input',
    exit: 0,
    cli: c => ({ args: cliArgs(c, ['--auth-token-stdin']), input: `${c.token}\n` })
  },
  {
    name: 'cli: OCI layout, --json, no docker on PATH',
    exit: 0,
    cli: c => ({
      args: cliArgs({ ...c, image: `oci:${c.layout}` }, ['--json', '--verbose']),
      env: tokenEnv(c),
      path: c.noDockerPath
    })
  },
  {
    name: 'cli: docker save tarball',
    exit: 0,
    cli: c => ({
      args: cliArgs({ ...c, image: `docker-archive:${c.archive}` }, ['--verbose']),
      env: tokenEnv(c)
    })
  },
  {
    name: 'cli: --dry-run with a token set',
    exit: 0,
    cli: c => ({ args: cliArgs(c, ['--dry-run', '--verbose']), env: tokenEnv(c) })
  },
  {
    name: 'cli: login then stays logged in',
    exit: 0,
    cli: c => ({
      args: [
        'login',
        '--registry',
        c.registry,
        '--namespace',
        'demo',
        '--username',
        'alice@example.com',
        '--verbose'
      ],
      env: tokenEnv(c),
      intended: (path, home) => path === join(home, '.docker', 'config.json')
    })
  },
  {
    name: 'cli: token with surrounding whitespace',
    exit: 0,
    cli: c => ({ args: cliArgs(c, ['--verbose']), env: { OCIR_AUTH_TOKEN: `  ${c.token}\t` } })
  },
  {
    name: 'cli: api-key, docker image, encrypted key, --verbose',
    apiKey: true,
    exit: 0,
    cli: c => ({
      args: apiKeyArgs(c, ['--verbose']),
      env: apiKeyEnv(c.apiKey.encryptedPem, PASSPHRASE)
    })
  },
  {
    name: 'cli: api-key, OCI layout, --json, repository ensured',
    apiKey: true,
    exit: 0,
    cli: c => ({
      args: apiKeyArgs({ ...c, image: `oci:${c.layout}` }, [
        '--json',
        '--verbose',
        '--compartment',
        COMPARTMENT
      ]),
      env: apiKeyEnv(c.apiKey.pem)
    })
  },
  {
    name: "cli: oidc in a GitHub job, OCI layout, --json, GitHub's token",
    oidc: true,
    exit: 0,
    cli: c => ({
      args: oidcArgs({ ...c, image: `oci:${c.layout}` }, ['--json', '--verbose']),
      env: { ...oidcCliEnv(), GITHUB_ACTIONS: 'true', ...githubOidcEnv() }
    })
  },
  // The CLI: failures.
  {
    name: 'cli: oidc, wrong client secret',
    oidc: true,
    exit: 1,
    noCommands: true,
    cli: c => ({
      args: oidcArgs(c, ['--verbose']),
      env: {
        ...oidcCliEnv(),
        OCIR_OIDC_CLIENT_SECRET: WRONG_CLIENT_SECRET,
        GITHUB_ACTIONS: 'true',
        ...githubOidcEnv()
      }
    })
  },
  {
    name: 'cli: api-key, encrypted key and no passphrase',
    apiKey: true,
    exit: 1,
    noCommands: true,
    cli: c => ({ args: apiKeyArgs(c, ['--verbose']), env: apiKeyEnv(c.apiKey.encryptedPem) })
  },
  {
    name: 'cli: wrong token, docker image',
    token: WRONG_TOKEN,
    exit: 1,
    cli: c => ({ args: cliArgs(c, ['--verbose']), env: tokenEnv(c) })
  },
  {
    name: 'cli: wrong token, OCI layout',
    token: WRONG_TOKEN,
    exit: 1,
    cli: c => ({
      args: cliArgs({ ...c, image: `oci:${c.layout}` }, ['--verbose']),
      env: tokenEnv(c)
    })
  },
  {
    name: 'cli: token given as a flag is refused',
    token: WRONG_TOKEN,
    exit: 2,
    cli: c => ({ args: cliArgs(c, ['--auth-token', c.token]) })
  },
  {
    name: 'cli: token given as --password=… is refused',
    token: WRONG_TOKEN,
    exit: 2,
    cli: c => ({ args: cliArgs(c, [`--password=${c.token}`]) })
  },
  {
    name: 'cli: token pasted as a stray argument',
    token: WRONG_TOKEN,
    exit: 2,
    cli: c => ({ args: cliArgs(c, [c.token]) })
  },
  {
    name: 'cli: Docker not installed',
    exit: 1,
    cli: c => ({ args: cliArgs(c), env: tokenEnv(c), path: c.noDockerPath })
  },
  {
    name: 'cli: Docker engine not running',
    exit: 1,
    cli: c => ({
      args: cliArgs(c),
      env: { ...tokenEnv(c), DOCKER_HOST: 'unix:///nonexistent/docker.sock' }
    })
  },
  {
    name: 'cli: registry unreachable',
    exit: 1,
    cli: c => ({
      args: cliArgs({ ...c, registry: c.closedPort, image: `oci:${c.layout}` }),
      env: tokenEnv(c)
    })
  },
  {
    name: 'cli: TLS to a plain-HTTP registry',
    exit: 1,
    cli: c => ({
      args: cliArgs({ ...c, registry: plainHttpAsTls(), image: `oci:${c.layout}` }),
      env: tokenEnv(c)
    })
  },
  {
    name: 'cli: registry host that does not resolve',
    exit: 1,
    cli: c => ({
      args: cliArgs({ ...c, registry: UNRESOLVABLE, image: `oci:${c.layout}` }),
      env: tokenEnv(c)
    })
  },
  {
    name: 'cli: Tenant with namespace not found',
    exit: 1,
    faults: proxy => answerTenantNotFound(proxy, 'demo'),
    cli: c => ({ args: cliArgs(c, ['--verbose']), env: tokenEnv(c) })
  },
  {
    name: 'cli: anonymous push',
    exit: 1,
    faults: proxy => refuseUploads(proxy, ANONYMOUS),
    cli: c => ({ args: cliArgs({ ...c, image: `oci:${c.layout}` }), env: tokenEnv(c) })
  },
  {
    name: 'cli: denied on push',
    exit: 1,
    faults: proxy => refuseUploads(proxy, DENIED),
    cli: c => ({
      args: cliArgs({ ...c, image: `oci:${c.layout}` }, ['--verbose']),
      env: tokenEnv(c)
    })
  },
  {
    name: 'cli: one tag fails (partial push), --json',
    exit: 1,
    faults: proxy => failTag(proxy, 'two'),
    cli: c => ({
      args: cliArgs({ ...c, image: `oci:${c.layout}` }, ['--json', '--verbose']),
      env: tokenEnv(c)
    })
  },
  {
    name: 'cli: one of two targets refuses the token, --json',
    exit: 1,
    cli: c => ({
      args: cliArgs({ ...c, image: `oci:${c.layout}` }, [
        '--registry',
        testbed().apiKeyRegistry,
        '--json'
      ]),
      env: tokenEnv(c)
    })
  },
  {
    name: 'cli: throttled past the retry budget',
    exit: 1,
    faults: throttle,
    cli: c => ({
      args: cliArgs({ ...c, image: `oci:${c.layout}` }, ['--verbose']),
      env: tokenEnv(c)
    })
  }
]

/** What the action reported for a push whose tag `2.3` failed, and what it should have said. */
async function partialReport(run: ActionRun, c: Context) {
  const repository = `${c.registry}/demo/leak/${c.slug}`
  const pushed = TAG_PUSH_TAGS.filter(tag => tag !== '2.3').map(tag => `${repository}:${tag}`)
  const digest = run.outputs.digest ?? ''
  // The labels and annotations carry the build date: taken as reported, checked for the version.
  const {
    labels = [],
    annotations = [],
    targets = []
  } = JSON.parse(run.outputs.json ?? '{}') as {
    labels?: string[]
    annotations?: string[]
    targets?: { error?: string }[]
  }
  const version = TAG_PUSH_TAGS[0]
  const single = {
    registry: c.registry,
    username: 'demo/alice@example.com',
    repository,
    tags: pushed,
    'pull-reference': pushed[0],
    digest,
    'pinned-reference': `${repository}@${digest}`,
    version,
    labels: labels.includes(`org.opencontainers.image.version=${version}`) ? labels : [],
    annotations
  }
  const expected = {
    ...single,
    // The one target holds exactly what was pushed; its entry says why the rest failed.
    targets: [
      {
        registry: c.registry,
        repository,
        tags: pushed,
        'pull-reference': pushed[0],
        digest,
        'pinned-reference': `${repository}@${digest}`,
        error: targets[0]?.error?.includes('the registry answered with server errors')
          ? targets[0].error
          : 'an error naming the server errors'
      }
    ]
  }
  return {
    digest,
    outputs: run.outputs,
    expected: {
      ...single,
      tags: pushed.join('\n'),
      labels: single.labels.join('\n'),
      annotations: annotations.join('\n'),
      json: JSON.stringify(expected)
    },
    summary: await readFile(run.job.files.summary, 'utf8'),
    summaryRows: [
      ...pushed.map(reference => `| \`${reference}\` | pushed |`),
      `| \`${repository}:2.3\` | not pushed |`,
      `The pushed references name \`${digest}\`.`
    ]
  }
}

describeIntegration('leak suite: no form of the token anywhere', () => {
  const bed = testbed()
  const image = `reliability-leak:${process.pid}`
  const context: Omit<Context, 'registry' | 'token' | 'slug'> = {
    image,
    layout: '',
    archive: '',
    noDockerPath: '',
    closedPort: '',
    apiKey: { pem: '', encryptedPem: '' }
  }
  const figures = { scenarios: 0, traces: 0, children: 0, leaks: [] as string[] }
  let serial = 0

  beforeAll(async () => {
    await importImage(image, { files: { 'leak.txt': `leak suite ${process.pid}\n` } })
    const work = await mkdtemp(join(bed.dir, 'leak-sources-'))
    context.layout = writeOciLayout(join(work, 'layout'), { seed: `leak-${process.pid}` }).dir
    context.archive = join(work, 'image.tar')
    await writeDockerArchive(context.archive, `reliability-archive:${process.pid}`)
    context.noDockerPath = pathWithoutDocker(work)
    context.closedPort = await closedPort()
    const pem = readFileSync(bed.ociKeyFile, 'utf8')
    const encryptedPem = createPrivateKey(pem)
      .export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: PASSPHRASE })
      .toString()
    context.apiKey = { pem, encryptedPem }
  })

  afterAll(() => {
    console.info(
      `leak suite: ${figures.scenarios} scenarios, ${figures.traces} outputs/files/argv scanned, ` +
        `${figures.children} docker and git commands recorded, ${figures.leaks.length} leaks`
    )
  })

  /**
   * Runs one scenario and scans what it left. `recording`: the recording docker and git are
   * on its PATH (no `path` of its own).
   */
  async function scenario(
    { token = bed.token, faults, exit: expectedExit, apiKey, oidc, noCommands }: Scenario,
    run: (context: Context) => Promise<{ exit: number | null; traces: Trace[]; recording: boolean }>
  ): Promise<{ exit: number | null; leaks: string[] }> {
    const proxy = faults ? await startFaultProxy({ target: bed.bearerRegistry }) : undefined
    try {
      if (proxy && faults) faults(proxy)
      const slug = `s${process.pid}-${++serial}`
      const result = await run({
        ...context,
        registry: proxy?.address ?? (apiKey || oidc ? bed.apiKeyRegistry : bed.bearerRegistry),
        token,
        slug
      })
      const leaks = apiKey
        ? [
            ...leaksIn(result.traces, apiKeySecretForms(context.apiKey)),
            ...bearerTokensIn(result.traces)
          ]
        : oidc
          ? [...leaksIn(result.traces, oidcSecretForms()), ...bearerTokensIn(result.traces)]
          : leaksIn(result.traces, secretForms(bed.username, token))
      const outputs = result.traces.filter(t => /^(stdout|stderr|step log #\d+)$/.test(t.where))
      const commands = result.traces.filter(t => / argv #/.test(t.where)).length
      figures.scenarios += 1
      figures.traces += result.traces.length
      figures.children += commands
      figures.leaks.push(...leaks)
      // A scan of nothing finds no leak: the run must have printed something, and a run that
      // succeeds with the recorders on PATH records its git and docker commands, but one that
      // runs none (a usage error, exit 2; see `noCommands`), which records nothing. A refusal
      // may stop Docker before its recorder (a Node script) has written a line.
      expect(outputs.some(output => output.text.length > 0)).toBe(true)
      const runsNone = !result.recording || expectedExit === 2 || noCommands === true
      if (runsNone) expect({ commands }).toEqual({ commands: 0 })
      else if (expectedExit === 0) expect({ commands: commands > 0 }).toEqual({ commands: true })
      return { exit: result.exit, leaks }
    } finally {
      await proxy?.close()
    }
  }

  const actionScenarios = SCENARIOS.filter(s => s.action)
  const cliScenarios = SCENARIOS.filter(s => s.cli)

  it.concurrent.each(actionScenarios.map(s => [s.name, s] as const))(
    '%s',
    async (_name, s) => {
      const isPartial = s.name.includes('partial push')
      let post: StepResult | undefined
      let mainLog = ''
      let partial: Awaited<ReturnType<typeof partialReport>> | undefined
      let config: { dir: string; mode?: number; home: string; preset: boolean } | undefined
      let annotations: string[] = []
      const { exit, leaks } = await scenario(s, async c => {
        const options = s.action!(c)
        const run = await runAction(options)
        const recording = options.path === undefined
        post = run.post
        annotations = errorAnnotations(run.main)
        mainLog = run.main.stdout
        if (isPartial) partial = await partialReport(run, c)
        config = {
          dir: run.dockerConfig,
          mode: run.configMode,
          home: run.job.home,
          preset: options.presetDockerConfig !== undefined
        }
        return { exit: run.main.exitCode, traces: run.traces(), recording }
      })
      if (isPartial) {
        // Never partial in silence: outputs and summary say exactly what exists, at which digest.
        expect(partial?.digest).toMatch(/^sha256:[0-9a-f]{64}$/)
        expect(partial?.outputs).toEqual(partial?.expected)
        for (const row of partial?.summaryRows ?? []) expect(partial?.summary).toContain(row)
      }
      // No error annotation on success, exactly one on failure.
      expect({ exit, errors: annotations.length }).toEqual({
        exit: s.exit,
        errors: s.exit === 0 ? 0 : 1
      })
      const expected = expectationFor(s.name)
      // Every failure has its expected words; a success may have some (e.g. a notice).
      expect(s.exit === 0 || expected !== undefined).toBe(true)
      if (expected) {
        const shown = s.exit === 0 ? mainLog : annotations[0]
        expect(shown).toMatch(expected.says)
        if (expected.input) expect(shown).toMatch(new RegExp(`^input '${expected.input}': `))
      }
      expect(leaks).toEqual([])
      // The post step runs after any outcome and succeeds; a login it made is gone afterwards.
      expect({ exit: post?.exitCode, errors: post ? errorAnnotations(post) : [] }).toEqual({
        exit: 0,
        errors: []
      })
      // A step that got as far as logging in exports a Docker config.
      expect(config?.dir !== '').toBe(s.noLogin !== true)
      // Without one set by an earlier step it is the job's ~/.docker, whose config.json (none
      // before the step; none after a failed login) is private and gone after the post step
      // unless logout is false. An earlier step's Docker config is the user's: its mode and
      // lifetime are theirs.
      if (s.noLogin !== true && !config?.preset) {
        expect([0o600, undefined]).toContain(config?.mode)
        expect(config?.dir).toBe(join(config?.home ?? '', '.docker'))
        const kept = post?.stdout.includes('logout: false') ?? false
        expect(existsSync(join(config?.dir ?? '', 'config.json'))).toBe(kept)
      }
    },
    60_000
  )

  it.concurrent.each(cliScenarios.map(s => [s.name, s] as const))(
    '%s',
    async (_name, s) => {
      let stderr = ''
      const { exit, leaks } = await scenario(s, async c => {
        const options = s.cli!(c)
        const run = await runCliScenario(c.slug, options)
        stderr = run.stderr
        return { exit: run.code, traces: run.traces(), recording: options.path === undefined }
      })
      expect({ exit, leaks }).toEqual({ exit: s.exit, leaks: [] })
      const expected = expectationFor(s.name)
      // Every failure has its expected words; a success may have some (e.g. a notice).
      expect(s.exit === 0 || expected !== undefined).toBe(true)
      if (expected) {
        expect(stderr).toMatch(expected.says)
        if (expected.input) {
          const label = inputLabel(expected.input as InputName)
          expect(stderr).toContain(`error: ${label}: `)
        }
      }
    },
    60_000
  )
})
