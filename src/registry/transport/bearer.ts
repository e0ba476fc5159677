import type { Credentials } from '../credentials.js'
import type { Logger } from '../../common/logger.js'
import { InsecureRealmError, RegistryProtocolError, RegistryResponseError } from '../errors.js'
import { basicAuthorization } from './basic.js'
import type { AuthChallenge } from './challenge.js'
import { forOrigin, requestFacts, type HttpTransport } from './http.js'
import { retryTransient, type Clock, type TransientRetryOptions } from './retry.js'

interface CachedToken {
  value: string
  expiresAt: number
}

/** Renew this long before the registry's expiry, so a token never expires between lookup and use. */
const RENEW_EARLY_MS = 10_000

/**
 * Bearer tokens by scope set, fetched from the realm the registry's challenge names. The
 * credentials (Basic) go to that realm's origin only.
 */
export class BearerTokens {
  private readonly tokens = new Map<string, Promise<CachedToken>>()

  constructor(
    private readonly transport: HttpTransport,
    /** The registry's base URL: an HTTPS registry's realm must be HTTPS too. */
    private readonly registry: URL,
    private readonly credentials: Credentials | undefined,
    private readonly clock: Clock,
    private readonly retry: TransientRetryOptions,
    private readonly logger?: Logger,
    private readonly onSecret?: (value: string) => void
  ) {}

  /** A token for `scopes`: cached unless expired or `renew`. */
  token(challenge: AuthChallenge, scopes: string[], renew = false): Promise<string> {
    // A pull,push token serves pulls from the same repository too: no second token request.
    const widened = scopeKey(scopes.map(scope => scope.replace(/:pull$/, ':pull,push')))
    const key =
      !renew && !this.tokens.has(scopeKey(scopes)) && this.tokens.has(widened)
        ? widened
        : scopeKey(scopes)
    const cached = this.tokens.get(key)
    if (cached && !renew) {
      return cached.then(token =>
        token.expiresAt > this.clock.now() ? token.value : this.token(challenge, scopes, true)
      )
    }
    const pending = this.fetch(challenge, scopes)
    this.tokens.set(key, pending)
    pending.catch(() => this.tokens.delete(key))
    return pending.then(token => token.value)
  }

  /** Drops the token of `scopes`: the next request for them fetches a new one. */
  forget(scopes: string[]): void {
    this.tokens.delete(scopeKey(scopes))
  }

  private async fetch(challenge: AuthChallenge, scopes: string[]): Promise<CachedToken> {
    const realm = challenge.params.realm
    if (!realm) {
      throw new RegistryProtocolError(
        { phase: 'token' },
        "Signing in: the registry's Bearer challenge names no realm"
      )
    }
    const url = new URL(realm)
    // Only a registry that is itself plain http (loopback) may name a plain-http realm.
    const plainAllowed = this.registry.protocol === 'http:' && url.protocol === 'http:'
    if (url.protocol !== 'https:' && !plainAllowed) throw new InsecureRealmError(url)
    if (challenge.params.service) url.searchParams.set('service', challenge.params.service)
    for (const scope of scopes) url.searchParams.append('scope', scope)
    const credentials = this.credentials
    const body = await retryTransient(async () => {
      this.logger?.debug(`token for ${scopes.join(' ')}`)
      const response = await this.transport.send({
        method: 'GET',
        url,
        context: { phase: 'token' },
        authorization: forOrigin(url.origin, () =>
          credentials ? basicAuthorization(credentials) : undefined
        )
      })
      const text = await response.text()
      if (response.status !== 200) {
        throw new RegistryResponseError(requestFacts('GET', url, { phase: 'token' }), {
          status: response.status,
          body: text
        })
      }
      return text
    }, this.retry)
    const answer = parseTokenAnswer(body)
    const value = answer.token ?? answer.access_token
    if (!value) {
      throw new RegistryProtocolError(
        { phase: 'token' },
        'Signing in: the token endpoint returned no token'
      )
    }
    // Masked before anything can print it: a registry may echo it in an error body.
    this.onSecret?.(value)
    const lifetimeMs = Math.max(0, (answer.expires_in ?? 60) * 1000 - RENEW_EARLY_MS)
    return { value, expiresAt: this.clock.now() + lifetimeMs }
  }
}

interface TokenAnswer {
  token?: string
  access_token?: string
  expires_in?: number
}

function parseTokenAnswer(body: string): TokenAnswer {
  try {
    return JSON.parse(body) as TokenAnswer
  } catch {
    return {}
  }
}

function scopeKey(scopes: string[]): string {
  return [...scopes].sort().join(' ')
}
