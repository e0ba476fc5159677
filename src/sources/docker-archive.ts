import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { open } from 'node:fs/promises'
import { availableParallelism } from 'node:os'
import { posix } from 'node:path'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { createGzip } from 'node:zlib'
import { Inputs } from '../common/constants.js'
import { InputError } from '../common/errors.js'
import { sha256Digest } from '../image/digest.js'
import type { BlobContent } from '../image/content.js'
import { MediaTypes, formatPlatform, type Descriptor, type Platform } from '../image/media-types.js'
import { limiter } from '../common/limiter.js'
import type { ImageNode } from '../image/content.js'
import { blobPath, readOciLayout, type LayoutStore } from './oci-layout.js'
import { readTar, type TarEntry } from './tar.js'

/** `manifest.json` of `docker save`: one item per saved image. */
interface SavedImage {
  Config: string
  RepoTags?: string[] | null
  Layers: string[]
}

const UNCOMPRESSED_LAYERS = new Set<string>([
  MediaTypes.OciLayer,
  'application/vnd.docker.image.rootfs.diff.tar'
])

/**
 * Opens `docker-archive:<file>`. Docker 25+ writes an OCI layout inside the tar; older
 * versions only `manifest.json`. Either way, uncompressed layers are gzipped while streaming.
 */
export async function readDockerArchive(path: string): Promise<ImageNode> {
  const store = await tarStore(path)
  if ((await store.readFile('oci-layout')) && (await store.readFile('index.json'))) {
    return compressLayers(await readOciLayout(store), store)
  }
  return readLegacyArchive(store)
}

async function readLegacyArchive(store: TarStore): Promise<ImageNode> {
  const manifestBytes = await store.readFile('manifest.json')
  if (!manifestBytes) {
    throw new InputError(Inputs.Image, `${store.label} has neither manifest.json nor index.json`, {
      fix: 'Create the archive with `docker save <image> -o <file>`.'
    })
  }
  const saved = JSON.parse(manifestBytes.toString('utf8')) as SavedImage[]
  if (saved.length !== 1) {
    const names = saved.flatMap(item => item.RepoTags ?? []).join(', ')
    throw new InputError(Inputs.Image, `${store.label} holds ${saved.length} images (${names})`, {
      fix: 'Save exactly one image per archive: `docker save <image> -o <file>`.'
    })
  }
  const [image] = saved as [SavedImage]
  const configBytes = await store.readFile(image.Config)
  if (!configBytes) throw missing(store, image.Config)
  const config: BlobContent & { mediaType: string } = {
    mediaType: MediaTypes.DockerConfig,
    digest: sha256Digest(configBytes),
    size: configBytes.length,
    open: offset => Readable.from([configBytes.subarray(offset)])
  }
  const limit = limiter(availableParallelism())
  const layers = await Promise.all(
    image.Layers.map(layer => limit(() => layerBlob(store, layer, MediaTypes.DockerLayerGzip)))
  )
  const manifest = {
    schemaVersion: 2,
    mediaType: MediaTypes.DockerManifest,
    config: descriptor(config),
    layers: layers.map(descriptor)
  }
  const bytes = Buffer.from(JSON.stringify(manifest))
  return {
    mediaType: MediaTypes.DockerManifest,
    bytes,
    digest: sha256Digest(bytes),
    blobs: [config, ...layers],
    children: [],
    platform: platformOf(configBytes)
  }
}

/** Rewrites manifests whose layers are plain tars to gzip ones (and indexes to match). */
async function compressLayers(node: ImageNode, store: TarStore): Promise<ImageNode> {
  const document = JSON.parse(node.bytes.toString('utf8')) as {
    layers?: Descriptor[]
    manifests?: Descriptor[]
  }
  if (document.manifests) {
    const children = await Promise.all(node.children.map(child => compressLayers(child, store)))
    if (children.every((child, i) => child === node.children[i])) return node
    document.manifests = document.manifests.map((manifest, i) => ({
      ...manifest,
      digest: children[i]!.digest,
      size: children[i]!.bytes.length
    }))
    return rebuilt(node, document, node.blobs, children)
  }
  const layers = document.layers ?? []
  if (!layers.some(layer => UNCOMPRESSED_LAYERS.has(layer.mediaType))) return node
  const limit = limiter(availableParallelism())
  const blobs = await Promise.all(
    layers.map((layer, i) =>
      UNCOMPRESSED_LAYERS.has(layer.mediaType)
        ? limit(() => layerBlob(store, store.blobPath(layer.digest), gzipped(layer.mediaType)))
        : Promise.resolve({ ...node.blobs[i + 1]!, mediaType: layer.mediaType })
    )
  )
  document.layers = layers.map((layer, i) => ({ ...layer, ...descriptor(blobs[i]!) }))
  return rebuilt(node, document, [node.blobs[0]!, ...blobs], [])
}

function rebuilt(
  node: ImageNode,
  document: object,
  blobs: BlobContent[],
  children: ImageNode[]
): ImageNode {
  const bytes = Buffer.from(JSON.stringify(document))
  return { ...node, bytes, digest: sha256Digest(bytes), blobs, children }
}

function gzipped(mediaType: string): string {
  return mediaType === MediaTypes.OciLayer ? MediaTypes.OciLayerGzip : MediaTypes.DockerLayerGzip
}

/**
 * A layer as pushed: gzip-compressed while streaming unless it already is. The compressed
 * digest needs one pass up front; uploads compress again rather than keep a copy.
 */
async function layerBlob(
  store: TarStore,
  path: string,
  mediaType: string
): Promise<BlobContent & { mediaType: string }> {
  const entry = store.entry(path)
  if (!entry) throw missing(store, path)
  const raw = (start = 0): Readable =>
    createReadStream(store.path, {
      start: entry.offset + start,
      end: entry.offset + entry.size - 1,
      highWaterMark: 1024 * 1024
    })
  const head = await store.readRange(entry, 0, 2)
  if (head[0] === 0x1f && head[1] === 0x8b) {
    const { digest, size } = await measure(raw())
    return { mediaType, digest, size, open: raw }
  }
  const compressed = (): Readable => raw().pipe(createGzip())
  const { digest, size } = await measure(compressed())
  return { mediaType, digest, size, open: offset => skip(compressed(), offset) }
}

async function measure(stream: Readable): Promise<{ digest: string; size: number }> {
  const hash = createHash('sha256')
  let size = 0
  await pipeline(stream, async function* (chunks: AsyncIterable<Buffer>) {
    for await (const chunk of chunks) {
      hash.update(chunk)
      size += chunk.length
    }
    yield* []
  })
  return { digest: `sha256:${hash.digest('hex')}`, size }
}

function skip(stream: Readable, bytes: number): Readable {
  if (bytes === 0) return stream
  return Readable.from(
    (async function* () {
      let remaining = bytes
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        if (remaining >= chunk.length) {
          remaining -= chunk.length
          continue
        }
        yield chunk.subarray(remaining)
        remaining = 0
      }
    })()
  )
}

function descriptor(blob: BlobContent & { mediaType: string }): Descriptor {
  return { mediaType: blob.mediaType, digest: blob.digest, size: blob.size }
}

function platformOf(configBytes: Buffer): string | undefined {
  const config = JSON.parse(configBytes.toString('utf8')) as Platform
  return config.os && config.architecture ? formatPlatform(config) : undefined
}

function missing(store: TarStore, path: string): InputError {
  return new InputError(Inputs.Image, `${store.label} lacks ${path}`, {
    fix: 'The archive is incomplete or not from `docker save`; save the image again.'
  })
}

interface TarStore extends LayoutStore {
  path: string
  entry(name: string): TarEntry | undefined
  readRange(entry: TarEntry, start: number, length: number): Promise<Buffer>
  blobPath(digest: string): string
}

/** Indexes the archive once (names → data offsets) and then reads members in place. */
async function tarStore(path: string): Promise<TarStore> {
  const label = `docker archive ${path}`
  const entries = new Map<string, TarEntry>()
  try {
    for await (const { entry } of readTar(createReadStream(path, { highWaterMark: 1024 * 1024 }))) {
      entries.set(posix.normalize(entry.name), entry)
    }
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === 'ENOENT'
        ? 'does not exist'
        : (error as Error).message
    throw new InputError(Inputs.Image, `${label}: ${reason}`, {
      fix: 'Point image at a file written by `docker save <image> -o <file>`: docker-archive:<file>.',
      cause: error
    })
  }
  // `docker save` links repeated layers to their first copy.
  const resolve = (name: string, depth = 0): TarEntry | undefined => {
    const entry = entries.get(posix.normalize(name))
    if (entry?.type === 'symlink' && depth < 8) {
      return resolve(posix.join(posix.dirname(entry.name), entry.linkname), depth + 1)
    }
    if (entry?.type === 'hardlink' && depth < 8) return resolve(entry.linkname, depth + 1)
    return entry?.type === 'file' ? entry : undefined
  }
  const readRange = async (entry: TarEntry, start: number, length: number): Promise<Buffer> => {
    const handle = await open(path, 'r')
    try {
      const buffer = Buffer.alloc(Math.min(length, entry.size - start))
      await handle.read(buffer, 0, buffer.length, entry.offset + start)
      return buffer
    } finally {
      await handle.close()
    }
  }
  return {
    label,
    path,
    entry: resolve,
    readRange,
    blobPath: digest => blobPath({ label }, digest),
    readFile: async name => {
      const entry = resolve(name)
      return entry ? readRange(entry, 0, entry.size) : undefined
    },
    blob: (name, blob) => {
      const entry = resolve(name)
      if (!entry) throw missing({ label } as TarStore, name)
      return {
        digest: blob.digest,
        size: blob.size,
        open: offset =>
          createReadStream(path, {
            start: entry.offset + offset,
            end: entry.offset + entry.size - 1
          })
      }
    }
  }
}
