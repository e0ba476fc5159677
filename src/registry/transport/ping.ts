import { preferredChallenge, type AuthChallenge } from './challenge.js'
import type { HttpTransport } from './http.js'
import { retryTransient, type TransientRetryOptions } from './retry.js'

/**
 * `GET /v2/`, unauthenticated, to learn how the registry wants to be spoken to: the Bearer
 * challenge (preferred) or Basic; undefined when it lets anyone in.
 */
export function ping(
  transport: HttpTransport,
  baseUrl: URL,
  retry: TransientRetryOptions
): Promise<AuthChallenge | undefined> {
  return retryTransient(async () => {
    const response = await transport.send({
      method: 'GET',
      url: new URL('/v2/', baseUrl),
      context: { phase: 'ping' }
    })
    await response.discard()
    if (response.status !== 401) return undefined
    return preferredChallenge(response.header('www-authenticate') ?? '')
  }, retry)
}
