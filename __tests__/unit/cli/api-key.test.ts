// The CLI's API-key settings: flags, OCIR_* and OCI_CLI_* variables, the key from a file or a
// variable (never a flag value), and how errors name them.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { apiKeySecrets, readApiKey } from '../../../src/cli/api-key.js'
import { parseCommandLine } from '../../../src/cli/args.js'
import type { Environment, RunRequest } from '../../../src/cli/args.js'
import { inputLabel } from '../../../src/cli/flags.js'
import { Inputs, withoutAuthToken } from '../../../src/common/constants.js'
import { formatError, InputError } from '../../../src/common/errors.js'
import {
  FingerprintMismatchError,
  OciClockSkewError,
  OciNotAuthorizedOrNotFoundError,
  PassphraseRequiredError
} from '../../../src/oci/index.js'

const PEM =
  '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\nBKcwggSjAgEAAoIBAQC7\n-----END PRIVATE KEY-----\n'

function run(argv: string[], env: Environment = {}): RunRequest {
  const invocation = parseCommandLine(argv, env)
  if (invocation.kind !== 'run') throw new Error(`expected a run, got ${invocation.kind}`)
  return invocation.request
}

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cli-api-key-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

describe('API-key flags', () => {
  it('reads --auth, the OCIDs, fingerprint, key file and the repository settings', () => {
    const request = run([
      'push',
      '--auth',
      'api-key',
      '--tenancy-ocid',
      'ocid1.tenancy.oc1..t',
      '--user-ocid',
      'ocid1.user.oc1..u',
      '--fingerprint',
      'aa:bb',
      '--private-key-file',
      '/keys/oci.pem',
      '--compartment',
      'ocid1.compartment.oc1..c',
      '--repository-visibility',
      'public',
      '--immutable'
    ])
    expect(request.settings).toMatchObject({
      auth: 'api-key',
      compartment: 'ocid1.compartment.oc1..c',
      repositoryVisibility: 'public',
      immutable: true
    })
    expect(request.apiKey).toEqual({
      tenancyOcid: 'ocid1.tenancy.oc1..t',
      userOcid: 'ocid1.user.oc1..u',
      fingerprint: 'aa:bb',
      privateKeyFile: '/keys/oci.pem'
    })
  })

  it('falls back to OCIR_* and then to the OCI CLI variables, region included with api-key', () => {
    const env = {
      OCIR_AUTH: 'api-key',
      OCIR_TENANCY_OCID: 'ocid1.tenancy.oc1..mine',
      OCI_CLI_TENANCY: 'ocid1.tenancy.oc1..cli',
      OCI_CLI_USER: 'ocid1.user.oc1..cli',
      OCI_CLI_FINGERPRINT: 'cc:dd',
      OCI_CLI_REGION: 'eu-frankfurt-1',
      OCIR_IMMUTABLE: 'true'
    }
    const request = run(['push'], env)
    expect(request.apiKey).toMatchObject({
      tenancyOcid: 'ocid1.tenancy.oc1..mine',
      userOcid: 'ocid1.user.oc1..cli',
      fingerprint: 'cc:dd'
    })
    expect(request.settings).toMatchObject({ region: 'eu-frankfurt-1', immutable: true })
    // An auth-token run keeps its region its own.
    expect(run(['push'], { OCI_CLI_REGION: 'eu-frankfurt-1' }).settings.region).toBe('')
  })

  it('has no flag that takes the key or the passphrase itself', () => {
    expect(() => run(['push', '--private-key', PEM])).toThrow(/unknown flag --private-key/)
    expect(() => run(['push', '--private-key-passphrase', 'x'])).toThrow(
      /--private-key-passphrase is refused: a secret on the command line/
    )
  })

  it('names the key and passphrase by where they come from', () => {
    expect(inputLabel(Inputs.PrivateKey)).toBe('--private-key-file (or OCIR_PRIVATE_KEY)')
    expect(inputLabel(Inputs.PrivateKeyPassphrase)).toBe(
      'OCIR_PRIVATE_KEY_PASSPHRASE (or OCI_CLI_PASSPHRASE)'
    )
    expect(inputLabel(Inputs.Fingerprint)).toBe('--fingerprint')
  })
})

describe('readApiKey', () => {
  const ids = { tenancyOcid: 't', userOcid: 'u', fingerprint: 'f', privateKeyFile: '' }

  it('reads --private-key-file before any variable', async () => {
    const file = join(dir, 'key.pem')
    writeFileSync(file, PEM)
    const key = await readApiKey(
      { apiKey: { ...ids, privateKeyFile: file } },
      { OCIR_PRIVATE_KEY: 'other', OCI_CLI_KEY_CONTENT: 'other' },
      dir
    )
    expect(key.privateKeyPem).toBe(PEM)
  })

  it('then OCIR_PRIVATE_KEY, OCI_CLI_KEY_CONTENT, and OCI_CLI_KEY_FILE with ~ as home', async () => {
    writeFileSync(join(dir, 'oci.pem'), PEM)
    const read = (env: Environment) => readApiKey({ apiKey: ids }, env, dir)
    expect((await read({ OCIR_PRIVATE_KEY: 'a', OCI_CLI_KEY_CONTENT: 'b' })).privateKeyPem).toBe(
      'a'
    )
    expect(
      (await read({ OCI_CLI_KEY_CONTENT: 'b', OCI_CLI_KEY_FILE: '~/oci.pem' })).privateKeyPem
    ).toBe('b')
    expect((await read({ OCI_CLI_KEY_FILE: '~/oci.pem' })).privateKeyPem).toBe(PEM)
  })

  it('takes the passphrase from OCIR_PRIVATE_KEY_PASSPHRASE, else OCI_CLI_PASSPHRASE', async () => {
    const read = (env: Environment) =>
      readApiKey({ apiKey: ids }, { OCIR_PRIVATE_KEY: PEM, ...env }, dir)
    expect(
      (await read({ OCIR_PRIVATE_KEY_PASSPHRASE: 'p1', OCI_CLI_PASSPHRASE: 'p2' })).passphrase
    ).toBe('p1')
    expect((await read({ OCI_CLI_PASSPHRASE: 'p2' })).passphrase).toBe('p2')
    expect(await read({})).not.toHaveProperty('passphrase')
  })

  it('fails naming the key input when the file cannot be read', async () => {
    const error = await readApiKey(
      { apiKey: { ...ids, privateKeyFile: join(dir, 'missing.pem') } },
      {},
      dir
    ).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(InputError)
    expect(error).toMatchObject({ input: 'private-key', message: expect.stringMatching(/ENOENT/) })
  })

  it('masks the PEM whole and line by line, and the passphrase', () => {
    expect(apiKeySecrets({ ...ids, privateKeyPem: PEM, passphrase: 'pw' })).toEqual([
      PEM,
      'MIIEvQIBADANBgkqhkiG9w0BAQEFAASC',
      'BKcwggSjAgEAAoIBAQC7',
      'pw'
    ])
  })
})

describe('child environments', () => {
  it('never carry the key, the passphrase or the token, whatever their spelling', () => {
    const secret = {
      'INPUT_PRIVATE-KEY': PEM,
      INPUT_PRIVATE_KEY: PEM,
      'INPUT_PRIVATE-KEY-PASSPHRASE': 'p',
      INPUT_PRIVATE_KEY_PASSPHRASE: 'p',
      'INPUT_AUTH-TOKEN': 't',
      INPUT_AUTH_TOKEN: 't',
      OCIR_AUTH_TOKEN: 't',
      OCIR_PRIVATE_KEY: PEM,
      OCIR_PRIVATE_KEY_PASSPHRASE: 'p',
      OCI_CLI_KEY_CONTENT: PEM,
      OCI_CLI_PASSPHRASE: 'p'
    }
    expect(withoutAuthToken({ ...secret, PATH: '/bin', OCI_CLI_KEY_FILE: '/k.pem' })).toEqual({
      PATH: '/bin',
      OCI_CLI_KEY_FILE: '/k.pem'
    })
  })
})

describe('API-key failures as the faces word them', () => {
  it('name the flag or variable at fault, with the fix', () => {
    const mismatch = new FingerprintMismatchError('aa:bb', 'cc:dd')
    expect(formatError(mismatch, inputLabel)).toMatch(
      /^--fingerprint: fingerprint aa:bb is not the fingerprint of private-key \(cc:dd\)\nFix: Set fingerprint to cc:dd/
    )
    expect(formatError(new PassphraseRequiredError(), inputLabel)).toMatch(
      /^OCIR_PRIVATE_KEY_PASSPHRASE \(or OCI_CLI_PASSPHRASE\): private-key is encrypted/
    )
    expect(formatError(new PassphraseRequiredError())).toMatch(
      /^input 'private-key-passphrase': private-key is encrypted/
    )
  })

  it('state the clock skew and quote the policy statement that is missing', () => {
    const facts = {
      method: 'GET',
      url: 'https://objectstorage.eu-frankfurt-1.oraclecloud.com/n/',
      status: 401,
      code: 'NotAuthenticated',
      serviceMessage: "Date '…' is not within allowed clock skew"
    }
    expect(formatError(new OciClockSkewError(facts, 600))).toMatch(
      /the local clock is 10 min 0 s behind OCI's[\s\S]*Fix: Synchronise this machine's clock \(NTP\)/
    )
    const denied = new OciNotAuthorizedOrNotFoundError(
      { ...facts, status: 404, code: 'NotAuthorizedOrNotFound' },
      {
        what: 'read the tenancy namespace',
        policy: 'Allow group <group> to read objectstorage-namespaces in tenancy'
      }
    )
    expect(formatError(denied)).toMatch(
      /OCI refused to read the tenancy namespace[\s\S]*'Allow group <group> to read objectstorage-namespaces in tenancy'/
    )
  })
})
