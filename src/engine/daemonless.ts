import { mkdtemp, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { isNativeError } from 'node:util/types'
import { Inputs } from '../common/constants.js'
import { InputError, RegistryError } from '../common/errors.js'
import { PartialPushError } from './partial-push.js'
import type { PushResult } from './types.js'
import { openImageSource, type FileImageSource } from '../sources/open.js'
import { platformsOf, sizeOf, type ImageNode } from '../image/content.js'
import { limiter, type Limiter } from '../common/limiter.js'
import { type BlobOutcome, type BlobProgress, type RegistryClient } from '../registry/client.js'
import { RegistryResponseError } from '../registry/errors.js'
import { sha256Digest } from '../image/digest.js'
import type { BlobContent, Manifest } from '../image/content.js'
import {
  MediaTypes,
  formatPlatform,
  isIndexMediaType,
  type Descriptor,
  type ImageManifest,
  type Platform
} from '../image/media-types.js'
import { requireSourcePath } from '../sources/path.js'
import type { ProgressSink } from '../common/logger.js'
import { PushProgress } from './progress.js'

/**
 * Blob uploads in flight at once: enough to fill a link and to check every blob of a typical
 * image in one round, few enough not to trip rate limits.
 */
export const UPLOAD_CONCURRENCY = 8

export interface PushTarget {
  client: RegistryClient
  /** Path under the registry host: `<namespace>/<repo>`. */
  repository: string
  /** Every tag the image gets; the first is the pull reference. */
  tags: string[]
  /**
   * The push's controller, whose signal the client was given: aborted from outside to cancel,
   * and by the first part of the push that fails for good, so its siblings stop too.
   */
  controller?: AbortController
  /** Where the uploads' progress goes; none is shown without it. */
  progress?: ProgressSink
}

export interface SourcePushOptions {
  /**
   * A directory of the run's where a `docker save` tarball's layers are gzipped once, for the
   * push; without it they are gzipped again for each upload.
   */
  scratchParent?: string
}

/**
 * Pushes an image from an OCI layout or a `docker save` tarball (no Docker involved): blobs
 * in parallel, platform manifests by digest, then the image under every tag at once.
 */
export async function pushImageFromSource(
  source: FileImageSource,
  target: PushTarget,
  options: SourcePushOptions = {}
): Promise<PushResult> {
  const [outcome] = await pushImageToTargets(source, [target], options)
  if (outcome!.status === 'rejected') throw outcome!.reason
  return outcome!.value
}

/**
 * `pushImageFromSource` to several targets at once: the source is read (a tarball's layers
 * compressed) once, and every target gets its blobs in parallel, under one limit of uploads
 * in flight. A target that fails stops only its own uploads (its controller); the others go
 * on. Settles with each target's outcome, in the order given; throws only when the source
 * itself cannot be read.
 */
export async function pushImageToTargets(
  source: FileImageSource,
  targets: readonly PushTarget[],
  options: SourcePushOptions = {}
): Promise<PromiseSettledResult<PushResult>[]> {
  if (source.kind !== 'docker-archive' || !options.scratchParent) {
    return pushOpened(source, targets)
  }
  // Private (mkdtemp: 0700), and gone once the push is over, whatever its outcome.
  const scratch = await mkdtemp(join(options.scratchParent, 'ocir-push-layers-'))
  try {
    return await pushOpened(source, targets, scratch)
  } finally {
    await rm(scratch, { recursive: true, force: true, maxRetries: 3, retryDelay: 100 })
  }
}

async function pushOpened(
  source: FileImageSource,
  targets: readonly PushTarget[],
  scratch?: string
): Promise<PromiseSettledResult<PushResult>[]> {
  const { image, access } = await openAuthorised(source, targets, scratch)
  if (image) requireSha256Children(image)
  const upload = limiter(UPLOAD_CONCURRENCY)
  return Promise.allSettled(
    targets.map(async (target, index) => {
      const granted = access[index]!
      if (granted.status === 'rejected') throw granted.reason
      return pushImage(image!, target, upload)
    })
  )
}

/** Pushes the opened image to one target, its uploads through the run's `upload` limit. */
async function pushImage(
  image: ImageNode,
  target: PushTarget,
  upload: Limiter
): Promise<PushResult> {
  const { client, repository, controller } = target
  const progress = target.progress && showProgress(image, target.progress, controller?.signal)
  const blobs = new Map<string, Promise<unknown>>()
  const pushBlob = (blob: BlobContent): Promise<unknown> => {
    if (!blobs.has(blob.digest)) {
      blobs.set(
        blob.digest,
        upload(async () => {
          // Queued uploads do not start once the push is cancelled or a sibling failed.
          controller?.signal.throwIfAborted()
          const outcome = await client.pushBlob(repository, blob, {
            ...(progress ? { progress: progress.of(blob) } : {})
          })
          progress?.finished(blob, outcome)
        }).catch(abortSiblings(controller))
      )
    }
    return blobs.get(blob.digest)!
  }
  const pushContent = async (node: ImageNode): Promise<void> => {
    await Promise.all([...node.blobs.map(pushBlob), ...node.children.map(pushChild)])
  }
  const pushChild = async (node: ImageNode): Promise<void> => {
    await pushContent(node)
    await client.putManifest(repository, node.digest, node)
  }
  try {
    try {
      await pushContent(image)
    } finally {
      progress?.stop()
    }
    controller?.signal.throwIfAborted()
    // No tags: the image by digest alone, for a later merge into an index (matrix builds).
    if (target.tags.length === 0) await client.putManifest(repository, image.digest, image)
    else await putTags(client, repository, image, target.tags)
  } finally {
    // Unused upload sessions are cancelled while the manifests go up.
    await client.settled()
  }
  return {
    digest: image.digest,
    pushed: target.tags.map(tag => reference(client, repository, tag)),
    platforms: platformsOf(image),
    size: sizeOf(image)
  }
}

/** Monotonic: a rate is not thrown off by the wall clock being set. */
const monotonicClock = { now: () => performance.now() }

interface ShownProgress {
  /** What the upload of `blob` reports to. */
  of(blob: BlobContent): BlobProgress
  finished(blob: BlobContent, outcome: BlobOutcome): void
  stop(): void
}

/**
 * The progress of the image's blobs through `sink`: their lines as they come, and a status
 * each interval until every blob is in the registry, the push fails or `signal` aborts. The
 * timer is unref'd: the uploads are what keeps the process running.
 */
function showProgress(image: ImageNode, sink: ProgressSink, signal?: AbortSignal): ShownProgress {
  const progress = new PushProgress(blobsOf(image), monotonicClock)
  const timer = setInterval(() => {
    const status = progress.status()
    if (status) sink.status(status)
  }, sink.statusIntervalMs).unref()
  const stop = (): void => {
    clearInterval(timer)
    signal?.removeEventListener('abort', stop)
  }
  signal?.addEventListener('abort', stop, { once: true })
  return {
    of: blob => ({
      uploading: () => sink.line(progress.uploading(blob)),
      sent: offset => progress.advance(blob.digest, offset)
    }),
    finished: (blob, outcome) => {
      for (const line of progress.finished(blob, outcome)) sink.line(line)
      if (progress.done) stop()
    },
    stop
  }
}

/** Every blob of the image once, whatever number of its platforms share it. */
function blobsOf(node: ImageNode, found = new Map<string, BlobContent>()): BlobContent[] {
  for (const blob of node.blobs) found.set(blob.digest, blob)
  for (const child of node.children) blobsOf(child, found)
  return [...found.values()]
}

/**
 * The most requests a push of `image` to one target sends at once: a lookup and an upload
 * session per blob, for as many blobs as upload together, or a PUT per tag.
 */
function requestsAtOnce(image: ImageNode, tags: readonly string[]): number {
  const blobs = Math.min(blobsOf(image).length, UPLOAD_CONCURRENCY)
  return Math.min(Math.max(2 * blobs, tags.length), 2 * UPLOAD_CONCURRENCY)
}

/**
 * Registries address manifests by sha256 alone (a PUT by a sha512 digest is refused), so an
 * index whose platform manifests are named by sha512 could not be resolved once pushed. The
 * image itself may be: tags name it, and the push reports the sha256 the registry confirms.
 */
function requireSha256Children(node: ImageNode): void {
  for (const child of node.children) {
    if (child.sourceDigest && child.sourceDigest !== child.digest) {
      throw new InputError(
        Inputs.Image,
        `the image's index names platform manifest ${child.sourceDigest}; registries address manifests by sha256 only`,
        {
          fix: 'Export the image with sha256 digests, the default of docker, buildx, skopeo and crane.'
        }
      )
    }
    requireSha256Children(child)
  }
}

/**
 * Opens the source once it is known to be there (a missing path is the user's typo, whatever the
 * network would say) and each target's credentials are checked, so a wrong token fails in
 * seconds and before anything is uploaded; `access` says, per target, whether they work. A
 * docker archive's layers are compressed while opening it: the credentials are checked first,
 * and nothing is compressed when no target takes them. An OCI layout opens in milliseconds,
 * alongside the registries' challenges (and the Bearer push tokens), which then open the
 * connections its first requests need; Basic credentials are then proven by the blob lookups,
 * which all come before any upload.
 */
async function openAuthorised(
  source: FileImageSource,
  targets: readonly PushTarget[],
  scratch: string | undefined
): Promise<{ image?: ImageNode; access: PromiseSettledResult<unknown>[] }> {
  await requireSourcePath(source.kind, source.path)
  if (source.kind === 'oci') {
    const opening = openImageSource(source)
    const [image, access] = await Promise.all([
      opening,
      Promise.allSettled(
        targets.map(({ client, repository, tags }) =>
          client.preparePush(
            repository,
            opening.then(image => requestsAtOnce(image, tags))
          )
        )
      )
    ])
    return { image, access }
  }
  const access = await Promise.allSettled(
    targets.map(({ client, repository }) => client.checkPushAccess(repository))
  )
  if (access.every(outcome => outcome.status === 'rejected')) return { access }
  return { image: await openImageSource(source, scratch), access }
}

/**
 * Gives an image already in the registry (by digest or tag) every tag in `tags`: one manifest
 * PUT of the same bytes per tag, all at once, each confirmed to resolve to the one digest.
 * Returns the manifest, whose digest and size the caller reports.
 */
export async function fanOutTags(
  client: RegistryClient,
  repository: string,
  digestOrTag: string,
  tags: string[]
): Promise<Manifest> {
  const manifest = await client.getManifest(repository, digestOrTag)
  await putTags(client, repository, manifest, tags)
  return manifest
}

/** Bytes of config and layers of an image manifest; undefined for an index. */
export function manifestSize(manifest: Pick<Manifest, 'mediaType' | 'bytes'>): number | undefined {
  if (isIndexMediaType(manifest.mediaType)) return undefined
  const document = JSON.parse(manifest.bytes.toString('utf8')) as ImageManifest
  return [document.config, ...document.layers].reduce((total, blob) => total + blob.size, 0)
}

/**
 * Joins per-platform images pushed by digest (one per matrix job) into one index under
 * `tags`: an OCI index, or a Docker manifest list when every child is a Docker manifest.
 */
export async function mergeIndex(
  client: RegistryClient,
  repository: string,
  digests: string[],
  tags: string[]
): Promise<PushResult> {
  if (digests.length === 0) {
    throw new InputError(Inputs.MergeDigests, 'no digests to merge into an index', {
      fix: 'Pass the digests the per-platform jobs pushed, one per line.'
    })
  }
  await client.checkPushAccess(repository)
  const children = (
    await Promise.all(digests.map(digest => describeChildren(client, repository, digest)))
  ).flat()
  const unique = [...new Map(children.map(child => [child.digest, child])).values()]
  const docker = unique.every(child => child.mediaType === MediaTypes.DockerManifest)
  const mediaType = docker ? MediaTypes.DockerManifestList : MediaTypes.OciIndex
  const bytes = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType, manifests: unique }))
  const digest = await putTags(client, repository, { mediaType, bytes }, tags)
  return {
    digest,
    pushed: tags.map(tag => reference(client, repository, tag)),
    platforms: unique.flatMap(child => (child.platform ? [formatPlatform(child.platform)] : []))
  }
}

/** The descriptors an index needs for `digest`: itself with its platform, or an index's children. */
async function describeChildren(
  client: RegistryClient,
  repository: string,
  digest: string
): Promise<Descriptor[]> {
  const manifest = await client.getManifest(repository, digest).catch((error: unknown) => {
    if (!(error instanceof RegistryResponseError && error.status === 404)) throw error
    throw new InputError(
      Inputs.MergeDigests,
      `digest ${digest} is not in ${client.registry}/${repository}: was it pushed by the platform job to the same repository?`,
      {
        fix: 'Give every platform job and the merge job the same registry, namespace and repository, and pass the digest output of each platform job.',
        detail: error.body,
        cause: error
      }
    )
  })
  const document = JSON.parse(manifest.bytes.toString('utf8')) as ImageManifest & {
    manifests?: Descriptor[]
  }
  if (isIndexMediaType(manifest.mediaType)) return document.manifests ?? []
  const config = JSON.parse(
    (await client.getBlob(repository, document.config.digest)).toString('utf8')
  ) as Platform
  const platform: Platform = { architecture: config.architecture, os: config.os }
  if (config.variant) platform.variant = config.variant
  if (config['os.version']) platform['os.version'] = config['os.version']
  return [{ mediaType: manifest.mediaType, digest, size: manifest.bytes.length, platform }]
}

/**
 * PUTs the same bytes under every tag in parallel; each PUT is confirmed by the digest the
 * registry reports for it (see `putManifest`), so all tags are known to resolve to one digest.
 * A tag that fails leaves the others going: each is one short request, and every tag that
 * lands is one the report can name as pushed. The run's signal still stops them all.
 */
async function putTags(
  client: RegistryClient,
  repository: string,
  manifest: Pick<Manifest, 'mediaType' | 'bytes'>,
  tags: string[]
): Promise<string> {
  const results = await Promise.allSettled(
    tags.map(tag => client.putManifest(repository, tag, manifest))
  )
  const digest = sha256Digest(manifest.bytes)
  const pushed = tags.filter((_, i) => results[i]!.status === 'fulfilled')
  const failure = results.find(result => result.status === 'rejected')
  if (failure) {
    throw new PartialPushError(
      digest,
      pushed.map(tag => reference(client, repository, tag)),
      asRegistryError(failure.reason)
    )
  }
  return digest
}

/**
 * Rethrows a failure of one part of a push after aborting `controller`: the client gives up
 * its retries of the siblings, and what did succeed is still reported.
 */
function abortSiblings(controller: AbortController | undefined): (error: unknown) => never {
  return error => {
    controller?.abort(error)
    throw error
  }
}

function asRegistryError(error: unknown): RegistryError {
  if (error instanceof RegistryError) return error
  return new RegistryError(isNativeError(error) ? error.message : String(error), {
    fix: 'Run the push again.',
    cause: error
  })
}

function reference(client: RegistryClient, repository: string, tag: string): string {
  return `${client.registry}/${repository}:${tag}`
}
