// The claims of a JWT read without verifying it: the token's own issuer verifies it. What is
// read (issuer, subject, audience, lifetime, tenancy) is what a failure must name, and when a
// token is due for renewal; none of these claims is a secret.
import { asRecord } from './client.js'

export interface JwtClaims {
  iss?: string
  sub?: string
  /** One audience or several, as the token states it. */
  aud: string[]
  /** Seconds since the epoch. */
  exp?: number
  iat?: number
  /** OCI's session tokens: the tenancy OCID of the principal. */
  tenant?: string
}

const JWT_SHAPE = /^[\w-]+\.[\w-]+\.[\w-]*$/

/** The claims of `token`; undefined when it is not a JWT (three base64url parts, JSON claims). */
export function readJwtClaims(token: string): JwtClaims | undefined {
  if (!JWT_SHAPE.test(token)) return undefined
  let value: unknown
  try {
    value = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'))
  } catch {
    return undefined
  }
  const claims = asRecord(value)
  if (!claims) return undefined
  const text = (name: string): string | undefined => {
    const claim = claims[name]
    return typeof claim === 'string' ? claim : undefined
  }
  const seconds = (name: string): number | undefined => {
    const claim = claims[name]
    return typeof claim === 'number' && Number.isFinite(claim) ? claim : undefined
  }
  const aud = claims.aud
  return {
    iss: text('iss'),
    sub: text('sub'),
    aud: typeof aud === 'string' ? [aud] : Array.isArray(aud) ? aud.filter(isString) : [],
    exp: seconds('exp'),
    iat: seconds('iat'),
    tenant: text('tenant')
  }
}

function isString(value: unknown): value is string {
  return typeof value === 'string'
}
