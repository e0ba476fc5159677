import type { Logger } from '../common/logger.js'
import type { LentChunks } from '../image/content.js'
import type { RegistryAuth } from './credentials.js'
import {
  ExpiredTokenError,
  RegistryProtocolError,
  RegistryResponseError,
  type RequestContext
} from './errors.js'
import { basicAuthorization } from './transport/basic.js'
import type { BearerTokens } from './transport/bearer.js'
import {
  parseWwwAuthenticate,
  preferredChallenge,
  type AuthChallenge
} from './transport/challenge.js'
import {
  buffered,
  forOrigin,
  requestFacts,
  resolveLocation,
  SMALL_BODY_LIMIT,
  type HttpResponse,
  type HttpTransport
} from './transport/http.js'
import { ping } from './transport/ping.js'
import { retryTransient, type TransientRetryOptions } from './transport/retry.js'

export interface RegistryRequest {
  method: string
  /** A `/v2/…` path or an absolute URL (upload locations). */
  url: string | URL
  scopes: string[]
  /** For retry logs: `Uploading blob sha256:…`. */
  what: string
  context: RequestContext
  headers?: Record<string, string>
  /** A factory, since a retried request needs a fresh body. */
  body?: () => Uint8Array | LentChunks
  /** Uploads resume instead of repeating the same request. */
  retry?: boolean
  /** Reads a 200 answer's body, up to this many bytes, within the retried attempt. */
  readLimit?: number
}

/**
 * Authenticated requests to one registry: the ping, the credentials for its origin (Basic or
 * a Bearer token renewed once on 401), retries by the transport's policy.
 */
export class RegistryRequests {
  private challenge?: Promise<AuthChallenge | undefined>
  private readonly tokens: BearerTokens
  private readonly origin: string
  /** The challenge taken as known instead of pinging, until an answer contradicts it. */
  private readonly assumed?: Promise<AuthChallenge | undefined>

  constructor(
    readonly baseUrl: URL,
    private readonly transport: HttpTransport,
    private readonly auth: RegistryAuth | undefined,
    readonly retry: TransientRetryOptions,
    tokens: (transport: HttpTransport) => BearerTokens,
    private readonly logger?: Logger,
    knownChallenge?: AuthChallenge
  ) {
    this.origin = baseUrl.origin
    this.tokens = tokens(transport)
    if (knownChallenge) this.challenge = this.assumed = Promise.resolve(knownChallenge)
  }

  /** How the registry authenticates; asked once, again only after a failed ping. */
  ping(): Promise<AuthChallenge | undefined> {
    this.challenge ??= ping(this.transport, this.baseUrl, this.retry).catch((error: unknown) => {
      this.challenge = undefined
      throw error
    })
    return this.challenge
  }

  /**
   * An unauthenticated `GET /v2/` for its connection alone, which stays open for the requests
   * after it. It fails for nobody: a registry that does not answer it is the real requests' to
   * report.
   */
  async warmUp(signal: AbortSignal): Promise<void> {
    const url = new URL('/v2/', this.baseUrl)
    try {
      const response = await this.transport.send({
        method: 'GET',
        url,
        context: { phase: 'ping' },
        signal
      })
      await response.discard()
    } catch (error) {
      // Cut because the sign-in is through: nothing to tell.
      if (!signal.aborted) {
        this.logger?.debug(`Opening a connection to ${this.origin}: ${describe(error)}`)
      }
    }
  }

  /**
   * How the registry authenticates and, for Bearer, a token for `scopes` (kept for the requests
   * that need it): the pre-flight that proves the credentials.
   */
  async signIn(scopes: string[]): Promise<{ challenge?: AuthChallenge; token?: string }> {
    const current = this.ping()
    const challenge = await current
    if (challenge?.scheme !== 'bearer') return challenge ? { challenge } : {}
    try {
      return { challenge, token: await this.tokens.token(challenge, scopes) }
    } catch (error) {
      if (await this.assumedRealmRefused(current, error)) return this.signIn(scopes)
      throw error
    }
  }

  /** One request, authenticated for `scopes`, retried on network errors, 5xx and 429. */
  send(spec: RegistryRequest): Promise<HttpResponse> {
    const attempt = (): Promise<HttpResponse> => this.attempt(spec)
    if (spec.retry === false) return attempt()
    return retryTransient(attempt, {
      ...this.retry,
      onRetry: (error, attempt, delayMs) =>
        this.logger?.info(
          `${spec.what}: ${describe(error)}; retrying in ${delayMs} ms (attempt ${attempt + 1})`
        )
    })
  }

  /** Throws a `RegistryResponseError` unless the answer is one of `ok`; drains it otherwise. */
  async expect(
    response: HttpResponse,
    ok: number[],
    spec: Pick<RegistryRequest, 'method' | 'context'>,
    keepBody = false
  ): Promise<void> {
    if (ok.includes(response.status)) {
      if (!keepBody) await response.discard()
      return
    }
    throw new RegistryResponseError(requestFacts(spec.method, response.url, spec.context), {
      status: response.status,
      body: await response.text(SMALL_BODY_LIMIT)
    })
  }

  /** The answer's `Location` (or `fallback`), absolute. */
  location(
    response: HttpResponse,
    spec: Pick<RegistryRequest, 'method' | 'context'>,
    fallback?: URL
  ): URL {
    const header = response.header('location')
    const facts = requestFacts(spec.method, response.url, spec.context)
    if (header) return resolveLocation(header, response.url, facts)
    if (fallback) return fallback
    throw new RegistryProtocolError(
      spec.context,
      `${facts.method} ${facts.url}: HTTP ${response.status} without a Location`
    )
  }

  private async attempt(spec: RegistryRequest): Promise<HttpResponse> {
    const current = this.ping()
    const challenge = await current
    let response: HttpResponse
    try {
      response = await this.authenticated(spec, challenge, spec.scopes, false)
    } catch (error) {
      // The token is asked for before the request's first byte: nothing of its body went out.
      if (await this.assumedRealmRefused(current, error)) return this.attempt(spec)
      throw error
    }
    if (response.status === 401 && current === this.assumed) {
      // The registry authenticates otherwise than assumed: from now on as its answer says.
      const actual = preferredChallenge(response.header('www-authenticate') ?? '')
      if (actual && !sameChallenge(actual, challenge)) {
        await response.discard()
        if (this.challenge === current) this.challenge = Promise.resolve(actual)
        // A spent upload body is not sent again: the upload resumes, authenticated anew.
        if (spec.retry === false) {
          throw new ExpiredTokenError(requestFacts(spec.method, response.url, spec.context))
        }
        return this.attempt(spec)
      }
    }
    if (response.status === 401 && challenge?.scheme === 'bearer' && this.auth) {
      // A token can expire or lack a scope the registry wants: renew it once, never more.
      await response.discard()
      const extra = parseWwwAuthenticate(response.header('www-authenticate') ?? '').find(
        c => c.scheme === 'bearer'
      )?.params.scope
      const scopes = extra ? [...new Set([...spec.scopes, ...extra.split(' ')])] : spec.scopes
      if (spec.retry === false) {
        // An upload request's body stream is spent: the upload resumes from what the
        // registry kept, and its next request fetches the new token.
        this.tokens.forget(spec.scopes)
        throw new ExpiredTokenError(requestFacts(spec.method, response.url, spec.context))
      }
      response = await this.authenticated(spec, challenge, scopes, true)
    }
    if (spec.readLimit === undefined || response.status !== 200) return response
    return buffered(response, await response.read(spec.readLimit))
  }

  /**
   * Whether the assumed challenge is wrong: its realm answered `error` (no token), and the
   * registry, asked now (once, however many requests fail alike), names another challenge,
   * which replaces it. A failing ping throws its own error; when the registry names that same
   * realm, `error` stands.
   */
  private async assumedRealmRefused(
    current: Promise<AuthChallenge | undefined>,
    error: unknown
  ): Promise<boolean> {
    if (current !== this.assumed || !this.tokens.refusedByRealm(error)) return false
    if (this.challenge === current) this.challenge = undefined
    const actual = await this.ping()
    return !sameChallenge(actual, await current)
  }

  private authenticated(
    spec: RegistryRequest,
    challenge: AuthChallenge | undefined,
    scopes: string[],
    renew: boolean
  ): Promise<HttpResponse> {
    const auth = this.auth
    const authorization = (): Promise<string | undefined> | string | undefined => {
      if (!auth) return undefined
      if (challenge?.scheme === 'bearer') {
        return this.tokens.token(challenge, scopes, renew).then(token => `Bearer ${token}`)
      }
      // A token source speaks only Bearer: a Basic registry gets no credentials from it.
      return challenge?.scheme === 'basic' && typeof auth !== 'function'
        ? basicAuthorization(auth)
        : undefined
    }
    return this.transport.send({
      method: spec.method,
      url: new URL(spec.url, this.baseUrl),
      headers: spec.headers,
      body: spec.body?.(),
      context: spec.context,
      authorization: forOrigin(this.origin, authorization)
    })
  }
}

function sameChallenge(a: AuthChallenge | undefined, b: AuthChallenge | undefined): boolean {
  return (
    a?.scheme === b?.scheme &&
    a?.params.realm === b?.params.realm &&
    a?.params.service === b?.params.service
  )
}

function describe(error: unknown): string {
  if (error instanceof RegistryResponseError) return `HTTP ${error.status}`
  return error instanceof Error ? error.message : String(error)
}
