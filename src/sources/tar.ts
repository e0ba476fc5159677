/** One member of a tar archive, with the position of its data in the archive. */
export interface TarEntry {
  /** The full path: ustar prefix, GNU long name or pax `path` applied. */
  name: string
  /** `file`, `directory`, `symlink`, `hardlink`, or the raw typeflag for anything else. */
  type: string
  size: number
  /** Byte offset of the entry's data from the start of the archive. */
  offset: number
  linkname: string
}

const BLOCK = 512

/**
 * Reads a tar stream (ustar, GNU long names and links, pax headers) one entry at a time.
 * Data is skipped unless `want` asks for it, so archives of any size take little memory.
 */
export async function* readTar(
  source: AsyncIterable<Buffer>,
  want: (entry: TarEntry) => boolean = () => false
): AsyncGenerator<{ entry: TarEntry; data?: Buffer }> {
  const input = new ByteReader(source)
  let longName: string | undefined
  let longLink: string | undefined
  let pax: Record<string, string> = {}
  let globalPax: Record<string, string> = {}

  for (;;) {
    const header = await input.read(BLOCK)
    if (header === undefined || header.every(byte => byte === 0)) return
    const start = input.position - BLOCK
    verifyChecksum(header, start)
    const typeflag = String.fromCharCode(header[156]!)
    let size = checkedSize(parseNumber(header.subarray(124, 136)), start)
    const offset = input.position

    if (typeflag === 'L' || typeflag === 'K' || typeflag === 'x' || typeflag === 'g') {
      const data = await input.readPadded(size)
      if (typeflag === 'L') longName = cString(data)
      else if (typeflag === 'K') longLink = cString(data)
      else if (typeflag === 'x') pax = parsePax(data)
      else globalPax = { ...globalPax, ...parsePax(data) }
      continue
    }

    const attributes = { ...globalPax, ...pax }
    if (attributes.size !== undefined) size = checkedSize(decimal(attributes.size), start)
    const magic = header.subarray(257, 263).toString('latin1')
    const prefix = magic === 'ustar\0' ? cString(header.subarray(345, 500)) : ''
    const plainName = cString(header.subarray(0, 100))
    const entry: TarEntry = {
      name: attributes.path ?? longName ?? (prefix ? `${prefix}/${plainName}` : plainName),
      type: TYPES[typeflag] ?? typeflag,
      size,
      offset,
      linkname: attributes.linkpath ?? longLink ?? cString(header.subarray(157, 257))
    }
    longName = undefined
    longLink = undefined
    pax = {}
    // Only regular files carry data; for links and directories the size field is ignored.
    const dataSize = entry.type === 'file' ? size : 0
    if (want(entry)) {
      yield { entry, data: await input.readPadded(dataSize) }
    } else {
      await input.skip(paddedSize(dataSize))
      yield { entry }
    }
  }
}

const TYPES: Record<string, string> = {
  '0': 'file',
  '\0': 'file',
  '7': 'file',
  '5': 'directory',
  '2': 'symlink',
  '1': 'hardlink'
}

function paddedSize(size: number): number {
  return Math.ceil(size / BLOCK) * BLOCK
}

function cString(bytes: Buffer): string {
  const end = bytes.indexOf(0)
  return bytes.subarray(0, end === -1 ? bytes.length : end).toString('utf8')
}

/** Octal, or GNU base-256 (high bit set) for sizes over 8 GiB. */
function parseNumber(field: Buffer): number {
  if (field[0]! & 0x80) {
    let value = field[0]! & 0x7f
    for (const byte of field.subarray(1)) value = value * 256 + byte
    return value
  }
  const text = cString(field).trim()
  if (text === '') return 0
  return /^[0-7]+$/.test(text) ? parseInt(text, 8) : NaN
}

/** A size from a header: a whole number of bytes, or the archive is refused. */
function checkedSize(size: number, position: number): number {
  if (!Number.isSafeInteger(size) || size < 0) {
    throw new Error(`not a tar archive: bad size in the header at byte ${position}`)
  }
  return size
}

function decimal(text: string): number {
  return /^[0-9]+$/.test(text) ? Number(text) : NaN
}

function verifyChecksum(header: Buffer, position: number): void {
  let sum = 0
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : header[i]!
  if (sum !== parseNumber(header.subarray(148, 156))) {
    throw new Error(`not a tar archive: bad header checksum at byte ${position}`)
  }
}

/** Records `"<length> <key>=<value>\n"`; the length counts the whole record, in bytes. */
function parsePax(data: Buffer): Record<string, string> {
  const attributes: Record<string, string> = {}
  let position = 0
  while (position < data.length) {
    const space = data.indexOf(0x20, position)
    if (space === -1) break
    const length = Number(data.subarray(position, space).toString('latin1'))
    if (!Number.isInteger(length) || length <= 0) break
    const record = data.subarray(space + 1, position + length - 1).toString('utf8')
    const equals = record.indexOf('=')
    if (equals > 0) attributes[record.slice(0, equals)] = record.slice(equals + 1)
    position += length
  }
  return attributes
}

/** Exact-length reads over a stream of chunks, tracking the absolute position. */
class ByteReader {
  position = 0
  private readonly iterator: AsyncIterator<Buffer>
  private pending: Buffer = Buffer.alloc(0)

  constructor(source: AsyncIterable<Buffer>) {
    this.iterator = source[Symbol.asyncIterator]()
  }

  /** Exactly `length` bytes, or undefined at a clean end of input. */
  async read(length: number): Promise<Buffer | undefined> {
    const parts: Buffer[] = []
    let have = 0
    while (have < length) {
      const chunk = await this.next(length - have)
      if (chunk === undefined) {
        if (have === 0) return undefined
        throw new Error(`truncated tar archive at byte ${this.position}`)
      }
      parts.push(chunk)
      have += chunk.length
    }
    return parts.length === 1 ? parts[0] : Buffer.concat(parts)
  }

  async readPadded(size: number): Promise<Buffer> {
    const data = size === 0 ? Buffer.alloc(0) : await this.read(size)
    if (data === undefined) throw new Error(`truncated tar archive at byte ${this.position}`)
    await this.skip(paddedSize(size) - size)
    return data
  }

  async skip(length: number): Promise<void> {
    let remaining = length
    while (remaining > 0) {
      const chunk = await this.next(remaining)
      if (chunk === undefined) throw new Error(`truncated tar archive at byte ${this.position}`)
      remaining -= chunk.length
    }
  }

  /** Up to `limit` bytes: what is pending first, else the next chunk of input. */
  private async next(limit: number): Promise<Buffer | undefined> {
    if (this.pending.length === 0) {
      const { value, done } = await this.iterator.next()
      if (done) return undefined
      this.pending = value
    }
    const chunk = this.pending.subarray(0, limit)
    this.pending = this.pending.subarray(chunk.length)
    this.position += chunk.length
    return chunk
  }
}
