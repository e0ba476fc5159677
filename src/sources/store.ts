import { open, realpath, stat } from 'node:fs/promises'
import { isAbsolute, join, relative, sep } from 'node:path'
import { OcirPushError } from '../common/errors.js'
import type { BlobContent, LentChunks } from '../image/content.js'
import { parseDigest, verifiedChunks, type ParsedDigest } from '../image/digest.js'
import { sourceError, type DocumentOrigin } from './documents.js'

/** A file of an image source: its size and its bytes, never past `size`. */
export interface StoredFile {
  size: number
  /** All of it at once, the file closed again (documents). */
  bytes(): Promise<Buffer>
  /** The bytes from `start` to `end` (default: the end), lent (see `fileRange`). */
  read(start: number, end?: number): LentChunks
}

/** Largest JSON document read into memory (registries take manifests up to 4 MiB). */
export const MAX_DOCUMENT_SIZE = 16 * 1024 * 1024

/** Where an OCI image layout's files live: a directory, or a `docker save` tarball. */
export interface LayoutStore {
  /** For messages: `OCI layout ./out`. */
  label: string
  /** What to do about a malformed source. */
  fix: string
  /** The file at `path` (relative to the layout's root); undefined when absent. */
  file(path: string): Promise<StoredFile | undefined>
}

export function originOf(store: LayoutStore, file: string): DocumentOrigin {
  return { label: store.label, file, fix: store.fix }
}

/** What one read of a file asks for: a reader's buffers are each this size (or the range's). */
export const FILE_READ_SIZE = 512 * 1024

/**
 * Bytes `start` to `start + length - 1` of a file (fewer if it is shorter now), lent: two
 * buffers take turns, the next bytes read into one while the reader has the other, so that a
 * blob of any size is read with two buffers and leaves no garbage for the collector. A file
 * stream allocates a buffer per read instead: over a 1 GiB push, tens of MiB of dead buffers
 * pile up before a collection frees any, and the allocator keeps their pages.
 */
export async function* fileRange(path: string, start: number, length: number): LentChunks {
  if (length <= 0) return
  const end = start + length
  const handle = await open(path, 'r')
  const size = Math.min(FILE_READ_SIZE, length)
  const buffers = [Buffer.allocUnsafeSlow(size), Buffer.allocUnsafeSlow(size)] as const
  const readAt = (buffer: Buffer, position: number): Promise<Buffer> => {
    const reading = handle
      .read(buffer, 0, Math.min(buffer.length, end - position), position)
      .then(({ bytesRead }) => buffer.subarray(0, bytesRead))
    // Failed while the reader holds the chunk before it: the error comes at the next ask.
    reading.catch(() => undefined)
    return reading
  }
  let next: Promise<Buffer> | undefined = readAt(buffers[0], start)
  try {
    for (let position = start, turn = 1; next; turn = 1 - turn) {
      const chunk: Buffer = await next
      position += chunk.length
      // The other buffer was lent before this one and is free again: the reader asked on.
      next = chunk.length > 0 && position < end ? readAt(buffers[turn]!, position) : undefined
      if (chunk.length > 0) yield chunk
    }
  } finally {
    await next?.catch(() => undefined)
    await handle.close()
  }
}

/** `length` bytes of a file from `position` (fewer if it is shorter now). */
export async function readRange(path: string, position: number, length: number): Promise<Buffer> {
  const handle = await open(path, 'r')
  try {
    const buffer = Buffer.alloc(length)
    const { bytesRead } = await handle.read(buffer, 0, length, position)
    return buffer.subarray(0, bytesRead)
  } finally {
    await handle.close()
  }
}

/**
 * The layout in `directory`. A file is read only where it really is inside the directory:
 * a symbolic link out of it is refused, so no byte of another file can be uploaded.
 */
export function directoryStore(directory: string): LayoutStore {
  const label = `OCI layout ${directory}`
  const fix =
    'The layout is corrupt or incomplete; export the image again (for example `skopeo copy … oci:<dir>:<tag>` or buildx `--output type=oci,tar=false`).'
  let root: Promise<string> | undefined
  return {
    label,
    fix,
    file: async path => {
      root ??= realpath(directory)
      const real = await realpath(join(directory, path)).catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return undefined
        throw error
      })
      if (real === undefined) return undefined
      const inside = relative(await root, real)
      if (inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside)) {
        throw sourceError(
          {
            label,
            file: path,
            fix: 'Copy the file into the layout (for example `cp -rL <layout> <copy>`); links out of the layout are not followed.'
          },
          `links to ${real}, outside the layout`
        )
      }
      const info = await stat(real)
      if (!info.isFile()) throw sourceError({ label, file: path, fix }, 'is not a regular file')
      return {
        size: info.size,
        bytes: () => readRange(real, 0, info.size),
        read: (start, end = info.size) => fileRange(real, start, end - start)
      }
    }
  }
}

/**
 * A blob whose reads check its bytes as they come: an error at the first byte past
 * `size`, or at the end when the digest differs. A read from an offset hashes the bytes
 * before it too (a resumed upload is rare; an unverified one would be a hole).
 */
export function verifiedContent(
  read: () => LentChunks,
  expected: { digest: string; size: number },
  origin: DocumentOrigin
): BlobContent {
  const digest = parseDigest(expected.digest) as ParsedDigest
  const corrupt = (problem: string): Error => sourceError(origin, `is corrupt: ${problem}`)
  return {
    digest: expected.digest,
    size: expected.size,
    open: async function* (offset) {
      try {
        // A reader that stops early returns through here, and the source closes its file.
        yield* verifiedChunks(read(), { digest, size: expected.size, skip: offset }, corrupt)
      } catch (error) {
        // The source's own failure (a file removed mid-push) is the input's error.
        if (error instanceof OcirPushError) throw error
        throw sourceError(origin, `could not be read (${(error as Error).message})`, error)
      }
    }
  }
}

/** A small file read whole (index.json, a manifest, a config); undefined when absent. */
export async function readDocumentFile(
  store: LayoutStore,
  path: string
): Promise<Buffer | undefined> {
  const file = await store.file(path)
  if (!file) return undefined
  boundDocument(originOf(store, path), file.size)
  return file.bytes()
}

export function boundDocument(origin: DocumentOrigin, size: number): void {
  if (size > MAX_DOCUMENT_SIZE) {
    throw sourceError(
      origin,
      `is ${size} bytes, more than the ${MAX_DOCUMENT_SIZE} a manifest, index or config may have`
    )
  }
}

/** All of lent chunks, each copied as it comes, for documents read whole. */
export async function readAll(chunks: LentChunks): Promise<Buffer> {
  const copies: Buffer[] = []
  for await (const chunk of chunks) copies.push(Buffer.from(chunk))
  return Buffer.concat(copies)
}
