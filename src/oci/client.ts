// One signed exchange with an OCI API, and OCI's error answers turned into typed errors.
import {
  OciClockSkewError,
  OciNotAuthenticatedError,
  OciNotAuthorizedOrNotFoundError,
  OciServiceError,
  OciSessionNotAuthenticatedError,
  OciUnexpectedResponseError
} from './errors.js'
import type { OciRequestFacts, OciServiceFacts } from './errors.js'
import { describeUrl } from './http.js'
import type { OciSend } from './http.js'
import type { RequestSigner } from './signer.js'

/** What every OCI client needs: a way to send and a way to sign. */
export interface OciClient {
  send: OciSend
  signer: RequestSigner
  /** What signs: an API key (the default) or a session token; OCI's 401 means other things. */
  credential?: OciCredential
  /** The clock requests are signed with. */
  now?: () => Date
}

export type OciCredential = 'api-key' | 'session-token'

/**
 * Who signs OCI requests: an API key, or a session token that is renewed before it expires
 * (so each request asks for the signer to use now).
 */
export interface OciPrincipal {
  credential: OciCredential
  /** The signer for the next request; a session token past most of its lifetime is renewed first. */
  signer(): Promise<RequestSigner>
  /** The tenancy the principal belongs to, when it is known. */
  tenancyOcid?: string
}

/** For a 404 `NotAuthorizedOrNotFound`: what was refused, and the policy that grants it. */
export interface OciAccess {
  /** E.g. `list repositories in compartment ocid1.compartment…`. */
  what: string
  /** E.g. `Allow group <group> to manage repos in compartment id ocid1.compartment…`. */
  policy: string
}

export interface SignedRequest {
  method: 'GET' | 'POST'
  url: URL
  headers?: Record<string, string>
  /** Sent as JSON. */
  json?: unknown
  signal?: AbortSignal
  access: OciAccess
}

export interface SignedResponse {
  status: number
  headers: { get(name: string): string | null }
  body: string
  request: OciRequestFacts
}

/** A service message longer than this is cut: it is quoted to the user, not parsed. */
const MAX_QUOTED_MESSAGE = 500
const CLOCK_SKEW_MESSAGE = /not within allowed clock skew/i

/** Signs and sends; a status of 400 or more throws the OciServiceError for its cause. */
export async function sendSigned(
  client: OciClient,
  request: SignedRequest
): Promise<SignedResponse> {
  const body =
    request.json === undefined ? undefined : Buffer.from(JSON.stringify(request.json), 'utf8')
  const headers: Record<string, string> = {
    accept: 'application/json',
    ...(body ? { 'content-type': 'application/json' } : {}),
    ...request.headers
  }
  const now = client.now?.() ?? new Date()
  Object.assign(
    headers,
    client.signer({ method: request.method, url: request.url, headers, body, now })
  )
  const response = await client.send({
    method: request.method,
    url: request.url,
    headers,
    body,
    signal: request.signal
  })
  const text = await response.text()
  const facts = { method: request.method, url: describeUrl(request.url) }
  if (response.status >= 400) {
    throw serviceError(
      serviceFacts(facts, response.status, response.headers.get('opc-request-id'), text),
      {
        serverDate: response.headers.get('date'),
        signedAt: now,
        access: request.access,
        credential: client.credential ?? 'api-key'
      }
    )
  }
  return { status: response.status, headers: response.headers, body: text, request: facts }
}

/** The body parsed as JSON and read by `read`; what it cannot read is not OCI's answer. */
export function parseJson<T>(
  response: SignedResponse,
  expected: string,
  read: (value: unknown) => T | undefined
): T {
  let value: unknown
  try {
    value = JSON.parse(response.body)
  } catch {
    throw new OciUnexpectedResponseError(response.request, response.status, expected)
  }
  const result = read(value)
  if (result === undefined) {
    throw new OciUnexpectedResponseError(response.request, response.status, expected)
  }
  return result
}

function serviceFacts(
  request: OciRequestFacts,
  status: number,
  opcRequestId: string | null,
  text: string
): OciServiceFacts {
  const parsed = parseErrorBody(text)
  return {
    ...request,
    status,
    code: parsed.code ?? 'None',
    serviceMessage: (parsed.message ?? text).slice(0, MAX_QUOTED_MESSAGE),
    opcRequestId: opcRequestId ?? undefined
  }
}

/** OCI's `{code, message}`, or the registry token endpoint's `{errors: [{code, message}]}`. */
function parseErrorBody(text: string): { code?: string; message?: string } {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return {}
  }
  const record = asRecord(value)
  const first = Array.isArray(record?.errors) ? asRecord(record.errors[0]) : record
  return {
    code: typeof first?.code === 'string' ? first.code : undefined,
    message: typeof first?.message === 'string' ? first.message : undefined
  }
}

function serviceError(
  facts: OciServiceFacts,
  context: {
    serverDate: string | null
    signedAt: Date
    access: OciAccess
    credential: OciCredential
  }
): OciServiceError {
  if (facts.status === 401 && CLOCK_SKEW_MESSAGE.test(facts.serviceMessage)) {
    return new OciClockSkewError(facts, skewSeconds(context.serverDate, context.signedAt))
  }
  if (facts.status === 401) {
    return context.credential === 'session-token'
      ? new OciSessionNotAuthenticatedError(facts)
      : new OciNotAuthenticatedError(facts)
  }
  if (facts.status === 404 && facts.code === 'NotAuthorizedOrNotFound') {
    return new OciNotAuthorizedOrNotFoundError(facts, context.access)
  }
  return new OciServiceError(facts)
}

/** OCI's clock (its `Date` header) minus the clock the request was signed with. */
function skewSeconds(serverDate: string | null, signedAt: Date): number | undefined {
  const server = serverDate ? Date.parse(serverDate) : NaN
  return Number.isNaN(server) ? undefined : Math.round((server - signedAt.getTime()) / 1000)
}

export function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined
}
