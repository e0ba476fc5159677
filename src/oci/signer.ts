// OCI request signing: draft-cavage HTTP signatures, version 1, rsa-sha256, as Oracle documents
// it and as its SDKs do it (oci-common's DefaultRequestSigner is the reference in the tests:
// same request, date and key give the same Authorization header, byte for byte).
import { createHash, sign } from 'node:crypto'
import type { KeyObject } from 'node:crypto'

export interface SignableRequest {
  method: string
  url: URL
  /** The headers the request will carry; only `content-type` is read (it is signed when set). */
  headers?: Readonly<Record<string, string>>
  body?: Uint8Array
  /** The signing time; the clock by default. */
  now?: Date
}

/** Signs a request: returns the headers to add to it (`authorization` and the signed ones). */
export type RequestSigner = (request: SignableRequest) => Record<string, string>

/**
 * The signed headers in oci-common's order and spelling. The body headers keep its capitals:
 * they are lower-cased for the signing string but appear as written in `headers="…"`.
 */
const SIGNED_HEADERS = ['x-date', '(request-target)', 'host']
const SIGNED_BODY_HEADERS = ['Content-Type', 'Content-Length', 'x-content-sha256']
/** Methods whose body is signed; an absent body is signed as empty. */
const METHODS_WITH_BODY = new Set(['POST', 'PUT', 'PATCH'])
const DEFAULT_CONTENT_TYPE = 'application/json'

/** The keyId of an API signing key. */
export function apiKeyId(key: {
  tenancyOcid: string
  userOcid: string
  fingerprint: string
}): string {
  return `${key.tenancyOcid}/${key.userOcid}/${key.fingerprint}`
}

/** The keyId of a session token (security token) signing with its session key. */
export function sessionTokenKeyId(token: string): string {
  return `ST$${token}`
}

export function createRequestSigner(credentials: {
  keyId: string
  privateKey: KeyObject
}): RequestSigner {
  return request => {
    const method = request.method.toUpperCase()
    const signed: Record<string, string> = {
      'x-date': (request.now ?? new Date()).toUTCString(),
      host: request.url.host
    }
    // The request target as sent on the wire: WHATWG URL's percent-encoded path and query.
    const requestTarget = `${method.toLowerCase()} ${request.url.pathname}${request.url.search}`
    const headerNames = [...SIGNED_HEADERS]
    if (METHODS_WITH_BODY.has(method)) {
      const body = request.body ?? new Uint8Array()
      signed['content-type'] = headerValue(request.headers, 'content-type') ?? DEFAULT_CONTENT_TYPE
      signed['content-length'] = String(body.byteLength)
      signed['x-content-sha256'] = createHash('sha256').update(body).digest('base64')
      headerNames.push(...SIGNED_BODY_HEADERS)
    }
    const signingString = headerNames
      .map(name => name.toLowerCase())
      .map(name =>
        name === '(request-target)' ? `${name}: ${requestTarget}` : `${name}: ${signed[name]}`
      )
      .join('\n')
    const signature = sign('sha256', Buffer.from(signingString), credentials.privateKey).toString(
      'base64'
    )
    const authorization =
      `Signature version="1",keyId="${credentials.keyId}",algorithm="rsa-sha256",` +
      `headers="${headerNames.join(' ')}",signature="${signature}"`
    return { ...signed, authorization }
  }
}

function headerValue(
  headers: Readonly<Record<string, string>> | undefined,
  name: string
): string | undefined {
  const key = Object.keys(headers ?? {}).find(candidate => candidate.toLowerCase() === name)
  return key === undefined ? undefined : headers?.[key]
}
