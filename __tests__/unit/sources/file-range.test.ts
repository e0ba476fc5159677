import { randomBytes } from 'node:crypto'
import {
  mkdtempSync,
  readdirSync,
  readlinkSync,
  rmSync,
  truncateSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { FILE_READ_SIZE, fileRange } from '../../../src/sources/store.js'

let dir: string
let file: string
/** Three and a half reads' worth, so that each of the two buffers is lent more than once. */
const BYTES = randomBytes(FILE_READ_SIZE * 3.5)
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'file-range-'))
  file = join(dir, 'blob')
  writeFileSync(file, BYTES)
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

/** What the range gives, each chunk copied as it comes, and the memory the chunks were in. */
async function read(
  start: number,
  length: number
): Promise<{ bytes: Buffer; buffers: Set<ArrayBufferLike> }> {
  const copies: Buffer[] = []
  const buffers = new Set<ArrayBufferLike>()
  for await (const chunk of fileRange(file, start, length)) {
    copies.push(Buffer.from(chunk))
    buffers.add(chunk.buffer)
  }
  return { bytes: Buffer.concat(copies), buffers }
}

/** This process's descriptors open on `path`. */
function openOn(path: string): number {
  return readdirSync('/proc/self/fd').filter(fd => {
    try {
      return readlinkSync(`/proc/self/fd/${fd}`) === path
    } catch {
      return false
    }
  }).length
}

describe('fileRange', () => {
  it('gives the bytes of the range, lent from two buffers however long it is', async () => {
    const { bytes, buffers } = await read(0, BYTES.length)
    expect(bytes.equals(BYTES)).toBe(true)
    expect(buffers.size).toBe(2)
    const middle = await read(1000, FILE_READ_SIZE * 2)
    expect(middle.bytes.equals(BYTES.subarray(1000, 1000 + FILE_READ_SIZE * 2))).toBe(true)
  })

  it('ends early, without failing, when the file is shorter now', async () => {
    truncateSync(file, 5000)
    const { bytes } = await read(1000, BYTES.length)
    expect(bytes.equals(BYTES.subarray(1000, 5000))).toBe(true)
  })

  it('gives nothing for an empty range', async () => {
    expect((await read(10, 0)).bytes.length).toBe(0)
  })

  it('closes the file when the reader stops early, and at the end', async () => {
    for await (const chunk of fileRange(file, 0, BYTES.length)) {
      expect(openOn(file)).toBe(1)
      expect(chunk.length).toBe(FILE_READ_SIZE)
      break
    }
    expect(openOn(file)).toBe(0)
    await read(0, BYTES.length)
    expect(openOn(file)).toBe(0)
  })
})
