import { setMaxListeners } from 'node:events'
import type { Credentials, TokenSource } from './credentials.js'
import type { Logger } from '../common/logger.js'
import type { BlobContent, Manifest } from '../image/content.js'
import { Blobs, pushScope, type BlobOutcome, type BlobPushOptions } from './blobs.js'
import type { RequestContext } from './errors.js'
import { Manifests, type ManifestHead } from './manifests.js'
import { RegistryRequests } from './requests.js'
import { BearerTokens } from './transport/bearer.js'
import type { AuthChallenge } from './transport/challenge.js'
import { HttpTransport } from './transport/http.js'
import type { ProxyEnv } from './transport/proxy.js'
import {
  DEFAULT_RETRY_POLICY,
  systemClock,
  type Clock,
  type RetryPolicy
} from './transport/retry.js'

export type { BlobOutcome, BlobProgress, BlobPushOptions } from './blobs.js'

export interface RegistryClientOptions {
  /** `host[:port]`, as logged into. */
  registry: string
  /** Overrides the default scheme (plain HTTP for loopback hosts, HTTPS otherwise). */
  scheme?: 'http' | 'https'
  credentials?: Credentials
  /**
   * Instead of `credentials`: where Bearer tokens come from (an OCI-signed request to the
   * realm); asked again when a token is about to expire.
   */
  tokenSource?: TokenSource
  logger?: Logger
  retry?: RetryPolicy
  clock?: Clock
  /** Blobs up to this size go up in one PUT; larger ones in PATCH chunks of `chunkSize`. */
  monolithicLimit?: number
  chunkSize?: number
  /** A request whose socket moves no byte for this long is cut and retried like a reset. */
  stallTimeoutMs?: number
  /** The run's signal: aborting it ends every request and retry wait at once. */
  signal?: AbortSignal
  /** Where `HTTPS_PROXY`, `HTTP_PROXY` and `NO_PROXY` are read; `process.env` by default. */
  env?: ProxyEnv
  /** Called with each Bearer token the registry hands out, before it is used: mask it. */
  onSecret?(value: string): void
  /**
   * How the registry authenticates, when that is known without asking (OCIR's token realm):
   * no `GET /v2/` first. A 401 whose challenge says otherwise replaces it, and so does the
   * registry's own challenge, asked for once, when that realm gives no token.
   */
  knownChallenge?: AuthChallenge
  /**
   * Whether `preparePush` opens the connections for the requests after it while it signs in.
   * By default over HTTPS only: there each new connection costs a TCP and a TLS handshake, two
   * round trips; a plain-HTTP registry is one on loopback or the local network.
   */
  connectionsAhead?: boolean
}

/**
 * The scheme given, else Docker's rule: loopback registries over plain HTTP, everything else
 * over HTTPS.
 */
export function registryBaseUrl(registry: string, scheme?: 'http' | 'https'): string {
  const host = registry.startsWith('[')
    ? registry.slice(0, registry.indexOf(']') + 1)
    : registry.split(':')[0]!
  const loopback = host === 'localhost' || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host)
  return `${scheme ?? (loopback ? 'http' : 'https')}://${registry}`
}

/**
 * An OCI distribution client: authentication, manifests and blobs, with retries. Failures are
 * the typed errors of `./errors.js`; OCIR's wording is given above, by the engine.
 */
export class RegistryClient {
  readonly registry: string
  readonly baseUrl: string
  readonly monolithicLimit: number
  readonly chunkSize: number
  private readonly requests: RegistryRequests
  private readonly blobs: Blobs
  private readonly manifests: Manifests
  private readonly clock: Clock
  private readonly connectionsAhead: boolean

  constructor(options: RegistryClientOptions) {
    this.registry = options.registry
    this.baseUrl = registryBaseUrl(options.registry, options.scheme)
    this.monolithicLimit = options.monolithicLimit ?? 8 * 1024 * 1024
    this.chunkSize = options.chunkSize ?? 16 * 1024 * 1024
    this.connectionsAhead = options.connectionsAhead ?? this.baseUrl.startsWith('https:')
    // Each request in flight and each retry wait listens to the signal until it ends: a push
    // of many blobs has dozens at once, which Node would take for a leak and warn about.
    if (options.signal) setMaxListeners(Infinity, options.signal)
    const transport = new HttpTransport({
      ...(options.stallTimeoutMs === undefined ? {} : { stallTimeoutMs: options.stallTimeoutMs }),
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.env ? { env: options.env } : {}),
      ...(options.logger ? { logger: options.logger } : {})
    })
    const clock = (this.clock = options.clock ?? systemClock)
    const retry = {
      policy: options.retry ?? DEFAULT_RETRY_POLICY,
      clock,
      ...(options.signal ? { signal: options.signal } : {})
    }
    const auth = options.tokenSource ?? options.credentials
    this.requests = new RegistryRequests(
      new URL(this.baseUrl),
      transport,
      auth,
      retry,
      http =>
        new BearerTokens(http, new URL(this.baseUrl), auth, clock, retry, options.logger, value =>
          options.onSecret?.(value)
        ),
      options.logger,
      options.knownChallenge
    )
    this.blobs = new Blobs(this.requests, this, options.logger)
    this.manifests = new Manifests(this.requests, this.registry, options.logger)
  }

  /**
   * Learns how the registry authenticates and, for Bearer, gets the push token every later
   * request reuses: a wrong token or a missing push right fails here. Basic credentials are
   * proven by the first authenticated request instead, where a wrong token gets the same 401;
   * callers whose first requests are blob lookups therefore fail before any upload starts.
   * `connections`: how many requests the push sends at once next (known once its image is
   * open), for which connections are opened meanwhile.
   */
  async preparePush(
    repository: string,
    connections?: number | Promise<number>
  ): Promise<AuthChallenge | undefined> {
    const started = this.clock.now()
    const signIn = this.requests.signIn([pushScope(repository)])
    // An image that cannot be opened says so itself, to the caller.
    const count = Promise.resolve(connections ?? 0).catch(() => 0)
    if (connections === undefined || !this.connectionsAhead) return (await signIn).challenge
    const warming = new AbortController()
    const warmUps = this.warmUp(count, warming.signal)
    try {
      const { challenge } = await signIn
      // A warm-up is the sign-in's twin (a new connection, one small answer): one that takes
      // twice as long is not waited for; the request it was for opens a connection itself.
      await Promise.race([
        warmUps,
        this.clock.sleep(this.clock.now() - started, warming.signal).catch(() => undefined)
      ])
      return challenge
    } finally {
      warming.abort()
      await warmUps
    }
  }

  /**
   * Opens connections for the `connections` requests the push sends at once after the sign-in,
   * while it is in flight, so that they find them open. The sign-in's own is one of them.
   */
  private async warmUp(connections: Promise<number>, signal: AbortSignal): Promise<void> {
    const ahead = Math.max(0, (await connections) - 1)
    await Promise.all(Array.from({ length: ahead }, () => this.requests.warmUp(signal)))
  }

  /**
   * A Bearer token for `repositories` (pull,push each), or one that only signs in when there
   * are none: what `docker login` is given as the password of `BEARER_TOKEN`. Undefined when
   * the registry does not ask for Bearer tokens.
   */
  async loginToken(repositories: readonly string[] = []): Promise<string | undefined> {
    return (await this.requests.signIn(repositories.map(pushScope))).token
  }

  /**
   * Checks the credentials can push to `repository` before anything is uploaded: a token
   * request with pull,push scope (Bearer) or an authenticated `/v2/` (Basic).
   */
  async checkPushAccess(repository: string): Promise<void> {
    const challenge = await this.preparePush(repository)
    if (challenge?.scheme !== 'basic') return
    const spec = {
      method: 'GET',
      url: '/v2/',
      scopes: [],
      what: 'Signing in',
      context: { phase: 'login', repository } satisfies RequestContext
    }
    const response = await this.requests.send(spec)
    await this.requests.expect(response, [200], spec)
  }

  headManifest(repository: string, reference: string): Promise<ManifestHead | undefined> {
    return this.manifests.head(repository, reference)
  }

  getManifest(repository: string, reference: string): Promise<Manifest> {
    return this.manifests.get(repository, reference)
  }

  /** PUTs the manifest's exact bytes under `reference`; the digest, once the registry confirms it. */
  putManifest(
    repository: string,
    reference: string,
    manifest: Pick<Manifest, 'mediaType' | 'bytes'>
  ): Promise<string> {
    return this.manifests.put(repository, reference, manifest)
  }

  hasBlob(repository: string, digest: string): Promise<boolean> {
    return this.blobs.has(repository, digest)
  }

  /** Reads a blob (an image config) whole, verifying its digest. */
  getBlob(repository: string, digest: string): Promise<Buffer> {
    return this.blobs.get(repository, digest)
  }

  /**
   * Makes the blob exist in `repository`: nothing if it already does, a cross-repository
   * mount when `mountFrom` holds it, an upload otherwise (its bytes told to `progress`).
   */
  pushBlob(repository: string, blob: BlobContent, options?: BlobPushOptions): Promise<BlobOutcome> {
    return this.blobs.push(repository, blob, options)
  }

  /**
   * Resolves once the upload sessions `pushBlob` opened for blobs already there are cancelled:
   * a push awaits it at its end, so that nothing it started outlives it.
   */
  settled(): Promise<void> {
    return this.blobs.settled()
  }
}
