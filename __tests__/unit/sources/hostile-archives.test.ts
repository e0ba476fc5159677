import { gzipSync } from 'node:zlib'
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import type { ImageNode } from '../../../src/image/content.js'
import { sha256Digest } from '../../../src/image/digest.js'
import { readDockerArchive } from '../../../src/sources/docker-archive.js'
import { readAll } from '../../../src/sources/store.js'
import {
  OCI,
  craftTar,
  digestOf,
  imageError,
  paxRecord,
  putImage,
  putIndex,
  type CraftedTarEntry
} from './crafted-layout.js'

let root: string
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'hostile-archives-'))
})
afterEach(() => rmSync(root, { recursive: true, force: true }))

function archive(entries: CraftedTarEntry[]): string {
  const path = join(root, 'image.tar')
  writeFileSync(path, craftTar(entries))
  return path
}

const open = (entries: CraftedTarEntry[]): Promise<ImageNode> => readDockerArchive(archive(entries))

/** Every file of a crafted layout directory, as archive entries. */
function layoutEntries(dir: string): CraftedTarEntry[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter(entry => entry.isFile())
    .map(entry => {
      const path = join(entry.parentPath, entry.name)
      return { name: relative(dir, path), data: readFileSync(path) }
    })
}

const CONFIG = JSON.stringify({ os: 'linux', architecture: 'amd64' })
const LAYER = gzipSync(Buffer.from('layer'))

/** A pre-25 `docker save` archive of one image (`c.json`, `l.tar`) described by `image`. */
const openSaved = (image: object): Promise<ImageNode> =>
  open([
    { name: 'manifest.json', data: JSON.stringify([{ Config: 'c.json', ...image }]) },
    { name: 'c.json', data: CONFIG },
    { name: 'l.tar', data: LAYER }
  ])

describe("docker save's manifest.json", () => {
  it.each([
    ['not JSON', '[{', /manifest.json is not valid JSON/],
    ['an object', '{}', /manifest.json is not a JSON array of saved images/],
    ['an array of strings', '["a"]', /manifest.json field \[0\] is not a JSON object/],
    ['a numeric Config', '[{"Config":1,"Layers":[]}]', /field \[0\].Config is not a string/],
    [
      'Layers not a list',
      '[{"Config":"c.json","Layers":"l"}]',
      /field \[0\].Layers is not an array/
    ],
    [
      'a numeric layer',
      '[{"Config":"c.json","Layers":[7]}]',
      /field \[0\].Layers\[0\] is not a string/
    ],
    [
      'RepoTags not a list',
      '[{"Config":"c.json","Layers":[],"RepoTags":"app"}]',
      /field \[0\].RepoTags is not an array/
    ]
  ])('refuses one that is %s, naming the file and field', async (_case, text, problem) => {
    const error = await imageError(open([{ name: 'manifest.json', data: text }]))
    expect(error.message).toContain(`docker archive ${join(root, 'image.tar')}: manifest.json`)
    expect(error.message).toMatch(problem)
    expect(error.fix).toMatch(/docker save/)
  })

  it('accepts RepoTags null, as docker writes for an untagged image', async () => {
    const node = await openSaved({ RepoTags: null, Layers: ['l.tar'] })
    expect(node.platform).toBe('linux/amd64')
    expect(node.blobs.map(blob => blob.digest)).toEqual([
      sha256Digest(Buffer.from(CONFIG)),
      sha256Digest(LAYER)
    ])
  })

  it('refuses a config that is not JSON, naming it', async () => {
    const error = await imageError(
      open([
        { name: 'manifest.json', data: '[{"Config":"c.json","Layers":[]}]' },
        { name: 'c.json', data: 'os: linux' }
      ])
    )
    expect(error.message).toMatch(/: c.json is not valid JSON/)
  })

  it('uploads a layer listed twice once, and streams it verified', async () => {
    const node = await openSaved({ Layers: ['l.tar', 'l.tar'] })
    expect(node.blobs).toHaveLength(2)
    expect((await readAll(node.blobs[1]!.open(0))).equals(LAYER)).toBe(true)
    const manifest = JSON.parse(node.bytes.toString('utf8')) as { layers: unknown[] }
    expect(manifest.layers).toHaveLength(2)
  })

  it.each([
    ['an absolute link', '/etc/passwd'],
    ['a link up and out', '../../../../../../etc/passwd']
  ])('never reads a file outside the archive through %s', async (_case, linkname) => {
    const error = await imageError(
      open([
        { name: 'manifest.json', data: '[{"Config":"c.json","Layers":["evil"]}]' },
        { name: 'c.json', data: CONFIG },
        { name: 'evil', type: '2', linkname }
      ])
    )
    expect(error.message).toMatch(/lacks evil/)
  })
})

describe('tar headers', () => {
  it.each([
    ['a size field that is not octal', { sizeField: '0000000009x\0' }, undefined],
    ['a pax size that is not a number', {}, 'abc'],
    ['a negative pax size', {}, '-1']
  ])('refuse %s instead of reading on misaligned', async (_case, forged, paxSize) => {
    const entries: CraftedTarEntry[] = [
      ...(paxSize ? [{ name: 'pax', type: 'x', data: paxRecord('size', paxSize) }] : []),
      { name: 'manifest.json', data: '[]', ...forged }
    ]
    const error = await imageError(open(entries))
    expect(error.message).toMatch(/not a tar archive: bad size in the header at byte \d+/)
  })
})

describe('an OCI layout inside the archive', () => {
  it('refuses an uncompressed layer whose content is not its digest, before any upload', async () => {
    const dir = join(root, 'layout')
    mkdirSync(dir)
    const image = putImage(dir, [Buffer.from('true layer')], { layerMediaType: OCI.plainLayer })
    const layer = image.layers[0]!
    const hex = layer.digest.slice('sha256:'.length)
    writeFileSync(join(dir, 'blobs', 'sha256', hex), 'evil layer')
    putIndex(dir, [image.manifest])
    const error = await imageError(open(layoutEntries(dir)))
    expect(error.message).toContain(`blobs/sha256/${hex} is corrupt: its content is sha256:`)
  })

  it('stops an upload of a gzipped layer whose archive changed after it was opened', async () => {
    const dir = join(root, 'layout')
    mkdirSync(dir)
    const image = putImage(dir, [Buffer.from('true layer')], { layerMediaType: OCI.plainLayer })
    putIndex(dir, [image.manifest])
    const path = archive(layoutEntries(dir))
    const node = await readDockerArchive(path)
    const tar = readFileSync(path)
    tar.write('evil layer', tar.indexOf('true layer'))
    writeFileSync(path, tar)
    const layer = node.blobs.find(blob => blob.digest !== node.blobs[0]!.digest)!
    const error = await imageError(readAll(layer.open(0)))
    const hex = image.layers[0]!.digest.slice('sha256:'.length)
    expect(error.message).toContain(`blobs/sha256/${hex} is corrupt: its content is sha256:`)
  })

  it('gzips a plain layer once into a scratch directory: the same digests, a private file the uploads read', async () => {
    const dir = join(root, 'layout')
    mkdirSync(dir)
    const image = putImage(dir, [Buffer.from('true layer')], { layerMediaType: OCI.plainLayer })
    putIndex(dir, [image.manifest])
    const path = archive(layoutEntries(dir))
    const scratch = join(root, 'scratch')
    mkdirSync(scratch)
    const streamed = await readDockerArchive(path)
    const kept = await readDockerArchive(path, scratch)
    expect(kept.digest).toBe(streamed.digest)
    expect(kept.blobs.map(blob => blob.digest)).toEqual(streamed.blobs.map(blob => blob.digest))
    const [file] = readdirSync(scratch)
    expect(statSync(join(scratch, file!)).mode & 0o777).toBe(0o600)
    // The upload reads the compressed copy, not the archive again.
    const tar = readFileSync(path)
    tar.write('evil layer', tar.indexOf('true layer'))
    writeFileSync(path, tar)
    const layer = kept.blobs.find(blob => blob.digest !== kept.blobs[0]!.digest)!
    const bytes = await readAll(layer.open(0))
    expect(bytes.length).toBe(layer.size)
  })

  it('pushes a sha512-named manifest with gzipped layers under its sha256', async () => {
    const dir = join(root, 'layout')
    mkdirSync(dir)
    const image = putImage(dir, [Buffer.from('plain layer')], {
      algorithm: 'sha512',
      layerMediaType: OCI.plainLayer
    })
    putIndex(dir, [image.manifest])
    const node = await open(layoutEntries(dir))
    expect(node.digest).toBe(sha256Digest(node.bytes))
    expect(node.sourceDigest).toBeUndefined()
    const manifest = JSON.parse(node.bytes.toString('utf8')) as {
      layers: Array<{ mediaType: string; digest: string }>
    }
    expect(manifest.layers[0]!.mediaType).toBe(OCI.layer)
    const layer = node.blobs.find(blob => blob.digest === manifest.layers[0]!.digest)!
    const gzipped = await readAll(layer.open(0))
    expect(digestOf(gzipped)).toBe(layer.digest)
  })

  it('refuses a sha384-named manifest by name', async () => {
    const dir = join(root, 'layout')
    mkdirSync(dir)
    putIndex(dir, [{ mediaType: OCI.manifest, digest: `sha384:${'a'.repeat(96)}`, size: 10 }])
    const error = await imageError(open(layoutEntries(dir)))
    expect(error.message).toMatch(
      /index.json field manifests\[0\].digest uses unsupported digest algorithm 'sha384'/
    )
  })
})
