import type { CertificateProblem } from '../common/certificate.js'
import { RegistryError } from '../common/errors.js'

/** What was being done: `ping` is `GET /v2/`, `token` the Bearer token endpoint, `login` the pre-flight check. */
export type RequestPhase = 'ping' | 'token' | 'login' | 'push' | 'pull'

/** The request a failure belongs to; the diagnosis above the registry words its message from it. */
export interface RequestContext {
  phase: RequestPhase
  /** Path under the host: `<namespace>/<repo>`. */
  repository?: string
}

/** What every failure of an exchange carries. `url` has no query: upload URLs hold opaque state. */
export interface RequestFacts extends RequestContext {
  method: string
  url: string
}

/** A request the registry side failed: it needs OCIR's wording, given above the registry layer. */
export abstract class RegistryRequestError extends Error {
  readonly phase: RequestPhase
  readonly repository?: string
  readonly method: string
  readonly url: string
  /** How many attempts were made, retries included; set when the retry loop gives up. */
  attempts = 1

  constructor(message: string, facts: RequestFacts, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause })
    this.name = new.target.name
    this.phase = facts.phase
    this.repository = facts.repository
    this.method = facts.method
    this.url = facts.url
  }
}

/** One `{code, message}` of a distribution `{"errors": […]}` body. */
export interface DistributionError {
  code: string
  message: string
}

const MAX_MESSAGE = 2000

/** The registry answered with a status the request does not accept. */
export class RegistryResponseError extends RegistryRequestError {
  readonly status: number
  readonly errors: DistributionError[]
  /** The registry's own words (the body as text), bounded. */
  readonly body: string
  readonly retryAfterMs?: number

  constructor(
    facts: RequestFacts,
    answer: { status: number; body: string; retryAfterMs?: number }
  ) {
    super(`${facts.method} ${facts.url}: HTTP ${answer.status}`, facts)
    this.status = answer.status
    this.body = answer.body.slice(0, MAX_MESSAGE)
    this.errors = distributionErrors(answer.body)
    this.retryAfterMs = answer.retryAfterMs
  }

  /** 5xx and 429: the registry may answer differently in a moment. */
  get transient(): boolean {
    return this.status >= 500 || this.status === 429
  }
}

/** A Bearer token lapsed under a streamed upload: the upload resumes with a new one. */
export class ExpiredTokenError extends RegistryResponseError {
  constructor(facts: RequestFacts) {
    super(facts, { status: 401, body: '' })
  }

  override get transient(): boolean {
    return true
  }
}

/**
 * No answer: refused, reset, DNS, or a TLS failure other than a refused certificate. `code` is
 * Node's (`ECONNREFUSED`, …).
 */
export class RegistryNetworkError extends RegistryRequestError {
  readonly code?: string

  constructor(facts: RequestFacts, cause: unknown) {
    const code = nodeErrorCode(cause)
    super(`${facts.method} ${facts.url}: ${describeCause(cause)}`, facts, cause)
    this.code = code
  }
}

/** Node's TLS error codes (OpenSSL's X509_V_ERR_* names, and Node's own host check) by problem. */
const CERTIFICATE_CODES: Readonly<Record<string, CertificateProblem>> = {
  UNABLE_TO_GET_ISSUER_CERT: 'unknown-issuer',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'unknown-issuer',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'unknown-issuer',
  SELF_SIGNED_CERT_IN_CHAIN: 'unknown-issuer',
  CERT_UNTRUSTED: 'unknown-issuer',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'self-signed',
  CERT_HAS_EXPIRED: 'expired',
  CERT_NOT_YET_VALID: 'not-yet-valid',
  ERR_TLS_CERT_ALTNAME_INVALID: 'wrong-host',
  HOSTNAME_MISMATCH: 'wrong-host',
  CERT_REVOKED: 'revoked',
  CERT_SIGNATURE_FAILURE: 'invalid',
  CERT_REJECTED: 'invalid',
  INVALID_CA: 'invalid',
  INVALID_PURPOSE: 'invalid',
  PATH_LENGTH_EXCEEDED: 'invalid',
  CERT_CHAIN_TOO_LONG: 'invalid',
  ERROR_IN_CERT_NOT_BEFORE_FIELD: 'invalid',
  ERROR_IN_CERT_NOT_AFTER_FIELD: 'invalid',
  UNABLE_TO_DECRYPT_CERT_SIGNATURE: 'invalid',
  UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY: 'invalid'
}

/** The certificate problem a Node error code names; undefined for any other failure. */
export function certificateProblem(code: string | undefined): CertificateProblem | undefined {
  return code !== undefined && Object.hasOwn(CERTIFICATE_CODES, code)
    ? CERTIFICATE_CODES[code]
    : undefined
}

/**
 * The TLS handshake refused the server's certificate (chosen by Node's error code, see
 * `certificateProblem`). Never retried: the same certificate is refused again.
 */
export class UntrustedCertificateError extends RegistryRequestError {
  /** `host[:port]` whose certificate was refused: the registry, or its token realm. */
  readonly host: string

  constructor(
    facts: RequestFacts,
    readonly code: string,
    readonly problem: CertificateProblem,
    cause: unknown
  ) {
    const host = new URL(facts.url).host
    // Node's own words ("unable to verify the first certificate") stay in the cause.
    super(
      `${facts.method} ${facts.url}: the certificate of ${host} was refused (${code})`,
      facts,
      cause
    )
    this.host = host
  }
}

/**
 * The socket moved no byte either way for the stall timeout, headers or body alike; or a small
 * answer (a token, an error body) trickled in and was not whole within it.
 */
export class StalledRequestError extends RegistryRequestError {
  constructor(
    facts: RequestFacts,
    readonly stallTimeoutMs: number,
    trickled = false
  ) {
    super(
      `${facts.method} ${facts.url}: ${trickled ? 'the answer was not whole after' : 'no byte moved for'} ${stallTimeoutMs} ms`,
      facts
    )
  }
}

/** The registry's answer is larger than any answer of its kind may be. */
export class ResponseTooLargeError extends RegistryError {
  constructor(
    readonly facts: RequestFacts,
    readonly limit: number
  ) {
    super(`${facts.method} ${facts.url}: the answer is larger than ${limit} bytes`, {
      fix: 'The host does not answer like a distribution registry; check the registry host (and any proxy in between).'
    })
  }
}

/** The registry broke the distribution protocol: no Location, no realm, no token. */
export class RegistryProtocolError extends RegistryError {
  constructor(
    readonly facts: RequestContext,
    message: string
  ) {
    super(message, {
      fix: 'The host does not follow the OCI distribution protocol; check the registry host.'
    })
  }
}

/** A Location or redirect would move the exchange from https to plain http. */
export class InsecureRedirectError extends RegistryError {
  constructor(
    readonly facts: RequestFacts,
    target: string
  ) {
    super(`${facts.method} ${facts.url}: refused to follow a redirect to plain http (${target})`, {
      fix: 'The registry (or a proxy) sent the client from HTTPS to plain HTTP; nothing was sent there. Check the registry host.'
    })
  }
}

/** Redirect after redirect: the registry (or a proxy) sends the request round in a loop. */
export class RedirectLoopError extends RegistryError {
  constructor(
    readonly facts: RequestFacts,
    hops: number
  ) {
    super(`${facts.method} ${facts.url}: redirect loop (more than ${hops} redirects)`, {
      fix: 'The registry (or a proxy in between) keeps redirecting the request; check the registry host and the proxy settings.'
    })
  }
}

/** A Location to something other than http(s) (`file:`, `ftp:`): no registry sends one. */
export class UnsupportedLocationError extends RegistryError {
  constructor(
    readonly facts: RequestFacts,
    protocol: string
  ) {
    super(`${facts.method} ${facts.url}: refused to follow a Location to a '${protocol}' URL`, {
      fix: 'The host sent the client to a URL that is not HTTP(S); nothing was read or sent there. Check the registry host.'
    })
  }
}

/** The answer's header block is larger than Node accepts (`HPE_HEADER_OVERFLOW`). */
export class ResponseHeadersTooLargeError extends RegistryError {
  constructor(readonly facts: RequestFacts) {
    super(
      `${facts.method} ${facts.url}: the answer's headers are larger than HTTP clients accept`,
      {
        fix: 'The host does not answer like a distribution registry; check the registry host (and any proxy in between).'
      }
    )
  }
}

/**
 * The Bearer challenge of an HTTPS registry names a token realm without TLS: the credentials
 * would go there in clear text.
 */
export class InsecureRealmError extends RegistryError {
  constructor(realm: URL) {
    super(
      `Signing in: refused to send the credentials to the token realm ${realm.origin}${realm.pathname}, which is not HTTPS`,
      {
        fix: "The registry (or a proxy in between) named a plain-http token endpoint for an HTTPS registry; nothing was sent there. Check the registry host and any proxy; OCIR's realm is https://<host>/20180419/docker/token."
      }
    )
  }
}

/**
 * The token realm sent the token request on to another origin: the credentials never go there,
 * so whatever it answers is no token for them.
 */
export class RealmRedirectError extends RegistryError {
  constructor(realm: URL, target: URL) {
    super(
      `Signing in: the token realm ${realm.origin}${realm.pathname} redirected to ${target.origin}${target.pathname}, where the credentials are not sent`,
      {
        fix: "The token endpoint (or a proxy in between) sends token requests to another host; no credentials went there. Check the registry host and any proxy; OCIR's realm is https://<host>/20180419/docker/token."
      }
    )
  }
}

/** The source's bytes are not the blob its digest names: retrying cannot help. */
export class UploadContentError extends RegistryError {}

function distributionErrors(body: string): DistributionError[] {
  try {
    const parsed = JSON.parse(body) as { errors?: Array<{ code?: unknown; message?: unknown }> }
    if (!Array.isArray(parsed.errors)) return []
    return parsed.errors.map(error => ({
      code: typeof error.code === 'string' ? error.code.toUpperCase() : '',
      message: typeof error.message === 'string' ? error.message : ''
    }))
  } catch {
    return []
  }
}

export function nodeErrorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | undefined)?.code
  return typeof code === 'string' ? code : undefined
}

function describeCause(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
