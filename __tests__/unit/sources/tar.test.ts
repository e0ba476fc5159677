import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { Readable } from 'node:stream'
import { readTar } from '../../../src/sources/tar.js'
import { deterministicBytes, tarFiles } from '../../support/oci-layout.js'

const LONG_DIR = `${'d'.repeat(60)}/${'e'.repeat(60)}`
const FILES: Record<string, Buffer> = {
  'manifest.json': Buffer.from('[{"Config":"c.json"}]'),
  empty: Buffer.alloc(0),
  'exact-block': deterministicBytes('block', 512),
  'layer/layer.tar': deterministicBytes('layer', 70_001),
  [`${LONG_DIR}/${'n'.repeat(150)}.json`]: Buffer.from('{"long":true}'),
  'ünïcødé/名前.txt': Buffer.from('utf-8 names')
}

/** `archive` in chunks of `chunkSize` bytes. */
function chunked(archive: Buffer, chunkSize: number): Buffer[] {
  const chunks: Buffer[] = []
  for (let i = 0; i < archive.length; i += chunkSize)
    chunks.push(archive.subarray(i, i + chunkSize))
  return chunks
}

/** `archive` cut at each of `points` (offsets, any order; out-of-range ones are ignored). */
function splitAt(archive: Buffer, points: number[]): Buffer[] {
  const cuts = [...new Set(points)].filter(p => p > 0 && p < archive.length).sort((a, b) => a - b)
  return [0, ...cuts].map((start, i) => archive.subarray(start, cuts[i] ?? archive.length))
}

/**
 * Cut points that put a chunk boundary just before, at and just after every place the reader
 * changes state: each 512-byte block edge (headers, long-name and pax records, data, padding,
 * end of archive), fields inside each header (name, checksum, type, magic, prefix), and each
 * file's last data byte before its padding. The same coverage as 1-byte chunks, a hundred
 * times fewer chunks.
 */
function boundaries(archive: Buffer, dataEnds: number[]): number[] {
  const points: number[] = []
  for (let block = 0; block <= archive.length; block += 512) {
    for (const at of [-1, 0, 1, 100, 148, 156, 257, 345]) points.push(block + at)
  }
  for (const end of dataEnds) points.push(end - 1, end, end + 1)
  return points
}

/** Reads `archive` delivered as `chunks`, keeping every file's data. */
async function entries(chunks: Buffer[]) {
  const found = new Map<string, { type: string; data?: Buffer; offset: number; linkname: string }>()
  for await (const { entry, data } of readTar(Readable.from(chunks), e => e.type === 'file')) {
    found.set(entry.name.replace(/^\.\//, '').replace(/\/$/, ''), {
      type: entry.type,
      data,
      offset: entry.offset,
      linkname: entry.linkname
    })
  }
  return found
}

describe('readTar', () => {
  let dir: string
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'tar-test-'))
    for (const [name, data] of Object.entries(FILES)) {
      mkdirSync(join(dir, 'tree', dirname(name)), { recursive: true })
      writeFileSync(join(dir, 'tree', name), data)
    }
    symlinkSync(`../${'l'.repeat(120)}/target`, join(dir, 'tree', 'link'))
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  // GNU tar writes long names as ././@LongLink entries (gnu) or pax `path` records (pax).
  it.each(['gnu', 'pax', 'posix', 'oldgnu'])('reads what GNU tar writes as %s', async format => {
    const archive = execFileSync(
      'tar',
      [`--format=${format}`, '-cf', '-', '-C', join(dir, 'tree'), '.'],
      {
        maxBuffer: 64 * 1024 * 1024
      }
    )
    const whole = await entries([archive])
    const dataEnds = Object.entries(FILES).map(
      ([name, data]) => (whole.get(name)?.offset ?? 0) + data.length
    )
    const deliveries = [
      splitAt(archive, boundaries(archive, dataEnds)),
      ...[7, 511, 513, 4096, archive.length].map(size => chunked(archive, size))
    ]
    for (const chunks of deliveries) {
      const found = await entries(chunks)
      for (const [name, data] of Object.entries(FILES)) {
        const entry = found.get(name)
        expect(entry?.type).toBe('file')
        expect(entry?.data?.equals(data)).toBe(true)
        expect(archive.subarray(entry!.offset, entry!.offset + data.length).equals(data)).toBe(true)
      }
      expect(found.get('link')).toMatchObject({
        type: 'symlink',
        linkname: `../${'l'.repeat(120)}/target`
      })
      expect(found.get('layer')?.type).toBe('directory')
    }
  })

  it('reads plain ustar and records data offsets without reading skipped data', async () => {
    const archive = tarFiles([
      { name: 'a', data: Buffer.from('first') },
      { name: 'b/c', data: deterministicBytes('c', 1000) }
    ])
    const seen = []
    for await (const { entry, data } of readTar(Readable.from([archive])))
      seen.push({ ...entry, data })
    expect(seen.map(entry => [entry.name, entry.size, entry.offset, entry.data])).toEqual([
      ['a', 5, 512, undefined],
      ['b/c', 1000, 1536, undefined]
    ])
  })

  it('rejects a corrupt header and a truncated archive', async () => {
    const archive = tarFiles([{ name: 'a', data: deterministicBytes('a', 2000) }])
    const corrupt = Buffer.from(archive)
    corrupt[10] = 0x41
    const drain = async (bytes: Buffer) => {
      for await (const item of readTar(Readable.from([bytes]))) void item
    }
    await expect(drain(corrupt)).rejects.toThrow(/checksum/)
    await expect(drain(archive.subarray(0, 1000))).rejects.toThrow(/truncated/)
  })
})
