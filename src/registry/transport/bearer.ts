import type { IssuedToken, RealmSend, RegistryAuth } from '../credentials.js'
import type { Logger } from '../../common/logger.js'
import {
  InsecureRealmError,
  RealmRedirectError,
  RegistryProtocolError,
  RegistryResponseError
} from '../errors.js'
import { basicAuthorization } from './basic.js'
import type { AuthChallenge } from './challenge.js'
import { forOrigin, requestFacts, type HttpResponse, type HttpTransport } from './http.js'
import { classifyFailure, retryTransient, type Clock, type TransientRetryOptions } from './retry.js'

interface CachedToken {
  value: string
  expiresAt: number
}

/** Renew this long before the registry's expiry, so a token never expires between lookup and use. */
const RENEW_EARLY_MS = 10_000

/**
 * Bearer tokens by scope set, fetched from the realm the registry's challenge names. The
 * credentials (Basic) go to that realm's origin only; a token source's requests (signed ones)
 * likewise, through the same transport.
 */
export class BearerTokens {
  private readonly tokens = new Map<string, Promise<CachedToken>>()
  /** Failures of token requests that the realm answered, with no token. */
  private readonly refusals = new WeakSet<object>()

  constructor(
    private readonly transport: HttpTransport,
    /** The registry's base URL: an HTTPS registry's realm must be HTTPS too. */
    private readonly registry: URL,
    private readonly auth: RegistryAuth | undefined,
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

  /**
   * Whether `error` ended a token request the realm answered (a refusal, or an answer that is
   * no token endpoint's), rather than one that got no answer (network, 5xx, abort).
   */
  refusedByRealm(error: unknown): boolean {
    return typeof error === 'object' && error !== null && this.refusals.has(error)
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
    const service = challenge.params.service ?? ''
    const auth = this.auth
    const answer = await retryTransient(async () => {
      this.logger?.debug(`token for ${scopes.join(' ')}`)
      let answered = false
      const onAnswer = async (response: HttpResponse): Promise<void> => {
        answered = true
        // The credentials go to the realm's origin only: an answer from elsewhere is not to them.
        if (response.url.origin === url.origin) return
        await response.discard()
        throw new RealmRedirectError(url, response.url)
      }
      try {
        if (typeof auth === 'function') {
          return await auth({ realm, service, scopes, send: this.realmSend(url.origin, onAnswer) })
        }
        const request = new URL(url)
        if (service) request.searchParams.set('service', service)
        for (const scope of scopes) request.searchParams.append('scope', scope)
        const response = await this.transport.send({
          method: 'GET',
          url: request,
          context: { phase: 'token' },
          authorization: forOrigin(request.origin, () =>
            auth ? basicAuthorization(auth) : undefined
          )
        })
        await onAnswer(response)
        const text = await response.text()
        if (response.status !== 200) {
          throw new RegistryResponseError(requestFacts('GET', request, { phase: 'token' }), {
            status: response.status,
            body: text
          })
        }
        return readTokenAnswer(text)
      } catch (error) {
        const refused = answered && !classifyFailure(error).retry
        if (refused && typeof error === 'object' && error !== null) this.refusals.add(error)
        throw error
      }
    }, this.retry)
    // Masked before anything can print it: a registry may echo it in an error body.
    this.onSecret?.(answer.token)
    const lifetimeMs = Math.max(0, answer.expiresInSeconds * 1000 - RENEW_EARLY_MS)
    return { value: answer.token, expiresAt: this.clock.now() + lifetimeMs }
  }

  /**
   * The transport, for requests to `origin` only. The Authorization a token source computed
   * (a signature) is given per URL, so a redirect elsewhere never carries it; `host` is the
   * URL's, set by the transport, so a redirect never carries a stale one. `onAnswer` sees each
   * answer first: one from another origin is refused.
   */
  private realmSend(
    origin: string,
    onAnswer: (response: HttpResponse) => Promise<void>
  ): RealmSend {
    return async request => {
      if (request.url.origin !== origin) {
        throw new RegistryProtocolError(
          { phase: 'token' },
          `Signing in: a token request to ${request.url.origin} is not to the realm the registry named (${origin})`
        )
      }
      const headers: Record<string, string> = {}
      let authorization: string | undefined
      for (const [name, value] of Object.entries(request.headers)) {
        const lower = name.toLowerCase()
        if (lower === 'authorization') authorization = value
        else if (lower !== 'host') headers[name] = value
      }
      const response = await this.transport.send({
        method: request.method,
        url: request.url,
        headers,
        ...(request.body ? { body: request.body } : {}),
        context: { phase: 'token' },
        authorization: forOrigin(origin, () => authorization)
      })
      await onAnswer(response)
      const text = await response.text()
      return {
        status: response.status,
        headers: { get: name => response.header(name) ?? null },
        text: async () => text
      }
    }
  }
}

/** The token endpoint's answer; no token in it is a protocol error. */
function readTokenAnswer(body: string): IssuedToken {
  const answer = parseTokenAnswer(body)
  const token = answer.token ?? answer.access_token
  if (!token) {
    throw new RegistryProtocolError(
      { phase: 'token' },
      'Signing in: the token endpoint returned no token'
    )
  }
  return { token, expiresInSeconds: answer.expires_in ?? 60 }
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
