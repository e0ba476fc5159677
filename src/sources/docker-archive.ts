import { createHash, randomUUID } from 'node:crypto'
import { createReadStream, createWriteStream } from 'node:fs'
import { availableParallelism } from 'node:os'
import { join, posix } from 'node:path'
import { Readable, type Writable } from 'node:stream'
import { finished } from 'node:stream/promises'
import { createGzip } from 'node:zlib'
import { Inputs } from '../common/constants.js'
import { InputError } from '../common/errors.js'
import { writeLentChunks } from '../common/lent-chunks.js'
import { limiter } from '../common/limiter.js'
import {
  uniqueByDigest,
  type BlobContent,
  type ImageNode,
  type LentChunks
} from '../image/content.js'
import { sha256Digest } from '../image/digest.js'
import { MediaTypes, isIndexMediaType, type Descriptor } from '../image/media-types.js'
import { readConfigPlatform, readSavedImages, type DocumentOrigin } from './documents.js'
import { readOciLayout } from './oci-layout.js'
import {
  fileRange,
  originOf,
  readAll,
  readDocumentFile,
  readRange,
  verifiedContent,
  type LayoutStore,
  type StoredFile
} from './store.js'
import { readTar, type TarEntry } from './tar.js'
import { requireSourcePath } from './path.js'

const UNCOMPRESSED_LAYERS = new Set<string>([
  MediaTypes.OciLayer,
  'application/vnd.docker.image.rootfs.diff.tar'
])

/**
 * Opens `docker-archive:<file>`. Docker 25+ writes an OCI layout inside the tar; older
 * versions only `manifest.json`. Either way, uncompressed layers are gzipped while streaming:
 * once, into `scratch` (a private directory the caller removes after the push), when given;
 * otherwise again for each upload, which costs CPU instead of disk.
 */
export async function readDockerArchive(path: string, scratch?: string): Promise<ImageNode> {
  await requireSourcePath('docker-archive', path)
  const store = await tarStore(path)
  if ((await store.file('oci-layout')) && (await store.file('index.json'))) {
    return compressLayers(await readOciLayout(store), store, new Map(), scratch)
  }
  return readLegacyArchive(store, scratch)
}

async function readLegacyArchive(store: LayoutStore, scratch?: string): Promise<ImageNode> {
  const manifestBytes = await readDocumentFile(store, 'manifest.json')
  if (!manifestBytes) {
    throw new InputError(Inputs.Image, `${store.label} has neither manifest.json nor index.json`, {
      fix: store.fix
    })
  }
  const saved = readSavedImages(manifestBytes, originOf(store, 'manifest.json'))
  if (saved.length !== 1) {
    const names = saved.flatMap(item => item.RepoTags).join(', ')
    throw new InputError(Inputs.Image, `${store.label} holds ${saved.length} images (${names})`, {
      fix: 'Save exactly one image per archive: `docker save <image> -o <file>`.'
    })
  }
  const [image] = saved as [(typeof saved)[0]]
  const configBytes = await readDocumentFile(store, image.Config)
  if (!configBytes) throw missing(store, image.Config)
  const platform = readConfigPlatform(configBytes, originOf(store, image.Config))
  const config: BlobContent & { mediaType: string } = {
    mediaType: MediaTypes.DockerConfig,
    digest: sha256Digest(configBytes),
    size: configBytes.length,
    open: offset => Readable.from([configBytes.subarray(offset)])
  }
  const limit = limiter(availableParallelism())
  const layers = await Promise.all(
    image.Layers.map(layer => limit(() => legacyLayer(store, layer, scratch)))
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
    blobs: uniqueByDigest([config, ...layers]),
    children: [],
    platform
  }
}

/**
 * Rewrites manifests whose layers are plain tars to gzip ones (and indexes to match). Each
 * node is rewritten once however many indexes share it (`done`).
 */
function compressLayers(
  node: ImageNode,
  store: LayoutStore,
  done: Map<ImageNode, Promise<ImageNode>>,
  scratch: string | undefined
): Promise<ImageNode> {
  let rewritten = done.get(node)
  if (!rewritten) {
    rewritten = compressNode(node, store, done, scratch)
    done.set(node, rewritten)
  }
  return rewritten
}

async function compressNode(
  node: ImageNode,
  store: LayoutStore,
  done: Map<ImageNode, Promise<ImageNode>>,
  scratch: string | undefined
): Promise<ImageNode> {
  // The layout reader has checked the document's shape.
  const document = JSON.parse(node.bytes.toString('utf8')) as {
    layers: Descriptor[]
    manifests: Descriptor[]
    config: Descriptor
  }
  if (isIndexMediaType(node.mediaType)) {
    const children = await Promise.all(
      node.children.map(child => compressLayers(child, store, done, scratch))
    )
    if (children.every((child, i) => child === node.children[i])) return node
    const replaced = new Map(node.children.map((child, i) => [layoutDigest(child), children[i]!]))
    document.manifests = document.manifests.map(manifest => {
      const child = replaced.get(manifest.digest)
      return child ? { ...manifest, digest: child.digest, size: child.bytes.length } : manifest
    })
    return rebuilt(node, document, [], children)
  }
  if (!document.layers.some(layer => UNCOMPRESSED_LAYERS.has(layer.mediaType))) return node
  const sources = new Map(node.blobs.map(blob => [blob.digest, blob]))
  const limit = limiter(availableParallelism())
  const compressed = new Map<string, Promise<BlobContent>>()
  const layers = await Promise.all(
    document.layers.map(async layer => {
      const source = sources.get(layer.digest)!
      if (!UNCOMPRESSED_LAYERS.has(layer.mediaType)) return { descriptor: layer, blob: source }
      let pending = compressed.get(layer.digest)
      if (!pending) {
        const origin = originOf(store, `layer ${layer.digest}`)
        pending = limit(() => gzippedLayer(() => source.open(0), origin, scratch))
        compressed.set(layer.digest, pending)
      }
      const blob = await pending
      const mediaType = gzipped(layer.mediaType)
      return { descriptor: { ...layer, mediaType, digest: blob.digest, size: blob.size }, blob }
    })
  )
  document.layers = layers.map(layer => layer.descriptor)
  const config = sources.get(document.config.digest)!
  return rebuilt(node, document, uniqueByDigest([config, ...layers.map(layer => layer.blob)]), [])
}

/** The digest the layout names a node by, which its parent index references. */
function layoutDigest(node: ImageNode): string {
  return node.sourceDigest ?? node.digest
}

function rebuilt(
  node: ImageNode,
  document: object,
  blobs: BlobContent[],
  children: ImageNode[]
): ImageNode {
  const bytes = Buffer.from(JSON.stringify(document))
  const { mediaType, platform } = node
  return { mediaType, bytes, digest: sha256Digest(bytes), blobs, children, platform }
}

function gzipped(mediaType: string): string {
  return mediaType === MediaTypes.OciLayer ? MediaTypes.OciLayerGzip : MediaTypes.DockerLayerGzip
}

/** A layer of a pre-25 archive, by its path: pushed as it is when gzipped, else gzipped. */
async function legacyLayer(
  store: LayoutStore,
  path: string,
  scratch: string | undefined
): Promise<BlobContent & { mediaType: string }> {
  const file = await store.file(path)
  if (!file) throw missing(store, path)
  const origin = originOf(store, path)
  const head = await readAll(file.read(0, 2))
  if (head[0] === 0x1f && head[1] === 0x8b) {
    const measured = await measure(file.read(0))
    const content = verifiedContent(() => file.read(0), measured, origin)
    return { mediaType: MediaTypes.DockerLayerGzip, ...content }
  }
  return gzippedLayer(() => file.read(0), origin, scratch)
}

/**
 * A layer gzipped while streaming. The compressed digest needs one pass up front: with
 * `scratch`, that pass keeps the compressed bytes in a file there (0600), which the uploads
 * read; without it, uploads compress again (gzip is deterministic) rather than keep a copy.
 */
async function gzippedLayer(
  read: () => LentChunks,
  origin: DocumentOrigin,
  scratch: string | undefined
): Promise<BlobContent & { mediaType: string }> {
  const mediaType = MediaTypes.DockerLayerGzip
  const compressed = (): Readable => {
    const gzip = createGzip()
    writeLentChunks(read(), gzip).catch((error: unknown) => gzip.destroy(error as Error))
    return gzip
  }
  if (!scratch) {
    const measured = await measure(compressed())
    return { mediaType, ...verifiedContent(compressed, measured, origin) }
  }
  const file = join(scratch, `${randomUUID()}.tar.gz`)
  const measured = await measure(compressed(), createWriteStream(file, { mode: 0o600 }))
  return {
    mediaType,
    ...verifiedContent(() => fileRange(file, 0, measured.size), measured, origin)
  }
}

/** The digest and size of what `stream` gives, passed on to `into` when given. */
async function measure(
  chunks: LentChunks,
  into?: Writable
): Promise<{ digest: string; size: number }> {
  const hash = createHash('sha256')
  let size = 0
  const count = async function* () {
    for await (const chunk of chunks) {
      hash.update(chunk)
      size += chunk.length
      if (into) yield chunk
    }
  }
  if (into) await writeLentChunks(count(), into).then(() => finished(into))
  else for await (const chunk of count()) void chunk
  return { digest: `sha256:${hash.digest('hex')}`, size }
}

function descriptor(blob: BlobContent & { mediaType: string }): Descriptor {
  return { mediaType: blob.mediaType, digest: blob.digest, size: blob.size }
}

function missing(store: LayoutStore, path: string): InputError {
  return new InputError(Inputs.Image, `${store.label} lacks ${path}`, {
    fix: 'The archive is incomplete or not from `docker save`; save the image again.'
  })
}

/** Indexes the archive once (names → data offsets) and then reads members in place. */
async function tarStore(path: string): Promise<LayoutStore> {
  const label = `docker archive ${path}`
  const entries = new Map<string, TarEntry>()
  try {
    for await (const { entry } of readTar(createReadStream(path, { highWaterMark: 1024 * 1024 }))) {
      entries.set(posix.normalize(entry.name), entry)
    }
  } catch (error) {
    throw new InputError(Inputs.Image, `${label}: ${(error as Error).message}`, {
      fix: 'Point image at a file written by `docker save <image> -o <file>`: docker-archive:<file>.',
      cause: error
    })
  }
  // `docker save` links repeated layers to their first copy; links resolve inside the archive.
  const resolve = (name: string, depth = 0): TarEntry | undefined => {
    const entry = entries.get(posix.normalize(name))
    if (entry?.type === 'symlink' && depth < 8) {
      return resolve(posix.join(posix.dirname(entry.name), entry.linkname), depth + 1)
    }
    if (entry?.type === 'hardlink' && depth < 8) return resolve(entry.linkname, depth + 1)
    return entry?.type === 'file' ? entry : undefined
  }
  return {
    label,
    fix: 'The archive is corrupt or not from `docker save`; create it again with `docker save <image> -o <file>`.',
    file: name => {
      const entry = resolve(name)
      const file: StoredFile | undefined = entry && {
        size: entry.size,
        bytes: () => readRange(path, entry.offset, entry.size),
        read: (start, end = entry.size) => fileRange(path, entry.offset + start, end - start)
      }
      return Promise.resolve(file)
    }
  }
}
