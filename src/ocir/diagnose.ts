import type { CertificateProblem } from '../common/certificate.js'
import { withoutSecrets } from '../common/text.js'
import type { InputName } from '../common/constants.js'
import { Inputs } from '../common/constants.js'
import { DockerError, RegistryError } from '../common/errors.js'

/**
 * OCIR's and Docker's own errors rarely say what to change (`denied: Anonymous users are
 * only allowed read access on public repos` means "that was not an auth token"). These
 * functions turn what they said into one message naming the input at fault and the fix,
 * and keep their words, with every secret removed, in `detail`.
 */

/** Where a failure happened and with which settings; nothing here may be secret. */
export interface FailureContext {
  /** The registry host as logged into: `fra.ocir.io`, `127.0.0.1:5000`. */
  host: string
  /** The qualified username. */
  username?: string
  namespace?: string
  /** The repository under the namespace: `project/app`. */
  repository?: string
  /** The input the host came from: `registry` when it was given, else `region` (default). */
  hostInput?: typeof Inputs.Region | typeof Inputs.Registry
  /** Values never to show (the auth token), also in URL-encoded and base64 `user:token` form. */
  secrets?: readonly string[]
  /** How many attempts were made before giving up, for throttling and server errors. */
  attempts?: number
}

/** What the registry answered over HTTP. */
export interface RegistryFailure extends FailureContext {
  /** `token`: the Bearer token endpoint; `ping`: `GET /v2/`; `login`: any sign-in step. */
  phase: 'login' | 'token' | 'ping' | 'push' | 'pull'
  status?: number
  /** Distribution error code (`DENIED`, `NAME_UNKNOWN`, …), when already parsed. */
  code?: string
  /** The response body (a distribution `{"errors": […]}` document is read) or message text. */
  message?: string
}

/**
 * The causes the diagnosis tells apart, as the Docker CLI seam types them: the binary is
 * missing, the engine is unreachable, the command failed, or a push named no digest.
 */
export type DockerFailureReason = 'not-installed' | 'daemon-unreachable' | 'failed' | 'no-digest'

/** What a Docker CLI command printed when it failed. */
export interface DockerFailure extends FailureContext {
  /** The docker subcommand: `login`, `push`, `tag`, `image inspect`, … */
  command: string
  stderr: string
  exitCode?: number
  /** Set when the docker executable could not be started (`ENOENT`: not installed). */
  spawnErrorCode?: string
  /** The cause as the Docker CLI seam typed it. */
  reason?: DockerFailureReason
  /** The engine docker tried to reach (`DOCKER_HOST`); undefined for the default socket. */
  dockerHost?: string
}

/** What a rule concludes; the error class depends on who reported the failure. */
interface Diagnosis {
  message: string
  fix: string
  input?: InputName
}

interface Facts {
  context: FailureContext
  /** What was being done, for messages: `Logging in to fra.ocir.io`. */
  doing: string
  /** Everything the other side said, secrets removed, on one string for matching. */
  text: string
  status?: number
  codes: string[]
  /** For Docker failures: the spawn error code, the typed cause, the engine's address. */
  spawnErrorCode?: string
  dockerReason?: DockerFailureReason
  dockerHost?: string
  /** For requests without an answer: Node's error code (`ECONNREFUSED`, …). */
  networkCode?: string
  /** For requests without an answer: nothing moved for the stall timeout. */
  stalled?: boolean
  /** For requests without an answer: the TLS handshake refused this certificate. */
  certificate?: RefusedCertificate
}

interface Rule {
  name: string
  matches(facts: Facts): RegExpExecArray | boolean | null
  diagnose(facts: Facts, match: RegExpExecArray | null): Diagnosis
}

const NO_DOCKER_NEEDED =
  "An image given as 'oci:<dir>' (OCI layout) or 'docker-archive:<file>' (docker save) is pushed without Docker."
const FIND_NAMESPACE =
  "Console → Profile menu → Tenancy → Object Storage namespace, or 'oci os ns get'"
const AUTH_TOKEN_HOW =
  'Console → Profile menu → My profile → Auth tokens → Generate token; the console password does not work here'
const PROGRESS_LINE =
  /^([0-9a-f]{12}: (Preparing|Waiting|Pushing|Pushed|Layer already exists|Retrying in .*|Mounted from .*)|The push refers to repository .*)$/

function saying(pattern: RegExp): (facts: Facts) => RegExpExecArray | null {
  return facts => pattern.exec(facts.text)
}

/** Node's error code of a request without an answer, else the other side's words. */
function networkCodeOrText(codes: RegExp, pattern: RegExp): Rule['matches'] {
  return facts =>
    (facts.networkCode !== undefined && codes.test(facts.networkCode)) || pattern.exec(facts.text)
}

function codeOrText(codes: string[], pattern: RegExp): Rule['matches'] {
  return facts => facts.codes.some(c => codes.includes(c)) || pattern.exec(facts.text)
}

function repositoryPath(context: FailureContext): string {
  return [context.namespace, context.repository].filter(Boolean).join('/') || 'the repository'
}

function usernameFormats(context: FailureContext): string {
  const ns = context.namespace || '<namespace>'
  return `'${ns}/<user>', '${ns}/oracleidentitycloudservice/<user>' (federated users) or '${ns}/<identity-domain>/<user>'`
}

function hostInput(context: FailureContext): InputName {
  return context.hostInput ?? Inputs.Region
}

function retried(context: FailureContext): string {
  return context.attempts && context.attempts > 1 ? ` after ${context.attempts} attempts` : ''
}

/** Ordered: the first rule that matches decides. Specific OCIR wording comes before codes. */
const RULES: Rule[] = [
  {
    name: 'docker-not-installed',
    matches: facts =>
      facts.dockerReason === 'not-installed' ||
      facts.spawnErrorCode === 'ENOENT' ||
      /docker: (command )?not found|executable file not found/i.test(facts.text),
    diagnose: () => ({
      message: "Docker is not installed: no 'docker' executable on PATH",
      fix: `Install Docker (the client and a running engine) on this machine. ${NO_DOCKER_NEEDED}`
    })
  },
  {
    name: 'docker-not-startable',
    matches: facts => facts.spawnErrorCode !== undefined,
    diagnose: facts => ({
      message: `Docker could not be started (${facts.spawnErrorCode})`,
      fix: `Check that the docker executable can be run by this user. ${NO_DOCKER_NEEDED}`
    })
  },
  {
    name: 'docker-permission',
    matches: saying(/permission denied while trying to connect to the Docker daemon/i),
    diagnose: () => ({
      message: 'Docker is installed and running, but this user may not use its engine',
      fix: `Add the user to the 'docker' group (or run where the Docker socket is accessible). ${NO_DOCKER_NEEDED}`
    })
  },
  {
    name: 'docker-not-running',
    matches: facts =>
      facts.dockerReason === 'daemon-unreachable' ||
      /Cannot connect to the Docker daemon|Is the docker daemon running|error during connect|dial unix \S+: connect: (no such file or directory|connection refused)/i.test(
        facts.text
      ),
    diagnose: facts => ({
      message: facts.dockerHost
        ? `Docker is installed but its engine is not running at ${facts.dockerHost} (DOCKER_HOST)`
        : 'Docker is installed but its engine is not running (or not where DOCKER_HOST points)',
      fix: `Start the Docker engine (e.g. 'sudo systemctl start docker', or Docker Desktop), or set DOCKER_HOST to a running one. ${NO_DOCKER_NEEDED}`
    })
  },
  {
    name: 'docker-no-digest',
    matches: facts => facts.dockerReason === 'no-digest',
    diagnose: () => ({
      message: 'docker push finished without reporting the digest it pushed',
      fix: "Check that the Docker client and engine are a supported version ('docker version')."
    })
  },
  {
    name: 'config-not-writable',
    matches: saying(
      /error saving credentials|(open|mkdir|rename|write) [^:\n]+: (permission denied|read-only file system)/i
    ),
    diagnose: () => ({
      message: 'Docker could not store the login in its configuration directory',
      fix: 'Point DOCKER_CONFIG at a directory this user can write (the job-scoped one under the runner temp directory is).'
    })
  },
  {
    name: 'image-not-found',
    matches: saying(
      /No such image: ?(\S+)|An image does not exist locally with the tag: ?(\S+)|No such object: ?(\S+)|reference does not exist/i
    ),
    diagnose: (_facts, match) => {
      const image = match?.slice(1).find(Boolean)
      return {
        input: Inputs.Image,
        message: `the image ${image ? `'${image}' ` : ''}is not in the local Docker engine`,
        fix: "Build or pull the image in an earlier step (on the same machine), and check its name and tag with 'docker images'."
      }
    }
  },
  {
    name: 'invalid-reference',
    matches: saying(/invalid reference format/i),
    diagnose: () => ({
      input: Inputs.Image,
      message: 'Docker refused an image reference as malformed',
      fix: "Check image (e.g. 'app:1.0'), repository (lower case, e.g. 'project/app') and the tags."
    })
  },
  {
    name: 'tenant-not-found',
    matches: saying(/Tenant with namespace '?([^'\s]+?)'? (was )?not found/i),
    diagnose: ({ context }, match) => {
      const named = match?.[1] ?? ''
      const fromUsername = context.namespace !== undefined && named !== context.namespace
      return {
        input: fromUsername ? Inputs.Username : Inputs.Namespace,
        message: `no tenancy has the namespace '${named}'${fromUsername ? ' (from the username)' : ''}`,
        fix: `Use the tenancy's Object Storage namespace (${FIND_NAMESPACE}), not the tenancy name; it is lower case, like 'axaxnpcrorw5'.${fromUsername ? ` Write username as ${usernameFormats(context)}, or just the user name.` : ''}`
      }
    }
  },
  {
    name: 'anonymous',
    matches: saying(
      /Anonymous users are only allowed read access|anonymous access is not allowed/i
    ),
    diagnose: ({ context, doing }) => ({
      input: Inputs.AuthToken,
      message: `${doing} failed: the registry took the request as anonymous, so the credentials were not accepted or not sent`,
      fix: `Use an auth token (${AUTH_TOKEN_HOW}), username ${usernameFormats(context)}, and log in to exactly '${context.host}', the host in the image reference.`
    })
  },
  {
    name: 'iam-denied',
    matches: saying(/cannot (\w+) on resource (\S+)/i),
    diagnose: ({ context, doing }, match) => ({
      input: Inputs.Repository,
      message: `${doing} failed: the user may not ${match?.[1] ?? 'do that'} on ${match?.[2] ?? repositoryPath(context)}`,
      fix: denyFix(context)
    })
  },
  {
    name: 'unauthorized',
    matches: facts =>
      facts.status === 401 ||
      facts.codes.includes('UNAUTHORIZED') ||
      /\bunauthorized\b|incorrect username or password|authentication required|status: 401\b|invalid username\/password/i.test(
        facts.text
      ),
    diagnose: ({ context, doing }) => {
      const unqualified =
        context.username !== undefined &&
        context.namespace !== undefined &&
        !context.username.startsWith(`${context.namespace}/`)
      return unqualified
        ? {
            input: Inputs.Username,
            message: `${doing} failed: username '${context.username}' does not start with the namespace '${context.namespace}/'`,
            fix: `Write username as ${usernameFormats(context)}.`
          }
        : {
            input: Inputs.AuthToken,
            message: `${doing} failed: the registry did not accept ${context.username ? `username '${context.username}'` : 'the username'} with this auth token`,
            fix: `Check that auth-token is an auth token of that user (${AUTH_TOKEN_HOW}; a deleted token stops working), and that the username is ${usernameFormats(context)}.`
          }
    }
  },
  {
    name: 'name-unknown',
    matches: codeOrText(['NAME_UNKNOWN'], /name unknown|repository name not known/i),
    diagnose: ({ context, doing }) => ({
      input: Inputs.Repository,
      message: `${doing} failed: repository '${repositoryPath(context)}' does not exist and was not created by the push`,
      fix: `Create it (Console → Developer Services → Container Registry → Create repository) in the compartment you want, or let the tenancy create repositories on first push (root compartment only). ${denyFix(context)}`
    })
  },
  {
    name: 'denied',
    matches: facts =>
      facts.status === 403 || facts.codes.includes('DENIED') || /\bdenied\b/i.test(facts.text),
    diagnose: ({ context, doing }) => ({
      input: Inputs.Repository,
      message: `${doing} failed: the user may not push to '${repositoryPath(context)}'`,
      fix: denyFix(context)
    })
  },
  {
    // Go's net/http (docker-registry, most registries) answers plain HTTP on a TLS port so.
    name: 'https-only',
    matches: saying(/Client sent an HTTP request to an HTTPS server/i),
    diagnose: ({ context }) => ({
      input: Inputs.Registry,
      message: `'${context.host}' speaks HTTPS, not plain HTTP`,
      fix: `Write registry: 'https://${context.host}': a loopback host (127.0.0.1, localhost) is spoken to in plain HTTP unless registry says https://.`
    })
  },
  {
    name: 'name-invalid',
    matches: codeOrText(['NAME_INVALID'], /name invalid|invalid repository name/i),
    diagnose: ({ context }) => ({
      input: Inputs.Repository,
      message: `the registry refused the repository name '${repositoryPath(context)}'`,
      fix: "Use lower-case path components of letters and digits, separated by '.', '_' or '-', e.g. 'project/app'."
    })
  },
  {
    name: 'tag-invalid',
    matches: codeOrText(['TAG_INVALID'], /tag invalid/i),
    diagnose: () => ({
      input: Inputs.Tags,
      message: 'the registry refused a tag',
      fix: "Tags are 1 to 128 letters, digits, '_', '.' or '-', not starting with '.' or '-'; change the tag rule."
    })
  },
  {
    name: 'manifest-invalid',
    matches: codeOrText(
      ['MANIFEST_INVALID', 'MANIFEST_BLOB_UNKNOWN'],
      /manifest invalid|manifest blob unknown/i
    ),
    diagnose: ({ doing }) => ({
      input: Inputs.Image,
      message: `${doing} failed: the registry refused the image manifest`,
      fix: 'OCIR takes Docker v2 schema 2 and OCI manifests and indexes whose layers were pushed first; rebuild the image (or re-export the layout or archive) and push again.'
    })
  },
  {
    name: 'blob-upload',
    matches: codeOrText(
      [
        'BLOB_UNKNOWN',
        'BLOB_UPLOAD_UNKNOWN',
        'BLOB_UPLOAD_INVALID',
        'DIGEST_INVALID',
        'SIZE_INVALID'
      ],
      /blob unknown|blob upload (unknown|invalid)|digest invalid|digest did not match/i
    ),
    diagnose: ({ doing }) => ({
      message: `${doing} failed: a layer upload was lost or corrupted on the way`,
      fix: 'Run again; if it repeats, check for a proxy that alters or truncates uploads.'
    })
  },
  {
    name: 'too-many-requests',
    matches: facts =>
      facts.status === 429 ||
      facts.codes.includes('TOOMANYREQUESTS') ||
      /too ?many ?requests/i.test(facts.text),
    diagnose: ({ context, doing }) => ({
      message: `${doing} failed: the registry kept throttling requests${retried(context)}`,
      fix: 'Run again in a few minutes, or push fewer images at the same time to this tenancy and region.'
    })
  },
  {
    name: 'server-error',
    matches: facts =>
      (facts.status !== undefined && facts.status >= 500) ||
      /unexpected HTTP status: 5\d\d|\b5\d\d (Internal Server Error|Bad Gateway|Service Unavailable|Gateway Time-?out)\b/i.test(
        facts.text
      ),
    diagnose: ({ context, doing }) => ({
      message: `${doing} failed: the registry answered with server errors${retried(context)}`,
      fix: 'This is on the registry side: run again later, and check https://ocistatus.oraclecloud.com for the region.'
    })
  },
  {
    name: 'dns',
    matches: networkCodeOrText(
      /^(ENOTFOUND|EAI_AGAIN|EAI_NONAME)$/,
      /no such host|Temporary failure in name resolution|server misbehaving/i
    ),
    diagnose: ({ context }) => ({
      input: hostInput(context),
      message: `the registry host '${context.host}' cannot be resolved (DNS)`,
      fix:
        hostInput(context) === Inputs.Registry
          ? `Check registry for typos (e.g. 'fra.ocir.io'), and that this machine has DNS and network access.`
          : `Check region and that this machine can resolve public names (DNS, proxy); the host is derived from region.`
    })
  },
  {
    name: 'untrusted-certificate',
    matches: facts => facts.certificate !== undefined,
    diagnose: ({ context, certificate }) => certificateDiagnosis(context, certificate!)
  },
  {
    name: 'plain-http',
    matches: networkCodeOrText(
      /^ERR_SSL_WRONG_VERSION_NUMBER$/,
      /server gave HTTP response to HTTPS client|wrong version number/i
    ),
    diagnose: ({ context }) => ({
      input: Inputs.Registry,
      message: `'${context.host}' speaks plain HTTP, not HTTPS`,
      fix: `Use the registry's HTTPS host. One that speaks only plain HTTP needs registry: 'http://${context.host}' (loopback hosts, 127.0.0.1 and localhost, get plain HTTP unless registry says https://); the credentials then travel in clear text.`
    })
  },
  {
    name: 'tls',
    matches: networkCodeOrText(
      /CERT|^ERR_TLS|^ERR_SSL|SELF_SIGNED|^UNABLE_TO_|^EPROTO$/,
      /x509:|tls: |certificate/i
    ),
    diagnose: ({ context }) => ({
      input: hostInput(context),
      message: `the TLS connection to '${context.host}' failed (the certificate was not trusted or did not match)`,
      fix: `Check the host name in ${hostInput(context)}. Behind a TLS-inspecting proxy, add its CA: NODE_EXTRA_CA_CERTS=<ca.pem> for this tool, and /etc/docker/certs.d/${context.host}/ca.crt for Docker.`
    })
  },
  {
    name: 'refused',
    matches: networkCodeOrText(/^ECONNREFUSED$/, /connection refused/i),
    diagnose: ({ context }) => ({
      input: hostInput(context),
      message: `nothing accepts connections at '${context.host}'`,
      fix: `Check the host and port in ${hostInput(context)}, and any proxy or firewall between this machine and the registry.`
    })
  },
  {
    name: 'timeout',
    matches: facts =>
      facts.stalled === true ||
      networkCodeOrText(
        /^(ETIMEDOUT|UND_ERR_\w*TIMEOUT)$/,
        /i\/o timeout|Client\.Timeout exceeded|TLS handshake timeout|context deadline exceeded/i
      )(facts),
    diagnose: ({ context }) => ({
      message: `the registry '${context.host}' did not answer in time${retried(context)}`,
      fix: 'Check the network path to the registry (proxy settings HTTPS_PROXY/NO_PROXY, firewall), then run again.'
    })
  },
  {
    name: 'unreachable',
    matches: networkCodeOrText(
      /^(EHOSTUNREACH|ENETUNREACH)$/,
      /network is unreachable|no route to host/i
    ),
    diagnose: ({ context }) => ({
      message: `this machine has no network route to '${context.host}'`,
      fix: 'Check the network access of this machine (proxy HTTPS_PROXY, firewall, VPN).'
    })
  },
  {
    name: 'connection-cut',
    matches: networkCodeOrText(
      /^(ECONNRESET|EPIPE|ECONNABORTED|UND_ERR_SOCKET)$/,
      /connection reset|broken pipe|unexpected EOF|socket hang up|other side closed/i
    ),
    diagnose: ({ context }) => ({
      message: `the connection to '${context.host}' was cut${retried(context)}`,
      fix: 'Run again; if it repeats, check for a proxy or firewall that drops long uploads.'
    })
  }
]

function denyFix(context: FailureContext): string {
  return `Grant the user's group an IAM policy such as 'Allow group <group> to manage repos in compartment <compartment>' ('use repos' is enough to push to an existing repository). A push can create a missing repository only in the root compartment, and only if the user may manage repos in the tenancy; otherwise create '${repositoryPath(context)}' first in the right compartment.`
}

/** A certificate the TLS handshake refused: whose, why, and Node's code for it. */
export interface RefusedCertificate {
  /** `host[:port]` that presented it: the registry, or its token realm. */
  host: string
  problem: CertificateProblem
  code: string
}

const CERTIFICATE_WORDS: Record<CertificateProblem, string> = {
  'unknown-issuer': 'it is signed by a certificate authority this machine does not trust',
  'self-signed': 'it is self-signed, and this machine does not trust it',
  expired: 'it has expired',
  'not-yet-valid': 'it is not valid yet',
  'wrong-host': 'it is not made out to that host name',
  revoked: 'it has been revoked',
  invalid: 'it does not pass verification'
}

function certificateDiagnosis(context: FailureContext, refused: RefusedCertificate): Diagnosis {
  const { host, problem, code } = refused
  const message = `the certificate of '${host}' is not trusted: ${CERTIFICATE_WORDS[problem]} (${code})`
  switch (problem) {
    case 'unknown-issuer':
    case 'self-signed':
      return {
        message,
        fix: `If '${host}' uses a private CA (or a TLS-inspecting proxy sits in between), make this tool trust that CA: set NODE_EXTRA_CA_CERTS=<path to the CA's PEM> (for a self-signed certificate, the certificate itself) in the environment it starts with (in a workflow, the step's env), or add the CA to the runner's trust store and set NODE_OPTIONS=--use-openssl-ca (Node reads that store only then). Docker's engine (for images in it, and later pulls) reads /etc/docker/certs.d/${host}/ca.crt instead. Never turn verification off.`
      }
    case 'wrong-host':
      return {
        input: hostInput(context),
        message,
        fix: `Use a host name the certificate is made out to in ${hostInput(context)} (OCIR's are '<key>.ocir.io' and 'ocir.<region>.oci.<realm domain>'); behind a TLS-inspecting proxy, its certificate must name '${host}' too.`
      }
    case 'expired':
    case 'not-yet-valid':
      return {
        message,
        fix: `Check this machine's clock ('date -u'); if it is right, whoever runs '${host}' must renew its certificate.`
      }
    case 'revoked':
    case 'invalid':
      return {
        message,
        fix: `Whoever runs '${host}' must replace its certificate; behind a TLS-inspecting proxy, check the certificate the proxy presents.`
      }
  }
}

function doingFor(phase: RegistryFailure['phase'] | string, context: FailureContext): string {
  switch (phase) {
    case 'login':
    case 'token':
    case 'ping':
      return `Logging in to ${context.host}`
    case 'push':
      return `Pushing to ${context.host}/${repositoryPath(context)}`
    case 'pull':
      return `Reading ${context.host}/${repositoryPath(context)}`
    default:
      return `docker ${phase}`
  }
}

/** `text` with every form of every secret in `context` replaced by `***`. */
export function redactSecrets(
  text: string,
  context: Pick<FailureContext, 'secrets' | 'username'>
): string {
  return withoutSecrets(text, context.secrets ?? [], context.username)
}

/** A distribution `{"errors":[{code,message}]}` body as codes and words; other text as is. */
function readBody(body: string): { codes: string[]; words: string } {
  try {
    const parsed = JSON.parse(body) as { errors?: Array<{ code?: unknown; message?: unknown }> }
    if (Array.isArray(parsed.errors)) {
      const errors = parsed.errors.map(e => ({
        code: typeof e.code === 'string' ? e.code.toUpperCase() : '',
        message: typeof e.message === 'string' ? e.message : ''
      }))
      return {
        codes: errors.map(e => e.code).filter(Boolean),
        words: errors.map(e => [e.code, e.message].filter(Boolean).join(': ')).join('; ')
      }
    }
  } catch {
    // Not JSON: the body is the registry's words as they are.
  }
  return { codes: [], words: body.trim() }
}

/** Docker's output without layer progress lines, the last lines kept when it is long. */
function dockerWords(stderr: string): string {
  const lines = stderr
    .split(/\r?\n/)
    .map(line => line.trim())
    .filter(line => line !== '' && !PROGRESS_LINE.test(line))
  return lines.slice(-10).join('\n')
}

const MAX_DETAIL = 2000

function decide(facts: Facts, fallback: Diagnosis): Diagnosis {
  for (const rule of RULES) {
    const match = rule.matches(facts)
    if (match) return rule.diagnose(facts, typeof match === 'object' ? match : null)
  }
  return fallback
}

function unrecognised(facts: Facts): Diagnosis {
  return {
    message: `${facts.doing} failed${facts.status ? ` (HTTP ${facts.status})` : ''}`,
    fix: 'The message below is what the other side said; run again with debug logging for the full exchange.'
  }
}

function finish(
  diagnosis: Diagnosis,
  detail: string,
  context: FailureContext
): { message: string; fix: string; input?: InputName; detail?: string } {
  const clean = (s: string) => redactSecrets(s, context)
  const words = clean(detail)
  return {
    message: clean(diagnosis.message),
    fix: clean(diagnosis.fix),
    ...(diagnosis.input ? { input: diagnosis.input } : {}),
    ...(words
      ? { detail: words.length > MAX_DETAIL ? `${words.slice(0, MAX_DETAIL)}…` : words }
      : {})
  }
}

/** What an HTTP answer from the registry means for the user. */
export function diagnoseRegistryFailure(failure: RegistryFailure): RegistryError {
  const body = readBody(redactSecrets(failure.message ?? '', failure))
  const codes = failure.code ? [failure.code.toUpperCase(), ...body.codes] : body.codes
  const facts: Facts = {
    context: failure,
    doing: doingFor(failure.phase, failure),
    text: body.words,
    status: failure.status,
    codes
  }
  const { message, ...details } = finish(decide(facts, unrecognised(facts)), body.words, failure)
  return new RegistryError(message, { ...details, status: failure.status, code: codes[0] })
}

/** What a failed Docker CLI command (its stderr, or a failure to start it) means. */
export function diagnoseDockerFailure(failure: DockerFailure): DockerError {
  const words = dockerWords(redactSecrets(failure.stderr, failure))
  const facts: Facts = {
    context: failure,
    doing: doingFor(failure.command, failure),
    text: words,
    codes: [],
    spawnErrorCode: failure.spawnErrorCode,
    dockerReason: failure.reason,
    dockerHost: failure.dockerHost
  }
  const { message, ...details } = finish(decide(facts, unrecognised(facts)), words, failure)
  return new DockerError(message, details)
}

/** The codes and messages of an error and its causes (fetch wraps the socket's error). */
function errorChain(error: unknown): string[] {
  const parts: string[] = []
  const seen = new Set<unknown>()
  for (let current = error; current !== undefined && current !== null && !seen.has(current);) {
    seen.add(current)
    if (current instanceof Error || typeof current === 'object') {
      const { code, name, message } = current as {
        code?: unknown
        name?: unknown
        message?: unknown
      }
      for (const part of [code, name, message]) if (typeof part === 'string') parts.push(part)
      current = (current as { cause?: unknown }).cause
    } else {
      parts.push(String(current))
      current = undefined
    }
  }
  return parts
}

/** What is known of a request that got no answer, from the error's fields. */
export interface NetworkFacts {
  /** Node's error code: `ECONNREFUSED`, `ENOTFOUND`, `CERT_HAS_EXPIRED`, … */
  code?: string
  /** The connection moved no byte for the stall timeout. */
  stalled?: boolean
  /** The TLS handshake refused the server's certificate. */
  certificate?: RefusedCertificate
}

/** The first Node error code in the cause chain; a `TimeoutError` (AbortSignal.timeout) is a stall. */
export function networkFacts(error: unknown): NetworkFacts {
  const facts: NetworkFacts = {}
  const seen = new Set<unknown>()
  for (
    let current = error;
    typeof current === 'object' && current !== null && !seen.has(current);
  ) {
    seen.add(current)
    const { code, name, cause } = current as { code?: unknown; name?: unknown; cause?: unknown }
    if (typeof code === 'string') facts.code ??= code
    if (name === 'TimeoutError') facts.stalled = true
    current = cause
  }
  return facts
}

/** What a request that got no HTTP answer at all (DNS, refused, TLS, reset, timeout) means. */
export function diagnoseNetworkError(
  error: unknown,
  host: string,
  context: Omit<FailureContext, 'host'> = {},
  network: NetworkFacts = networkFacts(error)
): RegistryError {
  const full = { ...context, host }
  const words = redactSecrets([...new Set(errorChain(error))].join(': '), full)
  const facts: Facts = {
    context: full,
    doing: `Connecting to ${host}`,
    text: words,
    codes: [],
    networkCode: network.code,
    stalled: network.stalled,
    certificate: network.certificate
  }
  const diagnosis = decide(facts, {
    input: hostInput(full),
    message: `the registry '${host}' could not be reached`,
    fix: `Check ${hostInput(full)} and the network access of this machine (proxy HTTPS_PROXY, firewall).`
  })
  const { message, ...details } = finish(diagnosis, words, full)
  return new RegistryError(message, { ...details, cause: error })
}
