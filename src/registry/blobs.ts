import type { Logger } from '../common/logger.js'
import { errorMessage, RegistryError } from '../common/errors.js'
import type { BlobContent } from '../image/content.js'
import { digestUnder } from '../image/digest.js'
import { UploadContentError, type RequestContext } from './errors.js'
import type { RegistryRequests } from './requests.js'
import { BLOB_BODY_LIMIT } from './transport/http.js'
import { retryTransient } from './transport/retry.js'

export type BlobOutcome = 'existed' | 'mounted' | 'uploaded'

export function pushScope(repository: string): string {
  return `repository:${repository}:pull,push`
}

export function pullScope(repository: string): string {
  return `repository:${repository}:pull`
}

/**
 * What a blob push tells as it goes. The bytes it reports are those sent in the current
 * attempt: `sent(offset)` says how far into the blob the upload has handed bytes to the
 * connection. After a cut the upload resumes from what the registry kept and the offset goes
 * back there, so a consumer that counts each blob's furthest offset counts no byte twice.
 */
export interface BlobProgress {
  /** The blob is neither in the repository nor mountable: its bytes go up now. */
  uploading(): void
  sent(offset: number): void
}

export interface BlobPushOptions {
  /** A repository of the same registry that holds the blob: mounted from there, not uploaded. */
  mountFrom?: string
  progress?: BlobProgress
}

export interface UploadLimits {
  /** Blobs up to this size go up in one PUT; larger ones in PATCH chunks of `chunkSize`. */
  monolithicLimit: number
  chunkSize: number
}

/** Blob lookup, reads, cross-repository mounts and resumable uploads. */
export class Blobs {
  /** Cancellations of upload sessions `push` opened for blobs that were there already. */
  private readonly dropping = new Set<Promise<void>>()

  constructor(
    private readonly requests: RegistryRequests,
    private readonly limits: UploadLimits,
    private readonly logger?: Logger
  ) {}

  async has(repository: string, digest: string): Promise<boolean> {
    const spec = {
      method: 'HEAD',
      url: `/v2/${repository}/blobs/${digest}`,
      scopes: [pullScope(repository)],
      what: `Checking blob ${digest}`,
      context: { phase: 'pull', repository } satisfies RequestContext
    }
    const response = await this.requests.send(spec)
    if (response.status === 404) return false
    await this.requests.expect(response, [200], spec)
    return true
  }

  /** Reads a blob (an image config) whole, verifying its digest. */
  async get(repository: string, digest: string): Promise<Buffer> {
    const spec = {
      method: 'GET',
      url: `/v2/${repository}/blobs/${digest}`,
      scopes: [pullScope(repository)],
      readLimit: BLOB_BODY_LIMIT,
      what: `Reading blob ${digest}`,
      context: { phase: 'pull', repository } satisfies RequestContext
    }
    const response = await this.requests.send(spec)
    await this.requests.expect(response, [200], spec, true)
    const bytes = await response.read(BLOB_BODY_LIMIT)
    if (digestUnder(digest, bytes) !== digest) {
      throw new RegistryError(`${spec.what}: the content does not match its digest`, {
        fix: 'The registry served corrupt content; push the image again.'
      })
    }
    return bytes
  }

  /**
   * Makes the blob exist in `repository`: nothing if it already does, a cross-repository
   * mount when `mountFrom` holds it, an upload otherwise. For an upload the lookup and the
   * session start go out together, so a missing blob (most of a new image's) is one round trip
   * sooner in the registry; the session opened for a blob that is there already is cancelled
   * while the push goes on (`settled` waits for that).
   */
  async push(
    repository: string,
    blob: BlobContent,
    { mountFrom, progress }: BlobPushOptions = {}
  ): Promise<BlobOutcome> {
    if (mountFrom && mountFrom !== repository) {
      return this.mount(repository, blob, mountFrom, progress)
    }
    const opening = this.start(repository, `Uploading blob ${blob.digest}`)
    // Its failure counts only for a blob that is missing: awaited below, or dropped.
    opening.catch(() => undefined)
    let exists: boolean
    try {
      exists = await this.has(repository, blob.digest)
    } catch (error) {
      this.drop(repository, opening)
      throw error
    }
    if (exists) {
      this.drop(repository, opening)
      return 'existed'
    }
    await this.upload(repository, blob, progress, await opening)
    return 'uploaded'
  }

  /** Resolves once every upload session dropped by `push` has been cancelled (or failed to). */
  async settled(): Promise<void> {
    while (this.dropping.size > 0) await Promise.all(this.dropping)
  }

  /**
   * A mount from `mountFrom`, after the lookup: a mount answers 201 for a blob that was there
   * already too, so only the lookup tells an existing blob from a mounted one.
   */
  private async mount(
    repository: string,
    blob: BlobContent,
    mountFrom: string,
    progress?: BlobProgress
  ): Promise<BlobOutcome> {
    if (await this.has(repository, blob.digest)) return 'existed'
    const query = new URLSearchParams({ mount: blob.digest, from: mountFrom })
    const spec = {
      method: 'POST',
      url: `/v2/${repository}/blobs/uploads/?${query}`,
      scopes: [pushScope(repository), pullScope(mountFrom)],
      headers: { 'Content-Length': '0' },
      what: `Uploading blob ${blob.digest}`,
      context: { phase: 'push', repository } satisfies RequestContext
    }
    const response = await this.requests.send(spec)
    await this.requests.expect(response, [201, 202], spec)
    if (response.status === 201) return 'mounted'
    await this.upload(repository, blob, progress, this.requests.location(response, spec))
    return 'uploaded'
  }

  /**
   * Cancels the session `opening` started, once it has: a session left open would only
   * expire, later, in the registry. Nothing the push needs depends on it, so its failure is
   * logged, not thrown, and it is not retried.
   */
  private drop(repository: string, opening: Promise<URL>): void {
    const what = 'Cancelling an unused upload session'
    const tracked: Promise<void> = opening
      .then(
        async location => {
          const spec = {
            method: 'DELETE',
            url: location,
            scopes: [pushScope(repository)],
            what,
            context: { phase: 'push', repository } satisfies RequestContext,
            retry: false
          }
          // 404: the registry has dropped it already.
          await this.requests.expect(await this.requests.send(spec), [204, 404], spec)
        },
        // A session that never opened needs no cancelling.
        () => undefined
      )
      .catch((error: unknown) => this.logger?.debug(`${what}: ${errorMessage(error)}`))
      .finally(() => this.dropping.delete(tracked))
    this.dropping.add(tracked)
  }

  private async start(repository: string, what: string): Promise<URL> {
    const spec = {
      method: 'POST',
      url: `/v2/${repository}/blobs/uploads/`,
      scopes: [pushScope(repository)],
      headers: { 'Content-Length': '0' },
      what,
      context: { phase: 'push', repository } satisfies RequestContext
    }
    const response = await this.requests.send(spec)
    await this.requests.expect(response, [202], spec)
    return this.requests.location(response, spec)
  }

  /**
   * One PUT for small blobs, PATCH chunks then a closing PUT for large ones. A failed request
   * is not repeated: the upload resumes from what the registry kept.
   */
  private async upload(
    repository: string,
    blob: BlobContent,
    progress: BlobProgress | undefined,
    started: URL
  ): Promise<void> {
    const what = `Uploading blob ${blob.digest}`
    const context: RequestContext = { phase: 'push', repository }
    const scopes = [pushScope(repository)]
    progress?.uploading()
    const session = new UploadSession(blob, progress && (offset => progress.sent(offset)))
    let location = started
    const put = async (length: number): Promise<void> => {
      const spec = {
        method: 'PUT',
        url: withDigest(location, blob.digest),
        scopes,
        headers: {
          'Content-Type': 'application/octet-stream',
          'Content-Length': String(length)
        },
        body: () => session.take(length),
        what,
        context,
        retry: false
      }
      const response = await this.requests.send(spec)
      await this.requests.expect(response, [201], spec)
    }
    // However the upload ends, the source closes its file.
    try {
      await retryTransient(
        async attempt => {
          if (attempt > 1) location = await this.resume(repository, session, location, what)
          if (blob.size <= this.limits.monolithicLimit && session.offset === 0) {
            return put(blob.size)
          }
          while (session.offset < blob.size) {
            const length = Math.min(this.limits.chunkSize, blob.size - session.offset)
            const start = session.offset
            const spec = {
              method: 'PATCH',
              url: location,
              scopes,
              headers: {
                'Content-Type': 'application/octet-stream',
                'Content-Length': String(length),
                'Content-Range': `${start}-${start + length - 1}`
              },
              body: () => session.take(length),
              what,
              context,
              retry: false
            }
            const response = await this.requests.send(spec)
            await this.requests.expect(response, [202], spec)
            location = this.requests.location(response, spec)
          }
          await put(0)
        },
        {
          ...this.requests.retry,
          onRetry: (error, attempt, delayMs) =>
            this.logger?.info(
              `${what}: ${errorMessage(error)}; resuming in ${delayMs} ms (attempt ${attempt + 1})`
            )
        }
      )
    } finally {
      await session.close()
    }
  }

  /**
   * After a cut upload: asks the registry how much it kept (`Range: 0-N`) and continues from
   * there; when it kept nothing usable, starts a new upload.
   */
  private async resume(
    repository: string,
    session: UploadSession,
    location: URL,
    what: string
  ): Promise<URL> {
    const spec = {
      method: 'GET',
      url: location,
      scopes: [pushScope(repository)],
      what,
      context: { phase: 'push', repository } satisfies RequestContext
    }
    const response = await this.requests.send(spec)
    await response.discard()
    const rangeHeader = response.header('range')
    const range = /^(?:bytes=)?0-(\d+)$/.exec(rangeHeader ?? '')
    // Distribution answers `0-0` for an empty upload and for one holding a single byte alike:
    // only a new session has a known offset then, and at most one byte is lost.
    const ambiguous = range?.[1] === '0'
    if (response.status === 204 && !ambiguous && (range || !rangeHeader)) {
      const kept = range ? Number(range[1]) + 1 : 0
      this.logger?.debug(`${what}: the registry kept ${kept} of ${session.blob.size} bytes`)
      await session.rewind(kept)
      return this.requests.location(response, spec, location)
    }
    this.logger?.debug(`${what}: upload session gone (HTTP ${response.status}); starting over`)
    await session.rewind(0)
    return this.start(repository, what)
  }
}

function withDigest(location: URL, digest: string): URL {
  const url = new URL(location)
  url.searchParams.set('digest', digest)
  return url
}

const REBUILD =
  'The image source changed or is corrupt; rebuild or re-export the image and push again.'

/**
 * The state of one blob upload: how far into the blob the source has been sent. Sources
 * check their bytes against the blob's digest and size (`BlobContent.open`), so the bytes
 * are hashed once, there: after the last byte has gone out the session asks the source for
 * its end, where a source whose content is not the blob's fails, before the request ends.
 */
export class UploadSession {
  offset = 0
  /** The source, lending each chunk until the next is asked for: at most the one in `leftover`. */
  private chunks?: AsyncIterator<Buffer>
  private leftover?: Buffer

  constructor(
    readonly blob: BlobContent,
    /** Told the offset each time bytes go out, and where a resume goes back to. */
    private readonly onOffset?: (offset: number) => void
  ) {}

  /**
   * The next `length` bytes of the blob, lent as the source lends them; with the last of
   * them, the source's end.
   */
  async *take(length: number): AsyncGenerator<Buffer> {
    let remaining = length
    while (remaining > 0) {
      const chunk = await this.next()
      const piece = chunk.length > remaining ? chunk.subarray(0, remaining) : chunk
      if (piece.length < chunk.length) this.leftover = chunk.subarray(remaining)
      this.offset += piece.length
      remaining -= piece.length
      this.onOffset?.(this.offset)
      yield piece
    }
    if (this.offset === this.blob.size) await this.end()
  }

  /** Continues from `offset`, what the registry kept: the source opens there afresh. */
  async rewind(offset: number): Promise<void> {
    await this.close()
    this.chunks = this.blob.open(offset)[Symbol.asyncIterator]()
    this.leftover = undefined
    this.offset = offset
    this.onOffset?.(this.offset)
  }

  /** Closes the source (its file); a later read opens it again. */
  async close(): Promise<void> {
    const chunks = this.chunks
    this.chunks = undefined
    await chunks?.return?.()
  }

  /** Asks the source past the blob's last byte: it checks the whole content there. */
  private async end(): Promise<void> {
    this.chunks ??= this.blob.open(this.offset)[Symbol.asyncIterator]()
    if (this.leftover || !(await this.chunks.next()).done) {
      throw new UploadContentError(
        `The source of blob ${this.blob.digest} has more than its ${this.blob.size} bytes`,
        { fix: REBUILD }
      )
    }
  }

  private async next(): Promise<Buffer> {
    if (this.leftover) {
      const chunk = this.leftover
      this.leftover = undefined
      return chunk
    }
    this.chunks ??= this.blob.open(this.offset)[Symbol.asyncIterator]()
    const { value, done } = await this.chunks.next()
    if (done) {
      throw new UploadContentError(
        `The source of blob ${this.blob.digest} ended at ${this.offset} bytes`,
        { fix: REBUILD }
      )
    }
    return value
  }
}
