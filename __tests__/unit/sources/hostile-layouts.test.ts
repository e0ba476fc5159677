import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { ImageNode } from '../../../src/image/content.js'
import { sha256Digest } from '../../../src/image/digest.js'
import { readOciLayout, readOciLayoutDirectory } from '../../../src/sources/oci-layout.js'
import { directoryStore, readAll, type LayoutStore } from '../../../src/sources/store.js'
import { OCI, digestOf, imageError, putBlob, putImage, putIndex } from './crafted-layout.js'

let root: string
let dir: string
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'hostile-layouts-'))
  dir = join(root, 'layout')
  mkdirSync(dir)
})
afterEach(() => rmSync(root, { recursive: true, force: true }))

const open = (): Promise<ImageNode> => readOciLayoutDirectory(dir)
const hexOf = (digest: string): string => digest.split(':')[1]!

describe('digests', () => {
  it('reports the sha256 of a manifest the layout names by sha512, keeping that name', async () => {
    const image = putImage(dir, [Buffer.from('layer')], { algorithm: 'sha512' })
    putIndex(dir, [image.manifest])
    const node = await open()
    expect(node.digest).toBe(sha256Digest(image.bytes))
    expect(node.sourceDigest).toBe(image.manifest.digest)
    expect(node.bytes.equals(image.bytes)).toBe(true)
    expect(node.platform).toBe('linux/amd64')
  })

  it('has no sourceDigest when the layout names the manifest by its sha256', async () => {
    const image = putImage(dir, [Buffer.from('layer')])
    putIndex(dir, [image.manifest])
    const node = await open()
    expect(node.digest).toBe(image.manifest.digest)
    expect(node.sourceDigest).toBeUndefined()
  })

  it('refuses a sha512-named manifest whose content is other bytes, before anything is sent', async () => {
    const image = putImage(dir, [Buffer.from('layer')], { algorithm: 'sha512' })
    // Same size, other content.
    const forged = Buffer.from(
      image.bytes.toString('utf8').replace('"schemaVersion":2', '"schemaVersion":3')
    )
    writeFileSync(join(dir, 'blobs', 'sha512', hexOf(image.manifest.digest)), forged)
    putIndex(dir, [image.manifest])
    const error = await imageError(open())
    expect(error.message).toContain(`blobs/sha512/${hexOf(image.manifest.digest)}`)
    expect(error.message).toMatch(/is corrupt: its content is sha512:[0-9a-f]{128}/)
  })

  it('refuses a sha512-named config whose content differs', async () => {
    const image = putImage(dir, [Buffer.from('layer')], { algorithm: 'sha512' })
    const manifest = JSON.parse(image.bytes.toString('utf8')) as {
      config: { digest: string; size: number }
    }
    const configPath = join(dir, 'blobs', 'sha512', hexOf(manifest.config.digest))
    writeFileSync(configPath, Buffer.from(JSON.stringify({ os: 'linux', architecture: 'arm64' })))
    putIndex(dir, [image.manifest])
    const error = await imageError(open())
    expect(error.message).toContain(`blobs/sha512/${hexOf(manifest.config.digest)} is corrupt`)
  })

  it('streams a sha512 layer and fails at its end when its content differs', async () => {
    const image = putImage(dir, [Buffer.from('good layer bytes')], { algorithm: 'sha512' })
    putIndex(dir, [image.manifest])
    const layer = image.layers[0]!
    const node = await open()
    const blob = node.blobs.find(b => b.digest === layer.digest)!
    expect((await readAll(blob.open(0))).toString()).toBe('good layer bytes')
    expect((await readAll(blob.open(5))).toString()).toBe('layer bytes')
    writeFileSync(join(dir, 'blobs', 'sha512', hexOf(layer.digest)), 'evil layer bytes')
    const error = await imageError(readAll(blob.open(0)))
    expect(error.message).toContain(`blobs/sha512/${hexOf(layer.digest)} is corrupt`)
    expect(error.message).toMatch(/its content is sha512:/)
    // A read from an offset is checked over the whole blob too.
    await imageError(readAll(blob.open(5)))
  })

  it.each([
    ['sha384:' + 'a'.repeat(96), /unsupported digest algorithm 'sha384'/],
    ['md5:' + 'a'.repeat(32), /unsupported digest algorithm 'md5'/],
    ['sha256:' + 'a'.repeat(63), /not a sha256 digest: 64 lower-case hex digits/],
    ['sha256:' + 'A'.repeat(64), /not a sha256 digest/],
    ['sha512:' + 'a'.repeat(64), /not a sha512 digest: 128/],
    ['sha256:../../../../etc/passwd', /not of the form/],
    [42, /is not a string/]
  ])('refuses the digest %j in index.json by name', async (digest, problem) => {
    putIndex(dir, [{ mediaType: OCI.manifest, digest, size: 2 }])
    const error = await imageError(open())
    expect(error.message).toContain('index.json field manifests[0].digest')
    expect(error.message).toMatch(problem)
  })

  it('refuses a layer digest of another algorithm, naming the manifest', async () => {
    const config = putBlob(dir, OCI.config, { os: 'linux', architecture: 'amd64' })
    const layer = { mediaType: OCI.layer, digest: 'sha384:' + 'b'.repeat(96), size: 1 }
    const manifest = putBlob(dir, OCI.manifest, { schemaVersion: 2, config, layers: [layer] })
    putIndex(dir, [manifest])
    const error = await imageError(open())
    expect(error.message).toContain(`blobs/sha256/${hexOf(manifest.digest)} field layers[0].digest`)
    expect(error.message).toMatch(/unsupported digest algorithm 'sha384'/)
  })
})

describe('sizes and links', () => {
  it('refuses a blob whose file is larger than its descriptor, before streaming it', async () => {
    const image = putImage(dir, [Buffer.from('layer')])
    const layer = image.layers[0]!
    writeFileSync(join(dir, 'blobs', 'sha256', hexOf(layer.digest)), Buffer.alloc(1 << 20))
    putIndex(dir, [image.manifest])
    const error = await imageError(open())
    expect(error.message).toContain(`blobs/sha256/${hexOf(layer.digest)} is corrupt`)
    expect(error.message).toContain(`it is ${1 << 20} bytes, its descriptor says ${layer.size}`)
  })

  it('refuses a blob linked to a file outside the layout, never reading it', async () => {
    const secret = join(root, 'secret')
    writeFileSync(secret, 'outside bytes')
    const image = putImage(dir, [Buffer.from('outside bytes')])
    const layer = image.layers[0]!
    const layerPath = join(dir, 'blobs', 'sha256', hexOf(layer.digest))
    rmSync(layerPath)
    symlinkSync(secret, layerPath)
    putIndex(dir, [image.manifest])
    const error = await imageError(open())
    expect(error.message).toContain(`blobs/sha256/${hexOf(layer.digest)} links to ${secret}`)
    expect(error.message).toContain('outside the layout')
    expect(error.fix).toMatch(/cp -rL/)
  })

  it('refuses a blobs directory linked outside the layout, and index.json linked outside', async () => {
    const elsewhere = join(root, 'elsewhere')
    mkdirSync(elsewhere)
    const image = putImage(elsewhere, [Buffer.from('layer')])
    symlinkSync(join(elsewhere, 'blobs'), join(dir, 'blobs'))
    putIndex(dir, [image.manifest])
    expect((await imageError(open())).message).toMatch(/links to .*outside the layout/)

    rmSync(join(dir, 'index.json'))
    writeFileSync(join(root, 'index.json'), '{"manifests":[]}')
    symlinkSync(join(root, 'index.json'), join(dir, 'index.json'))
    expect((await imageError(open())).message).toMatch(/index.json links to .*outside the layout/)
  })

  it('follows a link that stays inside the layout', async () => {
    const image = putImage(dir, [Buffer.from('layer')])
    const layer = image.layers[0]!
    const layerPath = join(dir, 'blobs', 'sha256', hexOf(layer.digest))
    writeFileSync(join(dir, 'layer.tar.gz'), 'layer')
    rmSync(layerPath)
    symlinkSync('../../layer.tar.gz', layerPath)
    putIndex(dir, [image.manifest])
    const node = await open()
    const blob = node.blobs.find(b => b.digest === layer.digest)!
    expect((await readAll(blob.open(0))).toString()).toBe('layer')
  })

  it('refuses a blob that is a directory', async () => {
    const image = putImage(dir, [Buffer.from('layer')])
    const layerPath = join(dir, 'blobs', 'sha256', hexOf(image.layers[0]!.digest))
    rmSync(layerPath)
    mkdirSync(layerPath)
    putIndex(dir, [image.manifest])
    expect((await imageError(open())).message).toMatch(/is not a regular file/)
  })

  it('refuses a manifest larger than any registry takes, without reading it', async () => {
    const huge = Buffer.alloc(17 * 1024 * 1024, 0x20)
    const manifest = putBlob(dir, OCI.manifest, huge)
    putIndex(dir, [manifest])
    const error = await imageError(open())
    expect(error.message).toContain(
      `blobs/sha256/${hexOf(manifest.digest)} is ${huge.length} bytes`
    )
  })
})

/** `levels` indexes, each holding the next, around one manifest; returns the outermost. */
function nestIndexes(levels: number): { mediaType: string; digest: string; size: number } {
  let inner = putImage(dir, [Buffer.from('layer')]).manifest
  for (let level = 0; level < levels; level++) {
    inner = putBlob(dir, OCI.index, { schemaVersion: 2, mediaType: OCI.index, manifests: [inner] })
  }
  return inner
}

describe('shape of the graph', () => {
  it('reads 8 levels of indexes', async () => {
    putIndex(dir, [nestIndexes(8)])
    let node = await open()
    for (let level = 0; level < 8; level++) node = node.children[0]!
    expect(node.platform).toBe('linux/amd64')
  })

  // 5000 levels are 5000 files to write: a loaded disk takes longer than Jest's 5 s default.
  it.each([9, 5000])(
    'refuses %i levels of indexes with a clear error',
    async levels => {
      putIndex(dir, [nestIndexes(levels)])
      const error = await imageError(open())
      expect(error.message).toMatch(/is nested in more than 8 levels of indexes/)
    },
    60_000
  )

  it('ends a self-referencing sha512 index with an error instead of hanging', async () => {
    // The index names itself: its bytes can only match that digest by a hash collision.
    const self = 'sha512:' + 'c'.repeat(128)
    const index = putBlob(
      dir,
      OCI.index,
      {
        schemaVersion: 2,
        mediaType: OCI.index,
        manifests: [{ mediaType: OCI.index, digest: self, size: 1 }]
      },
      self
    )
    putIndex(dir, [index])
    const error = await imageError(open())
    expect(error.message).toContain(`blobs/sha512/${'c'.repeat(128)} is corrupt`)
  })

  it('reads a manifest every index entry shares, and a repeated layer, once', async () => {
    const layer = Buffer.from('same layer')
    const config = putBlob(dir, OCI.config, { os: 'linux', architecture: 'amd64' })
    const layerDescriptor = putBlob(dir, OCI.layer, layer)
    const manifest = putBlob(dir, OCI.manifest, {
      schemaVersion: 2,
      mediaType: OCI.manifest,
      config,
      layers: [layerDescriptor, layerDescriptor, layerDescriptor]
    })
    const index = putBlob(dir, OCI.index, {
      schemaVersion: 2,
      mediaType: OCI.index,
      manifests: Array.from({ length: 3000 }, () => manifest)
    })
    putIndex(dir, [index])
    const node = await open()
    expect(node.children).toHaveLength(1)
    expect(node.children[0]!.blobs.map(b => b.digest)).toEqual([
      config.digest,
      layerDescriptor.digest
    ])
  })

  it('keeps at most 32 files open for an index of 300 distinct manifests', async () => {
    const manifests = Array.from(
      { length: 300 },
      (_, i) => putImage(dir, [Buffer.from(`layer ${i}`)]).manifest
    )
    putIndex(dir, [putBlob(dir, OCI.index, { schemaVersion: 2, mediaType: OCI.index, manifests })])
    const store = directoryStore(dir)
    let open = 0
    let most = 0
    const counting: LayoutStore = {
      ...store,
      file: async path => {
        open++
        most = Math.max(most, open)
        try {
          const file = await store.file(path)
          return (
            file && {
              size: file.size,
              bytes: async () => {
                open++
                most = Math.max(most, open)
                try {
                  return await file.bytes()
                } finally {
                  open--
                }
              },
              read: async function* (start, end) {
                open++
                most = Math.max(most, open)
                try {
                  yield* file.read(start, end)
                } finally {
                  open--
                }
              }
            }
          )
        } finally {
          open--
        }
      }
    }
    const node = await readOciLayout(counting)
    expect(node.children).toHaveLength(300)
    expect(most).toBeLessThanOrEqual(32)
  })
})

describe('malformed documents', () => {
  const manifestWith = (fields: object): { mediaType: string; digest: string; size: number } => {
    const config = putBlob(dir, OCI.config, { os: 'linux', architecture: 'amd64' })
    const layer = putBlob(dir, OCI.layer, 'layer')
    return putBlob(dir, OCI.manifest, {
      schemaVersion: 2,
      mediaType: OCI.manifest,
      config,
      layers: [layer],
      ...fields
    })
  }

  it.each([
    ['index.json that is not JSON', () => '{"manifests": [', /index.json is not valid JSON/],
    ['index.json that is an array', () => [], /index.json is not a JSON object/],
    [
      'manifests that is not an array',
      () => ({ manifests: {} }),
      /index.json field manifests is not an array of descriptors/
    ],
    ['no manifests', () => ({}), /index.json field manifests is not an array/],
    [
      'a descriptor that is null',
      () => ({ manifests: [null] }),
      /index.json field manifests\[0\] is not a JSON object/
    ],
    [
      'a size that is a string',
      () => ({ manifests: [{ ...manifestWith({}), size: '12' }] }),
      /index.json field manifests\[0\].size is "12", not a whole number of bytes/
    ],
    [
      'a negative size',
      () => ({ manifests: [{ ...manifestWith({}), size: -1 }] }),
      /manifests\[0\].size is -1/
    ],
    [
      'a fractional size',
      () => ({ manifests: [{ ...manifestWith({}), size: 1.5 }] }),
      /manifests\[0\].size is 1.5/
    ],
    [
      'a size beyond safe integers',
      () => ({ manifests: [{ ...manifestWith({}), size: 2 ** 53 }] }),
      /manifests\[0\].size is 9007199254740992/
    ],
    [
      'a missing size',
      () => ({ manifests: [{ ...manifestWith({}), size: undefined }] }),
      /manifests\[0\].size is missing/
    ],
    [
      'a missing mediaType',
      () => ({ manifests: [{ ...manifestWith({}), mediaType: undefined }] }),
      /manifests\[0\].mediaType is not a string/
    ],
    [
      'annotations that are null',
      () => ({ manifests: [{ ...manifestWith({}), annotations: null }] }),
      /manifests\[0\].annotations is not a JSON object/
    ],
    [
      'a platform without os',
      () => ({ manifests: [{ ...manifestWith({}), platform: { architecture: 'amd64' } }] }),
      /manifests\[0\].platform.os is not a string/
    ]
  ])('refuses %s, naming the file and field', async (_case, index, problem) => {
    const document = index()
    writeFileSync(join(dir, 'oci-layout'), '{"imageLayoutVersion":"1.0.0"}')
    writeFileSync(
      join(dir, 'index.json'),
      typeof document === 'string' ? document : JSON.stringify(document)
    )
    const error = await imageError(open())
    expect(error.message).toContain(`OCI layout ${dir}: `)
    expect(error.message).toMatch(problem)
    expect(error.fix).toMatch(/export the image again/)
  })

  it.each([
    ['layers that are not an array', { layers: 'x' }, /field layers is not an array/],
    ['no config', { config: undefined }, /field config is not a JSON object/],
    [
      'a layer with a numeric mediaType',
      { layers: [{ mediaType: 7, digest: digestOf(Buffer.from('x')), size: 1 }] },
      /field layers\[0\].mediaType is not a string/
    ],
    ['a mediaType that is a number', { mediaType: 3 }, /field mediaType is not a string/]
  ])('refuses a manifest with %s, naming it', async (_case, fields, problem) => {
    const manifest = manifestWith(fields)
    putIndex(dir, [manifest])
    const error = await imageError(open())
    expect(error.message).toContain(`blobs/sha256/${hexOf(manifest.digest)}`)
    expect(error.message).toMatch(problem)
  })

  it('refuses an index whose manifests are missing, naming it', async () => {
    const index = putBlob(dir, OCI.index, { schemaVersion: 2, mediaType: OCI.index })
    putIndex(dir, [index])
    const error = await imageError(open())
    expect(error.message).toContain(`blobs/sha256/${hexOf(index.digest)} field manifests`)
  })

  it.each([
    ['not JSON', 'os=linux', /is not valid JSON/],
    ['an array', '[]', /is not a JSON object/]
  ])('refuses a config that is %s, naming it', async (_case, text, problem) => {
    const config = putBlob(dir, OCI.config, text)
    const manifest = putBlob(dir, OCI.manifest, {
      schemaVersion: 2,
      mediaType: OCI.manifest,
      config,
      layers: []
    })
    putIndex(dir, [manifest])
    const error = await imageError(open())
    expect(error.message).toContain(`blobs/sha256/${hexOf(config.digest)}`)
    expect(error.message).toMatch(problem)
  })
})
