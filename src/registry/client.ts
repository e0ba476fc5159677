import { createHash, type Hash } from 'node:crypto'
import { request as httpRequest, type IncomingMessage } from 'node:http'
import { request as httpsRequest } from 'node:https'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { isNativeError } from 'node:util/types'
import type { Credentials } from './credentials.js'
import type { Logger } from '../common/logger.js'
import { RegistryError } from '../common/errors.js'
import { parseWwwAuthenticate, type AuthChallenge } from './challenge.js'
import { MANIFEST_ACCEPT } from '../image/media-types.js'
import type { BlobContent, Manifest } from '../image/content.js'
import { sha256Digest } from '../image/digest.js'
import {
  DEFAULT_RETRY_POLICY,
  parseRetryAfter,
  systemClock,
  withRetry,
  type Clock,
  type RetryDecision,
  type RetryPolicy
} from './retry.js'
import {
  registryFailure,
  transportFailure,
  type ClientFacts,
  type RequestContext
} from './failures.js'

export interface RegistryClientOptions {
  /** `host[:port]`, as logged into. */
  registry: string
  credentials?: Credentials
  /** The input the host came from, named when the registry cannot be reached. */
  hostInput?: 'region' | 'registry'
  logger?: Logger
  retry?: RetryPolicy
  fetch?: typeof fetch
  clock?: Clock
  /** Blobs up to this size go up in one PUT; larger ones in PATCH chunks of `chunkSize`. */
  monolithicLimit?: number
  chunkSize?: number
  /** A request that moves no byte for this long is cut and retried like a reset. */
  stallTimeoutMs?: number
}

/** No byte sent and no answer for this long: the connection hangs. */
export const DEFAULT_STALL_TIMEOUT_MS = 60_000

/** A request that moved no byte for the stall timeout. */
export class StalledRequestError extends Error {
  constructor(ms: number) {
    super(`no byte moved for ${ms} ms: the connection stalled (timed out)`)
    this.name = 'TimeoutError'
  }
}

export type BlobOutcome = 'existed' | 'mounted' | 'uploaded'

/** A retryable answer (5xx, 429), carried through the retry loop as an error. */
class TransientResponse extends Error {
  constructor(
    readonly response: Response,
    readonly body: string,
    readonly retryAfterMs: number | undefined
  ) {
    super(`HTTP ${response.status}`)
  }
}

/** Docker trusts loopback registries over plain HTTP; everything else is HTTPS. */
export function registryBaseUrl(registry: string): string {
  const host = registry.startsWith('[')
    ? registry.slice(0, registry.indexOf(']') + 1)
    : registry.split(':')[0]!
  const loopback = host === 'localhost' || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host)
  return `${loopback ? 'http' : 'https'}://${registry}`
}

export function pushScope(repository: string): string {
  return `repository:${repository}:pull,push`
}

export function pullScope(repository: string): string {
  return `repository:${repository}:pull`
}

interface RequestSpec {
  method: string
  /** A `/v2/…` path or an absolute URL (upload locations). */
  url: string
  scopes: string[]
  what: string
  context: RequestContext
  headers?: Record<string, string>
  /** A factory, since a retried request needs a fresh body. */
  body?: () => Uint8Array | AsyncIterable<Uint8Array>
  /** Uploads resume instead of repeating the same request. */
  retry?: boolean
}

interface CachedToken {
  value: string
  expiresAt: number
}

/** An OCI distribution client: authentication, manifests and blobs, with retries. */
export class RegistryClient {
  readonly registry: string
  readonly baseUrl: string
  private readonly credentials?: Credentials
  private readonly hostInput?: 'region' | 'registry'
  private readonly logger?: Logger
  private readonly policy: RetryPolicy
  private readonly fetchImpl: typeof fetch
  private readonly clock: Clock
  readonly monolithicLimit: number
  readonly chunkSize: number
  private readonly stallTimeoutMs: number
  private challenge?: Promise<AuthChallenge | undefined>
  private readonly tokens = new Map<string, Promise<CachedToken>>()

  constructor(options: RegistryClientOptions) {
    this.registry = options.registry
    this.baseUrl = registryBaseUrl(options.registry)
    this.credentials = options.credentials
    this.hostInput = options.hostInput
    this.logger = options.logger
    this.policy = options.retry ?? DEFAULT_RETRY_POLICY
    this.fetchImpl = options.fetch ?? globalThis.fetch
    this.clock = options.clock ?? systemClock
    this.monolithicLimit = options.monolithicLimit ?? 8 * 1024 * 1024
    this.chunkSize = options.chunkSize ?? 16 * 1024 * 1024
    this.stallTimeoutMs = options.stallTimeoutMs ?? DEFAULT_STALL_TIMEOUT_MS
  }

  /**
   * Learns how the registry authenticates and, for Bearer, gets the push token every later
   * request reuses: a wrong token or a missing push right fails here. Basic credentials are
   * proven by the first authenticated request instead, where a wrong token gets the same 401;
   * callers whose first requests are blob lookups therefore fail before any upload starts.
   */
  async preparePush(repository: string): Promise<AuthChallenge | undefined> {
    const challenge = await this.ping()
    if (challenge?.scheme === 'bearer') await this.bearerToken(challenge, [pushScope(repository)])
    return challenge
  }

  /**
   * Checks the credentials can push to `repository` before anything is uploaded: a token
   * request with pull,push scope (Bearer) or an authenticated `/v2/` (Basic).
   */
  async checkPushAccess(repository: string): Promise<void> {
    const challenge = await this.preparePush(repository)
    if (challenge?.scheme === 'basic') {
      const context: RequestContext = { phase: 'login', repository }
      const response = await this.send({
        method: 'GET',
        url: '/v2/',
        scopes: [],
        what: 'Signing in',
        context
      })
      await this.expect(response, [200], context)
    }
  }

  async headManifest(
    repository: string,
    reference: string
  ): Promise<{ digest: string; mediaType: string; size: number } | undefined> {
    const what = `Looking up ${repository}:${reference}`
    const context: RequestContext = { phase: 'pull', repository }
    const response = await this.send({
      method: 'HEAD',
      url: `/v2/${repository}/manifests/${reference}`,
      scopes: [pullScope(repository)],
      headers: { Accept: MANIFEST_ACCEPT },
      what,
      context
    })
    if (response.status === 404) return undefined
    await this.expect(response, [200], context)
    return {
      digest: response.headers.get('docker-content-digest') ?? '',
      mediaType: response.headers.get('content-type') ?? '',
      size: Number(response.headers.get('content-length') ?? 0)
    }
  }

  async getManifest(repository: string, reference: string): Promise<Manifest> {
    const what = `Reading manifest ${repository}:${reference}`
    const context: RequestContext = { phase: 'pull', repository }
    const response = await this.send({
      method: 'GET',
      url: `/v2/${repository}/manifests/${reference}`,
      scopes: [pullScope(repository)],
      headers: { Accept: MANIFEST_ACCEPT },
      what,
      context
    })
    await this.expect(response, [200], context, true)
    const bytes = Buffer.from(await response.arrayBuffer())
    const digest = sha256Digest(bytes)
    if (reference.startsWith('sha256:') && reference !== digest) {
      throw new RegistryError(`${what}: the registry returned content with digest ${digest}`, {
        fix: 'The registry served corrupt content; push the image again.'
      })
    }
    const mediaType =
      response.headers.get('content-type')?.split(';')[0]?.trim() ||
      (JSON.parse(bytes.toString('utf8')) as { mediaType?: string }).mediaType ||
      ''
    return { mediaType, bytes, digest }
  }

  /**
   * PUTs the exact bytes under `reference` (a tag or the digest) and returns the digest, once
   * the registry has said that `reference` resolves to it: by the answer's
   * `Docker-Content-Digest`, or, when a registry leaves that out, by a HEAD.
   */
  async putManifest(
    repository: string,
    reference: string,
    manifest: Pick<Manifest, 'mediaType' | 'bytes'>
  ): Promise<string> {
    const what = `Pushing manifest ${repository}:${reference}`
    const context: RequestContext = { phase: 'push', repository }
    const digest = sha256Digest(manifest.bytes)
    const response = await this.send({
      method: 'PUT',
      url: `/v2/${repository}/manifests/${reference}`,
      scopes: [pushScope(repository)],
      headers: { 'Content-Type': manifest.mediaType },
      body: () => manifest.bytes,
      what,
      context
    })
    await this.expect(response, [200, 201], context)
    const returned = response.headers.get('docker-content-digest')
    if (returned && returned !== digest) {
      throw new RegistryError(
        `${what}: the registry stored digest ${returned}, expected ${digest}`,
        {
          fix: 'The registry rewrote the manifest; push it with a registry that stores manifests unchanged.'
        }
      )
    }
    if (!returned) {
      const resolved = (await this.headManifest(repository, reference))?.digest
      if (resolved !== digest) {
        throw new RegistryError(
          `${what}: ${reference} resolves to ${resolved || 'nothing'} after pushing, not ${digest}`,
          { fix: 'Another push to the same tag ran at the same time; run this push again, alone.' }
        )
      }
    }
    const separator = reference.includes(':') ? '@' : ':'
    this.logger?.info(`${this.registry}/${repository}${separator}${reference} → ${digest}`)
    return digest
  }

  async hasBlob(repository: string, digest: string): Promise<boolean> {
    const what = `Checking blob ${digest}`
    const context: RequestContext = { phase: 'pull', repository }
    const response = await this.send({
      method: 'HEAD',
      url: `/v2/${repository}/blobs/${digest}`,
      scopes: [pullScope(repository)],
      what,
      context
    })
    if (response.status === 404) return false
    await this.expect(response, [200], context)
    return true
  }

  /** Reads a small blob (an image config) whole, verifying its digest. */
  async getBlob(repository: string, digest: string): Promise<Buffer> {
    const what = `Reading blob ${digest}`
    const context: RequestContext = { phase: 'pull', repository }
    const response = await this.send({
      method: 'GET',
      url: `/v2/${repository}/blobs/${digest}`,
      scopes: [pullScope(repository)],
      what,
      context
    })
    await this.expect(response, [200], context, true)
    const bytes = Buffer.from(await response.arrayBuffer())
    if (sha256Digest(bytes) !== digest) {
      throw new RegistryError(`${what}: the content does not match its digest`, {
        fix: 'The registry served corrupt content; push the image again.'
      })
    }
    return bytes
  }

  /**
   * Makes the blob exist in `repository`: nothing if it already does, a cross-repository
   * mount when `mountFrom` holds it, an upload otherwise.
   */
  async pushBlob(repository: string, blob: BlobContent, mountFrom?: string): Promise<BlobOutcome> {
    const outcome = await this.makeBlobExist(repository, blob, mountFrom)
    const verb = {
      existed: 'already there',
      mounted: `mounted from ${mountFrom}`,
      uploaded: 'uploaded'
    }
    this.logger?.info(`${blob.digest.slice(0, 19)} (${formatSize(blob.size)}): ${verb[outcome]}`)
    return outcome
  }

  private async makeBlobExist(
    repository: string,
    blob: BlobContent,
    mountFrom?: string
  ): Promise<BlobOutcome> {
    if (await this.hasBlob(repository, blob.digest)) return 'existed'
    const what = `Uploading blob ${blob.digest}`
    const context: RequestContext = { phase: 'push', repository }
    if (mountFrom && mountFrom !== repository) {
      const query = new URLSearchParams({ mount: blob.digest, from: mountFrom })
      const response = await this.send({
        method: 'POST',
        url: `/v2/${repository}/blobs/uploads/?${query}`,
        scopes: [pushScope(repository), pullScope(mountFrom)],
        headers: { 'Content-Length': '0' },
        what,
        context
      })
      await this.expect(response, [201, 202], context)
      if (response.status === 201) return 'mounted'
      await this.upload(repository, blob, this.location(response))
      return 'uploaded'
    }
    await this.upload(repository, blob)
    return 'uploaded'
  }

  private async startUpload(repository: string, what: string): Promise<string> {
    const context: RequestContext = { phase: 'push', repository }
    const response = await this.send({
      method: 'POST',
      url: `/v2/${repository}/blobs/uploads/`,
      scopes: [pushScope(repository)],
      headers: { 'Content-Length': '0' },
      what,
      context
    })
    await this.expect(response, [202], context)
    return this.location(response)
  }

  private async upload(repository: string, blob: BlobContent, started?: string): Promise<void> {
    const what = `Uploading blob ${blob.digest}`
    const context: RequestContext = { phase: 'push', repository }
    const session = new UploadSession(blob)
    let location = started ?? (await this.startUpload(repository, what))
    await withRetry(
      async attempt => {
        if (attempt > 1) location = await this.resume(repository, session, location, what)
        if (blob.size <= this.monolithicLimit && session.offset === 0) {
          const response = await this.send({
            method: 'PUT',
            url: withDigest(location, blob.digest),
            scopes: [pushScope(repository)],
            headers: {
              'Content-Type': 'application/octet-stream',
              'Content-Length': String(blob.size)
            },
            body: () => session.take(blob.size),
            what,
            context,
            retry: false
          })
          session.verify(what)
          await this.expect(response, [201], context)
          return
        }
        while (session.offset < blob.size) {
          const length = Math.min(this.chunkSize, blob.size - session.offset)
          const start = session.offset
          const response = await this.send({
            method: 'PATCH',
            url: location,
            scopes: [pushScope(repository)],
            headers: {
              'Content-Type': 'application/octet-stream',
              'Content-Length': String(length),
              'Content-Range': `${start}-${start + length - 1}`
            },
            body: () => session.take(length),
            what,
            context,
            retry: false
          })
          await this.expect(response, [202], context)
          location = this.location(response)
          session.confirm(start + length)
        }
        session.verify(what)
        const response = await this.send({
          method: 'PUT',
          url: withDigest(location, blob.digest),
          scopes: [pushScope(repository)],
          headers: { 'Content-Length': '0' },
          what,
          context,
          retry: false
        })
        await this.expect(response, [201], context)
      },
      {
        policy: this.policy,
        clock: this.clock,
        classify: error => this.classify(error),
        onRetry: (error, attempt, delayMs) =>
          this.logger?.info(
            `${what}: ${describe(error)}; resuming in ${delayMs} ms (attempt ${attempt + 1})`
          )
      }
    ).catch(error => {
      throw this.toRegistryError(error, context)
    })
  }

  /**
   * After a cut upload: asks the registry how much it kept (`Range: 0-N`) and continues from
   * there; when it kept nothing usable, starts a new upload.
   */
  private async resume(
    repository: string,
    session: UploadSession,
    location: string,
    what: string
  ): Promise<string> {
    const response = await this.send({
      method: 'GET',
      url: location,
      scopes: [pushScope(repository)],
      what,
      context: { phase: 'push', repository }
    })
    await discard(response)
    const range = /^(?:bytes=)?0-(\d+)$/.exec(response.headers.get('range') ?? '')
    // Distribution answers `0-0` for an empty upload and for one holding a single byte alike:
    // only a new session has a known offset then, and at most one byte is lost.
    const ambiguous = range?.[1] === '0'
    if (response.status === 204 && !ambiguous && (range || !response.headers.get('range'))) {
      const kept = range ? Number(range[1]) + 1 : 0
      this.logger?.debug(`${what}: the registry kept ${kept} of ${session.blob.size} bytes`)
      await session.rewind(kept)
      return this.location(response, location)
    }
    this.logger?.debug(`${what}: upload session gone (HTTP ${response.status}); starting over`)
    await session.rewind(0)
    return this.startUpload(repository, what)
  }

  private location(response: Response, fallback?: string): string {
    const header = response.headers.get('location') ?? fallback
    if (!header) {
      throw new RegistryError(`The registry answered HTTP ${response.status} without a Location`, {
        fix: 'The registry does not follow the OCI distribution protocol; check the registry host.'
      })
    }
    return new URL(header, this.baseUrl).toString()
  }

  /** One request, authenticated for `scopes`, retried on network errors, 5xx and 429. */
  private async send(spec: RequestSpec): Promise<Response> {
    let attempts = 0
    const attemptOnce = async (): Promise<Response> => {
      attempts++
      const challenge = await this.ping()
      let response = await this.fetchWithAuth(spec, challenge, false)
      if (response.status === 401 && challenge?.scheme === 'bearer') {
        // A token can expire or lack a scope the registry wants: renew it once, never more.
        await discard(response)
        const extra = parseWwwAuthenticate(response.headers.get('www-authenticate') ?? '').find(
          c => c.scheme === 'bearer'
        )?.params.scope
        const scopes = extra ? [...new Set([...spec.scopes, ...extra.split(' ')])] : spec.scopes
        if (spec.retry === false) {
          // An upload request's body stream is spent: the upload resumes from what the
          // registry kept, and its next request fetches the new token.
          this.tokens.delete(scopeKey(spec.scopes))
          throw new TransientResponse(response, '', 0)
        }
        response = await this.fetchWithAuth({ ...spec, scopes }, challenge, true)
      }
      if (response.status >= 500 || response.status === 429) {
        const body = await response.text()
        throw new TransientResponse(
          response,
          body,
          parseRetryAfter(response.headers.get('retry-after'), this.clock.now())
        )
      }
      return response
    }
    if (spec.retry === false) return attemptOnce()
    return withRetry(attemptOnce, {
      policy: this.policy,
      clock: this.clock,
      classify: error => this.classify(error),
      onRetry: (error, attempt, delayMs) =>
        this.logger?.info(
          `${spec.what}: ${describe(error)}; retrying in ${delayMs} ms (attempt ${attempt + 1})`
        )
    }).catch(error => {
      throw this.toRegistryError(error, { ...spec.context, attempts })
    })
  }

  private async fetchWithAuth(
    spec: RequestSpec,
    challenge: AuthChallenge | undefined,
    renew: boolean
  ): Promise<Response> {
    const headers: Record<string, string> = { 'User-Agent': 'ocir-push', ...spec.headers }
    if (challenge?.scheme === 'bearer' && this.credentials) {
      headers.Authorization = `Bearer ${await this.bearerToken(challenge, spec.scopes, renew)}`
    } else if (challenge?.scheme === 'basic' && this.credentials) {
      headers.Authorization = basicAuthorization(this.credentials)
    }
    const url = new URL(spec.url, this.baseUrl).toString()
    this.logger?.debug(`${spec.method} ${redactQuery(url)}`)
    const body = spec.body?.()
    if (body && !(body instanceof Uint8Array)) return this.stream(url, spec.method, headers, body)
    return this.fetchWatched(url, {
      method: spec.method,
      headers,
      body: body as RequestInit['body'],
      redirect: 'follow'
    } as RequestInit)
  }

  /**
   * Sends a streamed blob body through node:http(s): the source's buffers go to the socket as
   * they are, paced by backpressure. fetch copies every chunk and the copies linger until a
   * late garbage collection, which made a large push hold hundreds of MiB. A request whose
   * socket moves no byte either way for the stall timeout is cut, like a reset.
   */
  private stream(
    url: string,
    method: string,
    headers: Record<string, string>,
    body: AsyncIterable<Uint8Array>
  ): Promise<Response> {
    const target = new URL(url)
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest
    return new Promise((resolve, reject) => {
      const request = send(target, { method, headers })
      request.setTimeout(this.stallTimeoutMs, () =>
        request.destroy(new StalledRequestError(this.stallTimeoutMs))
      )
      request.once('response', answer => {
        request.setTimeout(0)
        resolve(toResponse(answer))
      })
      // The body can be through (written to the socket) when the connection is cut: the
      // request's own error is the one that counts. After an answer, both are moot.
      request.on('error', reject)
      pipeline(Readable.from(body, { objectMode: false }), request).catch(reject)
    })
  }

  /**
   * fetch (small bodies only), cut when no answer has come for the stall timeout. A hung
   * connection then fails like a reset (and is retried) instead of holding the push forever.
   */
  private async fetchWatched(url: string | URL, init: RequestInit): Promise<Response> {
    const controller = new AbortController()
    const timer = setTimeout(
      () => controller.abort(new StalledRequestError(this.stallTimeoutMs)),
      this.stallTimeoutMs
    )
    try {
      return await this.fetchImpl(url, { ...init, signal: controller.signal })
    } finally {
      clearTimeout(timer)
    }
  }

  /** `GET /v2/` once, unauthenticated, to learn how the registry wants to be spoken to. */
  private ping(): Promise<AuthChallenge | undefined> {
    this.challenge ??= withRetry(
      async () => {
        const response = await this.fetchWatched(`${this.baseUrl}/v2/`, {
          headers: { 'User-Agent': 'ocir-push' }
        })
        if (response.status >= 500 || response.status === 429) {
          throw new TransientResponse(
            response,
            await response.text(),
            parseRetryAfter(response.headers.get('retry-after'), this.clock.now())
          )
        }
        await discard(response)
        if (response.status === 401) {
          const challenges = parseWwwAuthenticate(response.headers.get('www-authenticate') ?? '')
          return (
            challenges.find(c => c.scheme === 'bearer') ??
            challenges.find(c => c.scheme === 'basic')
          )
        }
        return undefined
      },
      { policy: this.policy, clock: this.clock, classify: error => this.classify(error) }
    ).catch(error => {
      this.challenge = undefined
      throw this.toRegistryError(error, { phase: 'ping' })
    })
    return this.challenge
  }

  private bearerToken(challenge: AuthChallenge, scopes: string[], renew = false): Promise<string> {
    // A pull,push token serves pulls from the same repository too: no second token request.
    const widened = scopeKey(scopes.map(scope => scope.replace(/:pull$/, ':pull,push')))
    const key =
      !renew && !this.tokens.has(scopeKey(scopes)) && this.tokens.has(widened)
        ? widened
        : scopeKey(scopes)
    const cached = this.tokens.get(key)
    if (cached && !renew) {
      return cached.then(token =>
        token.expiresAt > this.clock.now() ? token.value : this.bearerToken(challenge, scopes, true)
      )
    }
    const pending = this.fetchToken(challenge, scopes)
    this.tokens.set(key, pending)
    pending.catch(() => this.tokens.delete(key))
    return pending.then(token => token.value)
  }

  private async fetchToken(challenge: AuthChallenge, scopes: string[]): Promise<CachedToken> {
    const realm = challenge.params.realm
    const what = `Signing in to ${this.registry}`
    if (!realm) {
      throw new RegistryError(`${what}: the registry's Bearer challenge names no realm`, {
        fix: 'Check the registry host: it does not answer like a distribution registry.'
      })
    }
    const url = new URL(realm)
    if (challenge.params.service) url.searchParams.set('service', challenge.params.service)
    for (const scope of scopes) url.searchParams.append('scope', scope)
    const response = await withRetry(
      async () => {
        this.logger?.debug(`GET ${url.origin}${url.pathname} (token for ${scopes.join(' ')})`)
        const answer = await this.fetchWatched(url, {
          headers: {
            'User-Agent': 'ocir-push',
            ...(this.credentials ? { Authorization: basicAuthorization(this.credentials) } : {})
          }
        })
        if (answer.status >= 500 || answer.status === 429) {
          throw new TransientResponse(
            answer,
            await answer.text(),
            parseRetryAfter(answer.headers.get('retry-after'), this.clock.now())
          )
        }
        return answer
      },
      { policy: this.policy, clock: this.clock, classify: error => this.classify(error) }
    ).catch(error => {
      throw this.toRegistryError(error, { phase: 'token' })
    })
    await this.expect(response, [200], { phase: 'token' }, true)
    const body = (await response.json()) as {
      token?: string
      access_token?: string
      expires_in?: number
    }
    const value = body.token ?? body.access_token
    if (!value) {
      throw new RegistryError(`${what}: the token endpoint returned no token`, {
        fix: 'Check the registry host: its token endpoint does not answer like OCIR.'
      })
    }
    // Renew a little early so a token never expires between cache lookup and use.
    const lifetimeMs = Math.max(0, (body.expires_in ?? 60) * 1000 - 10_000)
    return { value, expiresAt: this.clock.now() + lifetimeMs }
  }

  private classify(error: unknown): RetryDecision {
    if (error instanceof TransientResponse) return { retry: true, retryAfterMs: error.retryAfterMs }
    if (error instanceof RegistryError) return { retry: false }
    // Anything else thrown by fetch or a body stream is the network: a reset, a refusal, a stall.
    return { retry: isNativeError(error) && !(error.cause instanceof UploadContentError) }
  }

  /** Throws a diagnosed `RegistryError` unless the answer is one of `ok`. */
  private async expect(
    response: Response,
    ok: number[],
    context: RequestContext,
    keepBody = false
  ): Promise<void> {
    if (ok.includes(response.status)) {
      if (!keepBody) await discard(response)
      return
    }
    throw registryFailure(response.status, await response.text(), context, this.facts())
  }

  private toRegistryError(error: unknown, context: RequestContext): Error {
    if (error instanceof RegistryError) return error
    if (isNativeError(error) && error.cause instanceof UploadContentError) return error.cause
    if (error instanceof TransientResponse) {
      return registryFailure(error.response.status, error.body, context, this.facts())
    }
    return transportFailure(error, context, this.facts())
  }

  private facts(): ClientFacts {
    return { host: this.registry, credentials: this.credentials, hostInput: this.hostInput }
  }
}

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`
}

function scopeKey(scopes: string[]): string {
  return [...scopes].sort().join(' ')
}

function basicAuthorization(credentials: Credentials): string {
  return `Basic ${Buffer.from(`${credentials.username}:${credentials.token}`).toString('base64')}`
}

function withDigest(location: string, digest: string): string {
  const url = new URL(location)
  url.searchParams.set('digest', digest)
  return url.toString()
}

/** Upload URLs carry opaque state; logs need only the path. */
function redactQuery(url: string): string {
  const parsed = new URL(url)
  return `${parsed.origin}${parsed.pathname}`
}

/** An answer of node:http as a fetch Response, so every answer is read one way. */
function toResponse(answer: IncomingMessage): Response {
  const headers = new Headers()
  for (const [name, value] of Object.entries(answer.headers)) {
    for (const item of [value ?? []].flat()) headers.append(name, item)
  }
  const status = answer.statusCode ?? 0
  const bodiless = status === 204 || status === 205 || status === 304
  if (bodiless) answer.resume()
  return new Response(bodiless ? null : (Readable.toWeb(answer) as ReadableStream<Uint8Array>), {
    status,
    statusText: answer.statusMessage ?? '',
    headers
  })
}

async function discard(response: Response): Promise<void> {
  await response.body?.cancel()
}

function describe(error: unknown): string {
  if (error instanceof TransientResponse) return `HTTP ${error.response.status}`
  return isNativeError(error)
    ? isNativeError(error.cause)
      ? error.cause.message
      : error.message
    : String(error)
}

/** The source's bytes are not the blob its digest names: retrying cannot help. */
export class UploadContentError extends RegistryError {}

/**
 * The state of one blob upload: where the source stream is, and the sha256 of what was sent.
 * Hash snapshots at confirmed offsets let a resumed upload continue without re-reading.
 */
class UploadSession {
  offset = 0
  private hash: Hash = createHash('sha256')
  private confirmed = new Map<number, Hash>([[0, createHash('sha256')]])
  private iterator?: AsyncIterator<Buffer>
  private leftover?: Buffer
  private stream?: Readable

  constructor(readonly blob: BlobContent) {}

  /** The next `length` bytes of the blob, hashed as they go out. */
  async *take(length: number): AsyncGenerator<Buffer> {
    let remaining = length
    while (remaining > 0) {
      const chunk = await this.next()
      const piece = chunk.length > remaining ? chunk.subarray(0, remaining) : chunk
      if (piece.length < chunk.length) this.leftover = chunk.subarray(remaining)
      this.hash.update(piece)
      this.offset += piece.length
      remaining -= piece.length
      yield piece
    }
  }

  /** The registry holds everything up to `offset`. */
  confirm(offset: number): void {
    this.confirmed.set(offset, this.hash.copy())
  }

  /** Continues from `offset`: reopens the source there and brings the hash up to it locally. */
  async rewind(offset: number): Promise<void> {
    const base = Math.max(...[...this.confirmed.keys()].filter(known => known <= offset))
    this.stream?.destroy()
    this.stream = this.blob.open(base)
    this.iterator = this.stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>
    this.leftover = undefined
    this.hash = this.confirmed.get(base)!.copy()
    this.offset = base
    for await (const piece of this.take(offset - base)) void piece
  }

  verify(what: string): void {
    const digest = `sha256:${this.hash.copy().digest('hex')}`
    this.stream?.destroy()
    if (this.offset !== this.blob.size || digest !== this.blob.digest) {
      throw new UploadContentError(
        `${what}: the source's content is ${digest} (${this.offset} bytes), not ${this.blob.digest} (${this.blob.size} bytes)`,
        {
          fix: 'The image source changed or is corrupt; rebuild or re-export the image and push again.'
        }
      )
    }
  }

  private async next(): Promise<Buffer> {
    if (this.leftover) {
      const chunk = this.leftover
      this.leftover = undefined
      return chunk
    }
    if (!this.iterator) {
      this.stream = this.blob.open(0)
      this.iterator = this.stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>
    }
    const { value, done } = await this.iterator.next()
    if (done) {
      throw new UploadContentError(
        `The source of blob ${this.blob.digest} ended at ${this.offset} bytes`,
        {
          fix: 'The image source changed or is corrupt; rebuild or re-export the image and push again.'
        }
      )
    }
    return value
  }
}
