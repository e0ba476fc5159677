import { request as httpRequest, type Agent, type IncomingMessage } from 'node:http'
import { request as httpsRequest } from 'node:https'
import type { Socket } from 'node:net'
import { finished } from 'node:stream/promises'
import { writeLentChunks } from '../../common/lent-chunks.js'
import type { Logger } from '../../common/logger.js'
import { OcirPushError } from '../../common/errors.js'
import {
  InsecureRedirectError,
  RedirectLoopError,
  RegistryNetworkError,
  RegistryResponseError,
  ResponseHeadersTooLargeError,
  ResponseTooLargeError,
  StalledRequestError,
  UnsupportedLocationError,
  UntrustedCertificateError,
  certificateProblem,
  nodeErrorCode,
  type RequestContext,
  type RequestFacts
} from '../errors.js'
import type { LentChunks } from '../../image/content.js'
import { Agents, type ProxyEnv } from './proxy.js'
import { parseRetryAfter } from './retry.js'

/** No byte sent and none received for this long: the connection hangs. */
export const DEFAULT_STALL_TIMEOUT_MS = 60_000

/** Error bodies and token answers; manifests may be larger. */
export const SMALL_BODY_LIMIT = 1024 * 1024
export const MANIFEST_BODY_LIMIT = 4 * 1024 * 1024
/** A blob read whole (an image config; a layer when verifying a push) is held in memory. */
export const BLOB_BODY_LIMIT = 512 * 1024 * 1024

const MAX_REDIRECTS = 5

export interface HttpRequest {
  method: string
  url: URL
  headers?: Record<string, string>
  /**
   * Bytes (resent on a 307/308) or lent chunks (`LentChunks`: sent once, each asked for when
   * the one before is on the socket; a redirect then comes back as the answer).
   */
  body?: Uint8Array | LentChunks
  /** The Authorization for a URL, or undefined where credentials may not go. */
  authorization?: (url: URL) => Promise<string | undefined>
  context: RequestContext
  /** Ends this exchange alone (the transport's signal ends every one). */
  signal?: AbortSignal
}

export interface HttpResponse {
  status: number
  /** Where the answer came from, after redirects. */
  url: URL
  header(name: string): string | undefined
  /** The body whole; an answer over `limit` bytes is a `ResponseTooLargeError`. */
  read(limit: number): Promise<Buffer>
  text(limit?: number): Promise<string>
  /** Drains the body so the connection can be reused. */
  discard(): Promise<void>
}

export interface TransportOptions {
  stallTimeoutMs?: number
  /** Aborting it destroys every request in flight; their calls reject with its reason. */
  signal?: AbortSignal
  /** Where the proxy variables are read (`HTTPS_PROXY`, `HTTP_PROXY`, `NO_PROXY`). */
  env?: ProxyEnv
  logger?: Logger
}

/** Facts for errors and logs: the URL without its query, which holds upload state. */
export function requestFacts(method: string, url: URL, context: RequestContext): RequestFacts {
  return { ...context, method, url: `${url.origin}${url.pathname}` }
}

/**
 * A location the registry named, resolved against the URL it answered for. Plain http after
 * https is refused: the next request would carry upload state (and maybe credentials) in clear.
 * Anything but http(s) is refused too.
 */
export function resolveLocation(location: string, base: URL, facts: RequestFacts): URL {
  const target = new URL(location, base)
  if (target.protocol !== 'http:' && target.protocol !== 'https:') {
    throw new UnsupportedLocationError(facts, target.protocol)
  }
  if (base.protocol === 'https:' && target.protocol !== 'https:') {
    throw new InsecureRedirectError(facts, `${target.origin}${target.pathname}`)
  }
  return target
}

/** `Authorization` only for `origin` (scheme, host and port): never to a redirect elsewhere. */
export function forOrigin(
  origin: string,
  value: () => Promise<string | undefined> | string | undefined
): (url: URL) => Promise<string | undefined> {
  return async url => (url.origin === origin ? value() : undefined)
}

const REDIRECTS = new Set([301, 302, 303, 307, 308])

/**
 * The one send path of the registry client, node:http(s) for every request. It follows
 * redirects (re-deciding Authorization per origin), cuts a stalled socket, honours the
 * signal, and turns 5xx and 429 into a `RegistryResponseError` the retry policy knows.
 */
export class HttpTransport {
  readonly stallTimeoutMs: number
  readonly signal?: AbortSignal
  private readonly agents: Agents
  private readonly logger?: Logger

  constructor(options: TransportOptions = {}) {
    this.stallTimeoutMs = options.stallTimeoutMs ?? DEFAULT_STALL_TIMEOUT_MS
    this.signal = options.signal
    this.agents = new Agents(options.env ?? process.env)
    this.logger = options.logger
  }

  async send(request: HttpRequest): Promise<HttpResponse> {
    let { method, url, body } = request
    for (let redirects = 0; ; redirects++) {
      const facts = requestFacts(method, url, request.context)
      const headers: Record<string, string> = { 'User-Agent': 'ocir-push', ...request.headers }
      const authorization = await request.authorization?.(url)
      if (authorization) headers.Authorization = authorization
      this.logger?.debug(`${method} ${facts.url}`)
      const agent = await this.agents.for(url)
      const response = await this.exchange(method, url, headers, body, facts, agent, request.signal)
      const location = response.header('location')
      const followable = body === undefined || body instanceof Uint8Array
      if (!REDIRECTS.has(response.status) || !location || !followable) {
        return this.failOnTransient(response, facts)
      }
      await response.discard()
      if (redirects >= MAX_REDIRECTS) {
        throw new RedirectLoopError(facts, MAX_REDIRECTS)
      }
      url = resolveLocation(location, url, facts)
      if (response.status === 303 || ([301, 302].includes(response.status) && method === 'POST')) {
        method = method === 'HEAD' ? 'HEAD' : 'GET'
        body = undefined
      }
    }
  }

  /** Closes idle keep-alive connections. */
  close(): void {
    this.agents.destroy()
  }

  private async failOnTransient(
    response: HttpResponse,
    facts: RequestFacts
  ): Promise<HttpResponse> {
    if (response.status < 500 && response.status !== 429) return response
    throw new RegistryResponseError(facts, {
      status: response.status,
      body: await response.text(),
      retryAfterMs: parseRetryAfter(response.header('retry-after') ?? null, Date.now())
    })
  }

  private exchange(
    method: string,
    url: URL,
    headers: Record<string, string>,
    body: Uint8Array | LentChunks | undefined,
    facts: RequestFacts,
    agent: Agent,
    own?: AbortSignal
  ): Promise<HttpResponse> {
    const signal = own && this.signal ? AbortSignal.any([this.signal, own]) : (own ?? this.signal)
    signal?.throwIfAborted()
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest
    if (body instanceof Uint8Array) headers['Content-Length'] ??= String(body.length)
    const request = send(url, { method, headers, agent })
    request.once('socket', keepSocketErrorsHandled)
    // One cause decides what every later error of this exchange means.
    let failure: unknown
    const cut = (reason: unknown): void => {
      failure ??= reason
      request.destroy(reason as Error)
    }
    const onAbort = (): void => cut(signal!.reason)
    signal?.addEventListener('abort', onAbort, { once: true })
    // The socket's idle timer covers both directions, the response body included.
    request.setTimeout(this.stallTimeoutMs, () =>
      cut(new StalledRequestError(facts, this.stallTimeoutMs))
    )
    request.once('close', () => signal?.removeEventListener('abort', onAbort))
    const explain = (error: unknown): unknown => {
      const cause = failure ?? error
      if (cause instanceof OcirPushError || cause === signal?.reason) return cause
      if (cause instanceof StalledRequestError) return cause
      const code = nodeErrorCode(cause)
      // An answer, but not one any registry gives: retrying gets the same one.
      if (code === 'HPE_HEADER_OVERFLOW') return new ResponseHeadersTooLargeError(facts)
      // Decided by Node's code, never its words: the same certificate is refused every time.
      const problem = certificateProblem(code)
      if (code && problem) return new UntrustedCertificateError(facts, code, problem, cause)
      return new RegistryNetworkError(facts, cause)
    }

    return new Promise((resolve, reject) => {
      request.once('response', answer =>
        resolve(new Answer(answer, url, facts, explain, this.stallTimeoutMs))
      )
      // The body can be through (written to the socket) when the connection is cut: the
      // request's own error is the one that counts. After an answer, both are moot.
      request.on('error', error => reject(explain(error)))
      if (body === undefined || body instanceof Uint8Array) {
        request.end(body)
      } else {
        writeLentChunks(body, request).catch((error: unknown) => {
          cut(error)
          reject(explain(error))
        })
      }
    })
  }
}

/** Sockets that have a listener of their own for 'error'. */
const handledSockets = new WeakSet<Socket>()

/**
 * Gives a socket an 'error' listener for its whole life. Node leaves a socket without one for
 * a moment while it hands it back to the pool (its `responseKeepAlive`), and an answer can come
 * before the body is all up (a registry refusing an upload): a cut or a reset landing then
 * would end the process with an unhandled 'error'. The request's own 'error' event still
 * carries every failure of an exchange.
 */
function keepSocketErrorsHandled(socket: Socket): void {
  if (handledSockets.has(socket)) return
  handledSockets.add(socket)
  socket.on('error', () => undefined)
}

/** An answer whose body was read inside the retried attempt, so a stall in it is retried. */
export function buffered(response: HttpResponse, bytes: Buffer): HttpResponse {
  return {
    status: response.status,
    url: response.url,
    header: name => response.header(name),
    read: async () => bytes,
    text: async () => bytes.toString('utf8'),
    discard: async () => undefined
  }
}

/** One answer, its body unread until asked for. */
class Answer implements HttpResponse {
  readonly status: number

  constructor(
    private readonly message: IncomingMessage,
    readonly url: URL,
    private readonly facts: RequestFacts,
    private readonly explain: (error: unknown) => unknown,
    private readonly stallTimeoutMs: number
  ) {
    this.status = message.statusCode ?? 0
    // Nothing follows the headers: the socket goes back to the pool without waiting for a read.
    if (facts.method === 'HEAD' || [204, 304].includes(this.status)) message.resume()
  }

  header(name: string): string | undefined {
    const value = this.message.headers[name.toLowerCase()]
    return Array.isArray(value) ? value.join(', ') : value
  }

  async read(limit: number): Promise<Buffer> {
    const declared = Number(this.header('content-length') ?? 0)
    if (declared > limit) {
      this.message.destroy()
      throw new ResponseTooLargeError(this.facts, limit)
    }
    const chunks: Buffer[] = []
    let size = 0
    // The idle timer never fires for a byte a second: a small answer must be whole within the
    // stall limit, however it trickles. Blobs and manifests may take longer on a slow link.
    const deadline =
      limit <= SMALL_BODY_LIMIT
        ? setTimeout(
            () =>
              this.message.destroy(new StalledRequestError(this.facts, this.stallTimeoutMs, true)),
            this.stallTimeoutMs
          )
        : undefined
    try {
      for await (const chunk of this.message as AsyncIterable<Buffer>) {
        size += chunk.length
        if (size > limit) {
          this.message.destroy()
          throw new ResponseTooLargeError(this.facts, limit)
        }
        chunks.push(chunk)
      }
    } catch (error) {
      throw error instanceof ResponseTooLargeError ? error : this.explain(error)
    } finally {
      clearTimeout(deadline)
    }
    // A body cut short by a reset or stall ends the iteration as "aborted", not as an error.
    if (!this.message.complete) throw this.explain(new Error('the answer was cut short'))
    return Buffer.concat(chunks)
  }

  async text(limit = SMALL_BODY_LIMIT): Promise<string> {
    return (await this.read(limit)).toString('utf8')
  }

  async discard(): Promise<void> {
    if (this.message.readableEnded || this.message.destroyed) return
    this.message.resume()
    await finished(this.message).catch(() => undefined)
  }
}
