import type { Credentials } from '../credentials.js'

/** `Basic base64(username:token)`: the registry's own scheme, or the token realm's. */
export function basicAuthorization(credentials: Credentials): string {
  return `Basic ${Buffer.from(`${credentials.username}:${credentials.token}`).toString('base64')}`
}
