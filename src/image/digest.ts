import { createHash, type Hash } from 'node:crypto'

/** The digest algorithms content may be addressed by, with the hex length of each. */
const HEX_LENGTH = { sha256: 64, sha512: 128 } as const

export type DigestAlgorithm = keyof typeof HEX_LENGTH

export interface ParsedDigest {
  algorithm: DigestAlgorithm
  hex: string
}

/** The content address of `bytes`: `sha256:<hex>`. */
export function sha256Digest(bytes: Uint8Array): string {
  return digestOf(bytes, 'sha256')
}

export function digestOf(bytes: Uint8Array, algorithm: DigestAlgorithm): string {
  return `${algorithm}:${createHash(algorithm).update(bytes).digest('hex')}`
}

/**
 * The digest `bytes` have under a manifest reference: in the reference's own algorithm when
 * it is a digest (a registry confirms a PUT by digest with that digest), else sha256, the
 * digest a registry gives a tag.
 */
export function digestUnder(reference: string, bytes: Uint8Array): string {
  const parsed = parseDigest(reference)
  return digestOf(bytes, 'algorithm' in parsed ? parsed.algorithm : 'sha256')
}

/** The algorithm of a digest this program accepts; sha256 for anything else. */
export function algorithmOf(digest: string): DigestAlgorithm {
  const parsed = parseDigest(digest)
  return 'algorithm' in parsed ? parsed.algorithm : 'sha256'
}

/**
 * `<algorithm>:<hex>` split and checked, or what is wrong with it (for a message such as
 * "digest 'x' is not …"). Only algorithms this program can verify are accepted: a digest
 * that cannot be checked must not be trusted.
 */
export function parseDigest(digest: unknown): ParsedDigest | { problem: string } {
  if (typeof digest !== 'string') return { problem: 'is not a string' }
  const match = /^([a-z0-9]+(?:[+._-][a-z0-9]+)*):([a-zA-Z0-9=_-]+)$/.exec(digest)
  if (!match) return { problem: "is not of the form '<algorithm>:<hex>'" }
  const [, algorithm, hex] = match as unknown as [string, string, string]
  if (!Object.hasOwn(HEX_LENGTH, algorithm)) {
    return { problem: `uses unsupported digest algorithm '${algorithm}' (sha256 or sha512 only)` }
  }
  const length = HEX_LENGTH[algorithm as DigestAlgorithm]
  if (hex.length !== length || !/^[a-f0-9]+$/.test(hex)) {
    return { problem: `is not a ${algorithm} digest: ${length} lower-case hex digits expected` }
  }
  return { algorithm: algorithm as DigestAlgorithm, hex }
}

/** What is wrong with `bytes` as the content of `digest`, or undefined when they match. */
export function verifyDigest(bytes: Uint8Array, digest: ParsedDigest): string | undefined {
  const actual = digestOf(bytes, digest.algorithm)
  return actual === `${digest.algorithm}:${digest.hex}` ? undefined : `its content is ${actual}`
}

/**
 * A blob's bytes, passed on as they come while they are checked against its descriptor: fails
 * with `fail(problem)` at the first chunk past `size`, or at the end when it is short or its
 * digest differs. Bytes before `skip` are hashed but not passed on (a read from an offset).
 * Chunks pass as lent, the source's own memory.
 */
export async function* verifiedChunks(
  chunks: AsyncIterable<Buffer>,
  expected: { digest: ParsedDigest; size: number; skip?: number },
  fail: (problem: string) => Error
): AsyncGenerator<Buffer> {
  const hash: Hash = createHash(expected.digest.algorithm)
  let seen = 0
  let skip = expected.skip ?? 0
  for await (const chunk of chunks) {
    seen += chunk.length
    if (seen > expected.size) {
      throw fail(`it is longer than the ${expected.size} bytes its descriptor says`)
    }
    hash.update(chunk)
    const passed = chunk.subarray(Math.min(skip, chunk.length))
    skip = Math.max(0, skip - chunk.length)
    if (passed.length > 0) yield passed
  }
  if (seen < expected.size) {
    throw fail(`it ends at ${seen} bytes; its descriptor says ${expected.size}`)
  }
  const actual = `${expected.digest.algorithm}:${hash.digest('hex')}`
  if (actual !== `${expected.digest.algorithm}:${expected.digest.hex}`) {
    throw fail(`its content is ${actual}`)
  }
}
