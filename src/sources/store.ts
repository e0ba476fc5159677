import { createReadStream } from 'node:fs'
import { open, realpath, stat } from 'node:fs/promises'
import { isAbsolute, join, relative, sep } from 'node:path'
import { Readable } from 'node:stream'
import { OcirPushError } from '../common/errors.js'
import type { BlobContent } from '../image/content.js'
import { parseDigest, verifyingStream, type ParsedDigest } from '../image/digest.js'
import { sourceError, type DocumentOrigin } from './documents.js'

/** A file of an image source: its size and its bytes, never past `size`. */
export interface StoredFile {
  size: number
  /** All of it at once, the file closed again (documents). */
  bytes(): Promise<Buffer>
  /** A stream of the bytes from `start` to `end` (default: the end). */
  read(start: number, end?: number): Readable
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

/** Bytes `start` to `start + length - 1` of a file, as a stream. */
export function fileRange(path: string, start: number, length: number): Readable {
  if (length <= 0) return Readable.from([])
  return createReadStream(path, {
    start,
    end: start + length - 1,
    highWaterMark: 1024 * 1024
  })
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
 * A blob whose streams check its bytes as they are read: an error at the first byte past
 * `size`, or at the end when the digest differs. A read from an offset hashes the bytes
 * before it too (a resumed upload is rare; an unverified one would be a hole).
 */
export function verifiedContent(
  read: () => Readable,
  expected: { digest: string; size: number },
  origin: DocumentOrigin
): BlobContent {
  const digest = parseDigest(expected.digest) as ParsedDigest
  return {
    digest: expected.digest,
    size: expected.size,
    open: offset => {
      const source = read()
      const verified = verifyingStream({ digest, size: expected.size, skip: offset }, problem =>
        sourceError(origin, `is corrupt: ${problem}`)
      )
      // Not `pipeline`: the source's own failure (a file removed mid-push) becomes the
      // input's error here, and a reader that stops early still closes the file.
      source.once('error', error =>
        verified.destroy(
          error instanceof OcirPushError
            ? error
            : sourceError(origin, `could not be read (${error.message})`, error)
        )
      )
      verified.once('close', () => source.destroy())
      return source.pipe(verified)
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

/** All of a stream, for documents read whole. */
export async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of stream as AsyncIterable<Buffer>) chunks.push(chunk)
  return Buffer.concat(chunks)
}
