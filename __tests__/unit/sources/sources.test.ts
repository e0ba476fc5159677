import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { InputError } from '../../../src/common/errors.js'
import { openImageSource } from '../../../src/sources/open.js'
import { tarFiles, writeOciLayout } from '../../support/oci-layout.js'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sources-test-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

/** One layout directory holding images tagged `a` and `b`. */
function twoImageLayout(): { a: string; b: string } {
  const a = writeOciLayout(dir, { tag: 'a', seed: 'a' })
  const first = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')) as { manifests: object[] }
  const b = writeOciLayout(dir, { tag: 'b', seed: 'b' })
  const second = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')) as {
    manifests: object[]
  }
  writeFileSync(
    join(dir, 'index.json'),
    JSON.stringify({ schemaVersion: 2, manifests: [...first.manifests, ...second.manifests] })
  )
  return { a: a.root.digest, b: b.root.digest }
}

async function inputError(promise: Promise<unknown>): Promise<InputError> {
  const error = await promise.catch((failure: unknown) => failure)
  expect(error).toBeInstanceOf(InputError)
  expect((error as InputError).input).toBe('image')
  return error as InputError
}

describe('oci: sources', () => {
  it('picks the image by its ref.name annotation', async () => {
    const digests = twoImageLayout()
    const image = await openImageSource({ kind: 'oci', path: dir, tag: 'b' })
    expect(image.digest).toBe(digests.b)
    expect(image.platform).toBe('linux/amd64')
    expect(image.blobs).toHaveLength(3)
  })

  it('asks which image when the layout holds several, listing their tags', async () => {
    twoImageLayout()
    const error = await inputError(openImageSource({ kind: 'oci', path: dir }))
    expect(error.message).toMatch(/holds 2 images/)
    expect(error.fix).toContain('a, b')
  })

  it('names a tag the layout does not hold', async () => {
    twoImageLayout()
    const error = await inputError(openImageSource({ kind: 'oci', path: dir, tag: 'c' }))
    expect(error.message).toMatch(/no image tagged 'c'/)
  })

  it('reads an index with its platform manifests', async () => {
    const written = writeOciLayout(dir, {
      platforms: [
        { os: 'linux', architecture: 'amd64' },
        { os: 'linux', architecture: 'arm64', variant: 'v8' }
      ]
    })
    const image = await openImageSource({ kind: 'oci', path: dir })
    expect(image.bytes.equals(written.root.bytes)).toBe(true)
    expect(image.children.map(child => child.platform)).toEqual(['linux/amd64', 'linux/arm64/v8'])
  })

  it('rejects a missing directory, a missing blob and a corrupt one', async () => {
    await inputError(openImageSource({ kind: 'oci', path: join(dir, 'nope') }))
    const written = writeOciLayout(dir)
    const manifestPath = join(dir, 'blobs', 'sha256', written.root.digest.slice(7))
    writeFileSync(manifestPath, Buffer.concat([written.root.bytes, Buffer.from(' ')]))
    expect((await inputError(openImageSource({ kind: 'oci', path: dir }))).message).toMatch(
      /corrupt/
    )
    rmSync(manifestPath)
    expect((await inputError(openImageSource({ kind: 'oci', path: dir }))).message).toMatch(
      /lacks blob/
    )
  })
})

describe('docker-archive: sources', () => {
  it('refuses an archive of several images, naming them', async () => {
    const manifest = [
      { Config: 'a.json', RepoTags: ['one:1'], Layers: [] },
      { Config: 'b.json', RepoTags: ['two:2'], Layers: [] }
    ]
    const archive = join(dir, 'two.tar')
    writeFileSync(
      archive,
      tarFiles([{ name: 'manifest.json', data: Buffer.from(JSON.stringify(manifest)) }])
    )
    const error = await inputError(openImageSource({ kind: 'docker-archive', path: archive }))
    expect(error.message).toContain('one:1, two:2')
  })

  it('rejects a file that is not a tar, and one that does not exist', async () => {
    const file = join(dir, 'not.tar')
    writeFileSync(file, Buffer.alloc(1024, 0x41))
    expect(
      (await inputError(openImageSource({ kind: 'docker-archive', path: file }))).message
    ).toMatch(/not a tar archive/)
  })

  it.each<['oci' | 'docker-archive', string, RegExp]>([
    ['docker-archive', 'none.tar', /^not found: .*none\.tar$/],
    ['oci', 'no-layout', /^not found: .*no-layout$/],
    ['docker-archive', '.', /is a directory, not a file$/]
  ])(
    'rejects a %s path %s that is not there, naming the image input',
    async (kind, name, message) => {
      const error = await inputError(openImageSource({ kind, path: join(dir, name) }))
      expect(error.input).toBe('image')
      expect(error.message).toMatch(message)
    }
  )
})
