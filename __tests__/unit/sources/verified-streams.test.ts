import { createHash } from 'node:crypto'
import { Readable } from 'node:stream'
import {
  parseDigest,
  verifyDigest,
  verifiedChunks,
  type ParsedDigest
} from '../../../src/image/digest.js'
import { readAll, verifiedContent } from '../../../src/sources/store.js'
import { imageError } from './crafted-layout.js'

const BYTES = Buffer.from('abcdefgh')
const hexOf = (algorithm: string, bytes: Buffer): string =>
  createHash(algorithm).update(bytes).digest('hex')
const SHA256 = `sha256:${hexOf('sha256', BYTES)}`
const SHA512 = `sha512:${hexOf('sha512', BYTES)}`

class Refused extends Error {}

/** What `verifiedChunks` passes on before it fails, and how it fails. */
async function run(
  chunks: string[],
  expected: { digest: ParsedDigest; size: number; skip?: number }
): Promise<{ passed: string; error?: Error }> {
  const passed: Buffer[] = []
  const source = (async function* () {
    for (const chunk of chunks) yield Buffer.from(chunk)
  })()
  try {
    for await (const chunk of verifiedChunks(source, expected, problem => new Refused(problem))) {
      passed.push(chunk)
    }
  } catch (error) {
    return { passed: Buffer.concat(passed).toString(), error: error as Error }
  }
  return { passed: Buffer.concat(passed).toString() }
}

describe('parseDigest', () => {
  it.each([SHA256, SHA512])('accepts %s', digest => {
    const [algorithm, hex] = digest.split(':')
    expect(parseDigest(digest)).toEqual({ algorithm, hex })
  })

  it.each([
    [
      `sha384:${'a'.repeat(96)}`,
      "uses unsupported digest algorithm 'sha384' (sha256 or sha512 only)"
    ],
    [`blake3:${'a'.repeat(64)}`, "uses unsupported digest algorithm 'blake3'"],
    [`sha256:${'a'.repeat(128)}`, 'is not a sha256 digest: 64 lower-case hex digits expected'],
    [`sha512:${'a'.repeat(64)}`, 'is not a sha512 digest: 128 lower-case hex digits expected'],
    [`sha256:${'g'.repeat(64)}`, 'is not a sha256 digest'],
    [`SHA256:${'a'.repeat(64)}`, "is not of the form '<algorithm>:<hex>'"],
    [`sha256:${'a'.repeat(64)}\n`, "is not of the form '<algorithm>:<hex>'"],
    ['sha256:../../etc/passwd', "is not of the form '<algorithm>:<hex>'"],
    ['', "is not of the form '<algorithm>:<hex>'"],
    [null, 'is not a string']
  ])('refuses %j: %s', (digest, problem) => {
    const parsed = parseDigest(digest)
    expect('problem' in parsed && parsed.problem).toContain(problem)
  })
})

describe('verifyDigest', () => {
  it.each([SHA256, SHA512])('accepts the content of %s', digest => {
    expect(verifyDigest(BYTES, parseDigest(digest) as ParsedDigest)).toBeUndefined()
  })

  it('names the actual digest of other content, in the same algorithm', () => {
    const other = Buffer.from('abcdefgi')
    expect(verifyDigest(other, parseDigest(SHA512) as ParsedDigest)).toBe(
      `its content is sha512:${hexOf('sha512', other)}`
    )
  })
})

describe('verifiedChunks', () => {
  const sha512 = parseDigest(SHA512) as ParsedDigest

  it('passes matching content through', async () => {
    expect(await run(['abc', 'defgh'], { digest: sha512, size: 8 })).toEqual({
      passed: 'abcdefgh'
    })
  })

  it('passes the bytes after `skip`, checking all of them', async () => {
    expect(await run(['abc', 'defgh'], { digest: sha512, size: 8, skip: 4 })).toEqual({
      passed: 'efgh'
    })
    const { passed, error } = await run(['abc', 'defgX'], { digest: sha512, size: 8, skip: 4 })
    expect(passed).toBe('efgX')
    expect(error).toBeInstanceOf(Refused)
  })

  it('fails at the first chunk past the size, passing nothing of it', async () => {
    const { passed, error } = await run(['abcd', 'efgh', 'overflow', 'more'], {
      digest: sha512,
      size: 8
    })
    expect(passed).toBe('abcdefgh')
    expect(error).toBeInstanceOf(Refused)
    expect(error?.message).toBe('it is longer than the 8 bytes its descriptor says')
  })

  it('fails at the end when the content is short', async () => {
    const { error } = await run(['abcd'], { digest: sha512, size: 8 })
    expect(error?.message).toBe('it ends at 4 bytes; its descriptor says 8')
  })

  it('fails at the end when the digest differs', async () => {
    const { passed, error } = await run(['abcdefgX'], { digest: sha512, size: 8 })
    expect(passed).toBe('abcdefgX')
    expect(error?.message).toMatch(/^its content is sha512:[0-9a-f]{128}$/)
  })
})

describe('verifiedContent', () => {
  const origin = { label: 'OCI layout ./out', file: 'blobs/sha512/x', fix: 'Export it again.' }

  it('gives streams that fail with an InputError naming the file', async () => {
    const blob = verifiedContent(
      () => Readable.from([Buffer.from('abcdefgX')]),
      {
        digest: SHA512,
        size: 8
      },
      origin
    )
    const error = await imageError(readAll(blob.open(0)))
    expect(error.message).toMatch(
      /^OCI layout \.\/out: blobs\/sha512\/x is corrupt: its content is/
    )
    expect(error.fix).toBe('Export it again.')
  })

  it('fails with an InputError naming the file when the source fails', async () => {
    const blob = verifiedContent(
      () =>
        new Readable({
          read() {
            this.destroy(new Error('EIO'))
          }
        }),
      { digest: SHA256, size: 8 },
      origin
    )
    const error = await imageError(readAll(blob.open(0)))
    expect(error.message).toBe('OCI layout ./out: blobs/sha512/x could not be read (EIO)')
  })

  it('closes its source when the reader stops early (an upload cancelled)', async () => {
    let closed = false
    let pushed = false
    // Half the blob, then nothing: only a destroy can end it.
    const source = new Readable({
      read() {
        if (!pushed) this.push(Buffer.from('abcd'))
        pushed = true
      },
      destroy(error, callback) {
        closed = true
        callback(error)
      }
    })
    const stream = verifiedContent(() => source, { digest: SHA256, size: 8 }, origin).open(0)
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      expect(chunk.toString()).toBe('abcd')
      break
    }
    await new Promise(resolve => setImmediate(resolve))
    expect(closed).toBe(true)
  })
})
