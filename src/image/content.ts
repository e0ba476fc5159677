/**
 * Bytes as a source lends them: a chunk is the reader's only until it asks for the next one,
 * when the source may read the next bytes into the same memory (a blob of any size then costs
 * a reader two buffers, and no garbage). A reader that keeps a chunk longer copies it; one that
 * hands it on waits until the chunk is through (see `writeLentChunks`). A stream of fresh
 * buffers, such as a `Readable`, is lent chunks too.
 */
export type LentChunks = AsyncIterable<Buffer>

/** A blob to upload: its descriptor and a way to read it from any offset. */
export interface BlobContent {
  digest: string
  size: number
  /**
   * The blob's bytes from `offset` to the end, read afresh. Sources check the bytes against
   * `digest` and `size` as they are read and fail (an `OcirPushError`) at the first byte past
   * `size` or at the end on a digest mismatch.
   */
  open(offset: number): LentChunks
}

/** A manifest or index as the registry stores it. */
export interface Manifest {
  mediaType: string
  /** The exact bytes: the digest is their sha256, so they are never re-serialised. */
  bytes: Buffer
  digest: string
}

/** A manifest or index ready to push: its exact bytes, its blobs and its platform manifests. */
export interface ImageNode {
  mediaType: string
  bytes: Buffer
  /** `sha256Digest(bytes)`: the digest the registry confirms for a PUT of `bytes`. */
  digest: string
  /**
   * The (verified) digest the source names these bytes by, when it is not `digest`: an OCI
   * layout may address a manifest by `sha512:…`; its parent index then references that.
   */
  sourceDigest?: string
  /** Config and layers of a manifest; empty for an index. */
  blobs: BlobContent[]
  /** Platform manifests of an index, pushed before it; empty for a manifest. */
  children: ImageNode[]
  /** `linux/amd64`, … for a manifest whose config says so; undefined for an index. */
  platform?: string
}

/** The platforms an image covers, in index order. */
export function platformsOf(node: ImageNode): string[] {
  const own = node.platform ? [node.platform] : []
  return [...own, ...node.children.flatMap(platformsOf)]
}

/** Total bytes of config and layers of a single-platform image. */
export function sizeOf(node: ImageNode): number | undefined {
  if (node.children.length > 0) return undefined
  return node.blobs.reduce((total, blob) => total + blob.size, 0)
}

/** Each item once by digest, in first-seen order: the same layer twice is uploaded once. */
export function uniqueByDigest<T extends { digest: string }>(items: T[]): T[] {
  return [...new Map(items.map(item => [item.digest, item])).values()]
}
