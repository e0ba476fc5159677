import { OcirPushError } from '../common/errors.js'
import type { ErrorDetails } from '../common/errors.js'
import type { InputName } from '../common/constants.js'

/**
 * The API-key settings an OCI failure can point at: action inputs, which the CLI shows as its
 * flags like any other input.
 */
export type ApiKeySetting = Extract<
  InputName,
  'private-key' | 'private-key-passphrase' | 'fingerprint' | 'tenancy-ocid' | 'user-ocid'
>

/** The settings of signing in through an OIDC token (`auth: oidc`) a failure can point at. */
export type OidcSetting = Extract<
  InputName,
  'oidc-domain-url' | 'oidc-client-id' | 'oidc-client-secret' | 'oidc-audience'
>

export type OciSetting = ApiKeySetting | OidcSetting

export type OciErrorDetails = Omit<ErrorDetails, 'input'> & { setting?: OciSetting }

/** A failure of signing in to OCI (an API key, an OIDC token) or of a call to OCI's own APIs. */
export class OciError extends OcirPushError {
  /** The setting whose value is at fault, when one is. */
  readonly setting?: OciSetting

  constructor(message: string, details: OciErrorDetails) {
    super(message, { ...details, input: details.setting })
    this.setting = details.setting
  }
}

/** The request facts every OCI failure carries; the URL has its secret query values redacted. */
export interface OciRequestFacts {
  method: string
  url: string
}

/** A request to OCI failed; the subclasses are the causes. */
export class OciRequestError extends OciError {
  readonly method: string
  readonly url: string

  constructor(request: OciRequestFacts, message: string, details: OciErrorDetails) {
    super(message, details)
    this.method = request.method
    this.url = request.url
  }
}

/** The request never got an answer: connection refused or reset, DNS, TLS. */
export class OciConnectionError extends OciRequestError {
  constructor(request: OciRequestFacts, cause: unknown) {
    super(request, `${request.method} ${request.url} failed: ${describeCause(cause)}`, {
      fix: 'Check that the endpoint is reachable from this machine (network, proxy, firewall, private endpoint).',
      cause
    })
  }
}

/** No complete answer within the time limit. */
export class OciTimeoutError extends OciRequestError {
  readonly timeoutMs: number

  constructor(request: OciRequestFacts, timeoutMs: number) {
    super(
      request,
      `${request.method} ${request.url} got no complete answer within ${timeoutMs} ms`,
      {
        fix: 'Retry; if it persists, check the network path to the endpoint.'
      }
    )
    this.timeoutMs = timeoutMs
  }
}

const ENDPOINT_FIX =
  'Check that the endpoint (and OCIR_ARTIFACTS_ENDPOINT or OCIR_OBJECTSTORAGE_ENDPOINT, when set) is OCI.'

/** The answer's body is larger than any answer of these APIs can be. */
export class OciResponseTooLargeError extends OciRequestError {
  readonly limitBytes: number

  constructor(request: OciRequestFacts, limitBytes: number) {
    super(request, `${request.method} ${request.url} answered with more than ${limitBytes} bytes`, {
      fix: ENDPOINT_FIX
    })
    this.limitBytes = limitBytes
  }
}

/** A successful status with a body that is not what the API documents. */
export class OciUnexpectedResponseError extends OciRequestError {
  readonly status: number

  constructor(request: OciRequestFacts, status: number, expected: string) {
    super(request, `${request.method} ${request.url} answered ${status} without ${expected}`, {
      fix: ENDPOINT_FIX
    })
    this.status = status
  }
}

/** The facts of an OCI error answer: status, OCI's `{code, message}` and its request id. */
export interface OciServiceFacts extends OciRequestFacts {
  status: number
  /** OCI's error code (`NotAuthenticated`, `NotAuthorizedOrNotFound`, …); `None` without one. */
  code: string
  /** OCI's own words. */
  serviceMessage: string
  /** What to quote to Oracle support. */
  opcRequestId?: string
}

/** OCI answered with an error. The subclasses are the causes that have a fix of their own. */
export class OciServiceError extends OciRequestError {
  readonly status: number
  readonly code: string
  readonly opcRequestId?: string
  /** Everything known about the answer, for a caller that rethrows it as a more specific cause. */
  readonly facts: OciServiceFacts

  constructor(
    facts: OciServiceFacts,
    details: { message?: string; fix: string; setting?: OciSetting } = {
      fix: 'Retry; if it persists, quote the opc-request-id to Oracle support.'
    }
  ) {
    super(
      facts,
      details.message ??
        `${facts.method} ${facts.url} failed: ${facts.status} ${facts.code}${requestIdSuffix(facts)}`,
      { fix: details.fix, setting: details.setting, detail: facts.serviceMessage || undefined }
    )
    this.status = facts.status
    this.code = facts.code
    this.opcRequestId = facts.opcRequestId
    this.facts = facts
  }
}

/** 401 `NotAuthenticated`: OCI does not recognise the key or the signature. */
export class OciNotAuthenticatedError extends OciServiceError {
  constructor(facts: OciServiceFacts) {
    super(facts, {
      message: `OCI did not accept the API key signature for ${facts.method} ${facts.url} (401 NotAuthenticated${requestIdSuffix(facts)})`,
      fix:
        'Check that tenancy-ocid and user-ocid are the OCIDs of the user who owns the key, that the public key is ' +
        'uploaded to that user (Profile → API keys), and that fingerprint is the one shown there for private-key.',
      setting: 'fingerprint'
    })
  }
}

/** 401 `NotAuthenticated` for a request signed with a session token (`auth: oidc`). */
export class OciSessionNotAuthenticatedError extends OciServiceError {
  constructor(facts: OciServiceFacts) {
    super(facts, {
      message: `OCI did not accept the session token signature for ${facts.method} ${facts.url} (401 NotAuthenticated${requestIdSuffix(facts)})`,
      fix:
        "The identity domain's session token is not valid here: check that the user or service user the " +
        "domain's identity propagation trust maps the OIDC token to is active in this tenancy, and that region " +
        'is one the tenancy is subscribed to.'
    })
  }
}

/** 401 because the request's date is more than 5 minutes away from OCI's clock. */
export class OciClockSkewError extends OciServiceError {
  /** OCI's clock minus the local clock, in seconds (positive: the local clock is behind). */
  readonly skewSeconds?: number

  constructor(facts: OciServiceFacts, skewSeconds: number | undefined) {
    super(facts, {
      message:
        `OCI refused ${facts.method} ${facts.url}: the local clock is ` +
        (skewSeconds === undefined
          ? 'more than 5 minutes off'
          : `${formatDuration(Math.abs(skewSeconds))} ${skewSeconds > 0 ? 'behind' : 'ahead of'} OCI's`) +
        ` (401 NotAuthenticated${requestIdSuffix(facts)})`,
      fix: "Synchronise this machine's clock (NTP); OCI allows 5 minutes of skew."
    })
    this.skewSeconds = skewSeconds
  }
}

/** 404 `NotAuthorizedOrNotFound`: the resource is missing or no policy lets this user see it. */
export class OciNotAuthorizedOrNotFoundError extends OciServiceError {
  /** The IAM policy statement that grants what the request needed. */
  readonly policy: string

  constructor(facts: OciServiceFacts, access: { what: string; policy: string }) {
    super(facts, {
      message: `OCI refused to ${access.what} (404 NotAuthorizedOrNotFound${requestIdSuffix(facts)})`,
      fix:
        `Ask a tenancy administrator to add the policy statement '${access.policy}' ` +
        '(with a group the user is a member of), and check the OCIDs given.'
    })
    this.policy = access.policy
  }
}

function requestIdSuffix(facts: OciServiceFacts): string {
  return facts.opcRequestId ? `, opc-request-id ${facts.opcRequestId}` : ''
}

function formatDuration(seconds: number): string {
  const whole = Math.round(seconds)
  return whole >= 60 ? `${Math.floor(whole / 60)} min ${whole % 60} s` : `${whole} s`
}

function describeCause(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause)
}
