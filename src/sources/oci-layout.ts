import { Inputs } from '../common/constants.js'
import { InputError } from '../common/errors.js'
import { limiter } from '../common/limiter.js'
import { uniqueByDigest, type BlobContent, type ImageNode } from '../image/content.js'
import { sha256Digest, verifyDigest, type ParsedDigest } from '../image/digest.js'
import type { Descriptor } from '../image/media-types.js'
import {
  digestOfDescriptor,
  readConfigPlatform,
  readImageDocument,
  readLayoutIndex,
  sourceError,
  type DocumentOrigin
} from './documents.js'
import {
  boundDocument,
  directoryStore,
  originOf,
  readDocumentFile,
  verifiedContent,
  type LayoutStore,
  type StoredFile
} from './store.js'
import { requireSourcePath } from './path.js'

const REF_NAME = 'org.opencontainers.image.ref.name'
/** Indexes inside indexes, at most; real images have one or two. */
export const MAX_INDEX_DEPTH = 8
/** Files open at once while reading a layout, however wide its indexes. */
const FILE_CONCURRENCY = 32

/** Opens `oci:<dir>[:<tag>]`: the manifest or index that `tag` names, or the only one. */
export async function readOciLayoutDirectory(directory: string, tag?: string): Promise<ImageNode> {
  await requireSourcePath('oci', directory)
  return readOciLayout(directoryStore(directory), tag)
}

export async function readOciLayout(store: LayoutStore, tag?: string): Promise<ImageNode> {
  const reader = new LayoutReader(store)
  const indexBytes = await reader.readFile('index.json')
  if (!indexBytes) {
    throw new InputError(Inputs.Image, `${store.label} has no index.json`, {
      fix: 'Export the image as an OCI image layout (for example `skopeo copy … oci:<dir>:<tag>` or buildx `--output type=oci,tar=false`).'
    })
  }
  const manifests = readLayoutIndex(indexBytes, originOf(store, 'index.json'))
  const named = tag
    ? manifests.filter(manifest => manifest.annotations?.[REF_NAME] === tag)
    : manifests
  if (named.length !== 1) {
    const names = manifests.map(manifest => manifest.annotations?.[REF_NAME]).filter(Boolean)
    const available = names.length ? `; it holds: ${names.join(', ')}` : ''
    throw new InputError(
      Inputs.Image,
      tag
        ? `${store.label} has ${named.length === 0 ? 'no' : 'more than one'} image tagged '${tag}'`
        : `${store.label} holds ${named.length} images; say which one`,
      { fix: `Name one image as oci:<dir>:<tag>${available}.` }
    )
  }
  return reader.node(named[0]!, 0)
}

export function blobPath(digest: ParsedDigest): string {
  return `blobs/${digest.algorithm}/${digest.hex}`
}

/**
 * Reads one layout: every manifest, index and blob once (by digest), every document checked
 * against its digest before it is used, blobs checked for size now and for content as they
 * are streamed; at most `FILE_CONCURRENCY` files open at once.
 */
class LayoutReader {
  private readonly io = limiter(FILE_CONCURRENCY)
  private readonly documents = new Map<string, Promise<Buffer>>()
  private readonly blobs = new Map<string, Promise<BlobContent>>()
  private readonly nodes = new Map<string, Promise<ImageNode>>()

  constructor(private readonly store: LayoutStore) {}

  /** A small file at the layout's root (`index.json`, `oci-layout`); undefined when absent. */
  readFile(path: string): Promise<Buffer | undefined> {
    return this.io(() => readDocumentFile(this.store, path))
  }

  /**
   * The manifest or index `descriptor` names, with what it references; `depth` indexes are
   * above it. Each digest is read once, however many indexes share it. A document is parsed
   * only once its bytes match its digest, so no index can (transitively) contain itself;
   * the depth bound stops deep nesting and its recursion.
   */
  async node(descriptor: Descriptor, depth: number): Promise<ImageNode> {
    const node = await cached(this.nodes, descriptor.digest, () => this.readNode(descriptor, depth))
    this.checkSize(descriptor, node.bytes.length)
    return node
  }

  private async readNode(descriptor: Descriptor, depth: number): Promise<ImageNode> {
    const origin = originOf(this.store, blobPath(digestOfDescriptor(descriptor)))
    if (depth > MAX_INDEX_DEPTH) {
      throw sourceError(origin, `is nested in more than ${MAX_INDEX_DEPTH} levels of indexes`)
    }
    const bytes = await this.document(descriptor)
    const document = readImageDocument(bytes, descriptor.mediaType, origin)
    const digest = sha256Digest(bytes)
    const own = {
      mediaType: document.mediaType,
      bytes,
      digest,
      ...(descriptor.digest === digest ? {} : { sourceDigest: descriptor.digest })
    }
    if (document.kind === 'index') {
      const children = await Promise.all(
        document.manifests.map(child => this.node(child, depth + 1))
      )
      return { ...own, blobs: [], children: uniqueByDigest(children) }
    }
    const [config, blobs] = await Promise.all([
      this.document(document.config),
      Promise.all([document.config, ...document.layers].map(blob => this.blob(blob)))
    ])
    const configOrigin = originOf(this.store, blobPath(digestOfDescriptor(document.config)))
    return {
      ...own,
      blobs: uniqueByDigest(blobs),
      children: [],
      platform: readConfigPlatform(config, configOrigin)
    }
  }

  /** A manifest, index or config, whole, verified against its descriptor. */
  private async document(descriptor: Descriptor): Promise<Buffer> {
    const bytes = await cached(this.documents, descriptor.digest, async () => {
      const { file, origin } = await this.stored(descriptor)
      boundDocument(origin, file.size)
      const bytes = await this.io(() => file.bytes())
      const problem = verifyDigest(bytes, digestOfDescriptor(descriptor))
      if (problem) throw sourceError(origin, `is corrupt: ${problem}`)
      return bytes
    })
    this.checkSize(descriptor, bytes.length)
    return bytes
  }

  /** A config or layer to upload; its streams verify it. */
  private async blob(descriptor: Descriptor): Promise<BlobContent> {
    const blob = await cached(this.blobs, descriptor.digest, async () => {
      const { file, origin } = await this.stored(descriptor)
      return verifiedContent(() => file.read(0), descriptor, origin)
    })
    this.checkSize(descriptor, blob.size)
    return blob
  }

  /** The file of a blob, present and of its descriptor's size. */
  private async stored(
    descriptor: Descriptor
  ): Promise<{ file: StoredFile; origin: DocumentOrigin }> {
    const path = blobPath(digestOfDescriptor(descriptor))
    const file = await this.io(() => this.store.file(path))
    if (!file) {
      throw new InputError(Inputs.Image, `${this.store.label} lacks blob ${descriptor.digest}`, {
        fix: 'The layout is incomplete (a platform or layer was not exported); export the whole image again.'
      })
    }
    this.checkSize(descriptor, file.size)
    return { file, origin: originOf(this.store, path) }
  }

  private checkSize(descriptor: Descriptor, size: number): void {
    if (size !== descriptor.size) {
      const path = blobPath(digestOfDescriptor(descriptor))
      throw sourceError(
        originOf(this.store, path),
        `is corrupt: it is ${size} bytes, its descriptor says ${descriptor.size}`
      )
    }
  }
}

function cached<T>(
  cache: Map<string, Promise<T>>,
  key: string,
  make: () => Promise<T>
): Promise<T> {
  let value = cache.get(key)
  if (!value) {
    value = make()
    cache.set(key, value)
  }
  return value
}
