// Small images for the bed's dockerd, made without network: a generated root file system
// goes in with `docker import`; multi-layer images go in as a generated `docker save`
// tarball with `docker load`. Layers carry random filler, so every image is new to a registry.
import { spawn } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import { createReadStream, createWriteStream, mkdtempSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { once } from 'node:events'
import { dockerEnv, testbed } from './testbed.js'

/** Paths (relative to the root file system) and their contents. */
export type FileTree = Record<string, string | Buffer>

export interface ImageOptions {
  /** Files in the (first) layer; default a single `/hello`. */
  files?: FileTree
  /** Number of layers; more than one makes a `docker load` of a generated archive. */
  layers?: number
  /** Random filler bytes, split evenly across the layers. */
  sizeBytes?: number
}

export interface DockerArchive {
  /** Image ID (`sha256:` of the config). */
  id: string
  /** `sha256:` of each uncompressed layer tar, bottom first. */
  diffIds: string[]
}

const BLOCK = 512
const CHUNK = 1024 * 1024

interface TarEntry {
  name: string
  type: 'file' | 'directory'
  size: number
  /** The contents, in order; absent for directories. */
  chunks?: Iterable<Buffer> | AsyncIterable<Buffer>
}

/** A ustar archive of `files` (parent directories included), as `docker import` expects. */
export function createRootfsTar(files: FileTree): Buffer {
  const parts: Buffer[] = []
  for (const entry of rootfsEntries(files)) {
    parts.push(tarHeader(entry))
    for (const chunk of (entry.chunks ?? []) as Iterable<Buffer>) parts.push(chunk)
    parts.push(padding(entry.size))
  }
  parts.push(Buffer.alloc(2 * BLOCK))
  return Buffer.concat(parts)
}

/**
 * Creates `name` in the bed's dockerd and resolves to its image ID. One layer: `docker
 * import`; several: `docker load` of an archive written by `writeDockerArchive`.
 */
export async function importImage(name: string, options: ImageOptions = {}): Promise<string> {
  const work = mkdtempSync(join(testbed().dir, 'image-'))
  try {
    if ((options.layers ?? 1) <= 1) {
      const tar = join(work, 'rootfs.tar')
      await writeTar(tar, layerEntries(options, 0, 1))
      const { stdout } = await runDocker(['import', tar, name])
      return stdout.trim()
    }
    const archive = join(work, 'image.tar')
    const { id } = await writeDockerArchive(archive, name, options)
    await runDocker(['load', '--quiet', '--input', archive])
    return id
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
}

/**
 * Writes a `docker save` tarball (manifest.json, config, one layer.tar per layer) holding
 * `reference` (`name[:tag]`, tag `latest` when absent).
 */
export async function writeDockerArchive(
  file: string,
  reference: string,
  options: ImageOptions = {}
): Promise<DockerArchive> {
  const layerCount = Math.max(1, options.layers ?? 1)
  const work = mkdtempSync(`${file}.layers-`)
  try {
    const layers: Array<{ path: string; hex: string; size: number }> = []
    for (let index = 0; index < layerCount; index++) {
      const path = join(work, `${index}.tar`)
      const { hex, size } = await writeTar(path, layerEntries(options, index, layerCount))
      layers.push({ path, hex, size })
    }
    const diffIds = layers.map(layer => `sha256:${layer.hex}`)
    const config = Buffer.from(
      JSON.stringify({
        architecture: process.arch === 'x64' ? 'amd64' : process.arch,
        os: 'linux',
        created: '2024-01-01T00:00:00Z',
        config: { Env: ['PATH=/usr/local/bin:/usr/bin:/bin'] },
        rootfs: { type: 'layers', diff_ids: diffIds },
        history: layers.map((_, index) => ({
          created: '2024-01-01T00:00:00Z',
          created_by: `generated layer ${index + 1} of ${layerCount}`
        }))
      })
    )
    const configHex = sha256Hex(config)
    const repoTag = /:[^/]+$/.test(reference) ? reference : `${reference}:latest`
    const manifest = Buffer.from(
      JSON.stringify([
        {
          Config: `${configHex}.json`,
          RepoTags: [repoTag],
          Layers: layers.map(layer => `${layer.hex}/layer.tar`)
        }
      ])
    )
    await writeTar(file, [
      ...layers.flatMap((layer): TarEntry[] => [
        { name: `${layer.hex}/`, type: 'directory', size: 0 },
        {
          name: `${layer.hex}/layer.tar`,
          type: 'file',
          size: layer.size,
          chunks: createReadStream(layer.path)
        }
      ]),
      fileEntry(`${configHex}.json`, config),
      fileEntry('manifest.json', manifest)
    ])
    return { id: `sha256:${configHex}`, diffIds }
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
}

/** Runs the docker CLI against the bed's dockerd; rejects with its stderr on failure. */
export function runDocker(
  args: string[],
  options: { input?: string; env?: NodeJS.ProcessEnv } = {}
): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('docker', args, { env: options.env ?? dockerEnv() })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', chunk => (stdout += chunk))
    child.stderr.on('data', chunk => (stderr += chunk))
    child.on('error', reject)
    child.on('close', code => {
      if (code === 0) resolve({ stdout, stderr })
      else reject(new Error(`docker ${args[0]} failed (exit ${code}): ${stderr.trim()}`))
    })
    // A command that exits before reading its input (a usage error) closes the pipe: not a failure.
    child.stdin.on('error', () => undefined)
    child.stdin.end(options.input ?? '')
  })
}

/** The entries of layer `index` of `count`: the files go in the first, filler in each. */
function layerEntries(options: ImageOptions, index: number, count: number): TarEntry[] {
  const entries = index === 0 ? rootfsEntries(options.files ?? { hello: 'hello\n' }) : []
  const share = Math.floor((options.sizeBytes ?? 0) / count)
  const filler = index === count - 1 ? (options.sizeBytes ?? 0) - share * (count - 1) : share
  // A small random file keeps even filler-less layers distinct.
  entries.push(fileEntry(`layer-${index + 1}.id`, randomBytes(16)))
  if (filler > 0) {
    entries.push({
      name: `layer-${index + 1}.bin`,
      type: 'file',
      size: filler,
      chunks: randomChunks(filler)
    })
  }
  return entries
}

function rootfsEntries(files: FileTree): TarEntry[] {
  const directories = new Set<string>()
  const entries: TarEntry[] = []
  for (const [path, contents] of Object.entries(files)) {
    const name = path.replace(/^\/+/, '')
    const segments = name.split('/')
    for (let depth = 1; depth < segments.length; depth++) {
      const directory = `${segments.slice(0, depth).join('/')}/`
      if (!directories.has(directory)) {
        directories.add(directory)
        entries.push({ name: directory, type: 'directory', size: 0 })
      }
    }
    entries.push(fileEntry(name, Buffer.from(contents)))
  }
  return entries
}

function fileEntry(name: string, data: Buffer): TarEntry {
  return { name, type: 'file', size: data.length, chunks: [data] }
}

function* randomChunks(size: number): Generator<Buffer> {
  for (let left = size; left > 0; left -= CHUNK) yield randomBytes(Math.min(CHUNK, left))
}

/** Streams a tar of `entries` to `file`; resolves to its sha256 (hex) and size. */
async function writeTar(file: string, entries: TarEntry[]): Promise<{ hex: string; size: number }> {
  const out = createWriteStream(file)
  const hash = createHash('sha256')
  let size = 0
  const write = async (chunk: Buffer) => {
    hash.update(chunk)
    size += chunk.length
    if (!out.write(chunk)) await once(out, 'drain')
  }
  for (const entry of entries) {
    await write(tarHeader(entry))
    for await (const chunk of entry.chunks ?? []) await write(chunk as Buffer)
    await write(padding(entry.size))
  }
  await write(Buffer.alloc(2 * BLOCK))
  out.end()
  await once(out, 'finish')
  return { hex: hash.digest('hex'), size }
}

function tarHeader(entry: TarEntry): Buffer {
  const header = Buffer.alloc(BLOCK)
  let name = entry.name
  let prefix = ''
  if (Buffer.byteLength(name) > 100) {
    // ustar splits long paths at a `/` into a 155-byte prefix and a 100-byte name.
    const cut = name.lastIndexOf('/', name.length - 2)
    prefix = name.slice(0, cut)
    name = name.slice(cut + 1)
    if (cut < 0 || Buffer.byteLength(name) > 100 || Buffer.byteLength(prefix) > 155) {
      throw new Error(`path too long for a ustar archive: ${entry.name}`)
    }
  }
  header.write(name, 0, 100)
  header.write(octal(entry.type === 'directory' ? 0o755 : 0o644, 8), 100)
  header.write(octal(0, 8), 108)
  header.write(octal(0, 8), 116)
  header.write(octal(entry.size, 12), 124)
  header.write(octal(0, 12), 136)
  header.write(' '.repeat(8), 148)
  header.write(entry.type === 'directory' ? '5' : '0', 156)
  header.write('ustar\u000000', 257)
  header.write(prefix, 345, 155)
  const checksum = header.reduce((sum, byte) => sum + byte, 0)
  header.write(`${checksum.toString(8).padStart(6, '0')}\u0000 `, 148)
  return header
}

/** Zero-padded octal with a trailing NUL, filling a field of `width` bytes. */
function octal(value: number, width: number): string {
  return `${value.toString(8).padStart(width - 1, '0')}\u0000`
}

function padding(size: number): Buffer {
  return Buffer.alloc((BLOCK - (size % BLOCK)) % BLOCK)
}

function sha256Hex(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex')
}
