import { RegistryResponseError } from '../errors.js'
import { preferredChallenge, type AuthChallenge } from './challenge.js'
import { requestFacts, type HttpTransport } from './http.js'
import { retryTransient, type TransientRetryOptions } from './retry.js'

/**
 * `GET /v2/`, unauthenticated, to learn how the registry wants to be spoken to: the Bearer
 * challenge (preferred) or Basic; undefined when it lets anyone in. Any other 4xx is no
 * registry speaking (an HTTPS server asked in plain HTTP answers 400): a `RegistryResponseError`.
 */
export function ping(
  transport: HttpTransport,
  baseUrl: URL,
  retry: TransientRetryOptions
): Promise<AuthChallenge | undefined> {
  return retryTransient(async () => {
    const url = new URL('/v2/', baseUrl)
    const context = { phase: 'ping' } as const
    const response = await transport.send({ method: 'GET', url, context })
    if (response.status >= 400 && response.status !== 401) {
      const body = await response.text()
      throw new RegistryResponseError(requestFacts('GET', response.url, context), {
        status: response.status,
        body
      })
    }
    await response.discard()
    if (response.status !== 401) return undefined
    return preferredChallenge(response.header('www-authenticate') ?? '')
  }, retry)
}
