// Writes OCI image layouts with deterministic content: a single manifest, or a two-platform
// index. The same seed always gives the same bytes, hence the same digests.
import { createCipheriv, createHash } from 'node:crypto'
import { createWriteStream, mkdirSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { Readable, Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'

export type Flavour = 'oci' | 'docker'

export interface PlatformSpec {
  os: string
  architecture: string
  variant?: string
}

export interface LayoutOptions {
  /** `org.opencontainers.image.ref.name` of the image in index.json. */
  tag?: string
  /** One platform writes a manifest; more write an index over one manifest each. */
  platforms?: PlatformSpec[]
  /** Sizes of each platform's layers, in bytes. */
  layerSizes?: number[]
  seed?: string
  flavour?: Flavour
  /** Layers as plain tars (`…layer.v1.tar`) instead of gzip media types. */
  uncompressedLayers?: boolean
}

export interface WrittenBlob {
  mediaType: string
  digest: string
  size: number
  bytes: Buffer
}

export interface WrittenLayout {
  dir: string
  /** The manifest or index that index.json names. */
  root: WrittenBlob
  /** Every manifest in the image (the platform manifests of an index, or the one manifest). */
  manifests: WrittenBlob[]
  /** Every config and layer. */
  blobs: WrittenBlob[]
}

const MEDIA = {
  oci: {
    manifest: 'application/vnd.oci.image.manifest.v1+json',
    index: 'application/vnd.oci.image.index.v1+json',
    config: 'application/vnd.oci.image.config.v1+json',
    layer: 'application/vnd.oci.image.layer.v1.tar+gzip',
    plainLayer: 'application/vnd.oci.image.layer.v1.tar'
  },
  docker: {
    manifest: 'application/vnd.docker.distribution.manifest.v2+json',
    index: 'application/vnd.docker.distribution.manifest.list.v2+json',
    config: 'application/vnd.docker.container.image.v1+json',
    layer: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
    plainLayer: 'application/vnd.docker.image.rootfs.diff.tar'
  }
}

/** `size` bytes that depend only on `seed` (AES-CTR keystream), fast even for large blobs. */
export function deterministicBytes(seed: string, size: number): Buffer {
  const key = createHash('sha256').update(seed).digest().subarray(0, 16)
  const cipher = createCipheriv('aes-128-ctr', key, Buffer.alloc(16))
  return Buffer.concat([cipher.update(Buffer.alloc(size)), cipher.final()])
}

export function blobOf(mediaType: string, bytes: Buffer): WrittenBlob {
  const digest = `sha256:${createHash('sha256').update(bytes).digest('hex')}`
  return { mediaType, digest, size: bytes.length, bytes }
}

function descriptor(blob: WrittenBlob, extra: object = {}): object {
  return { mediaType: blob.mediaType, digest: blob.digest, size: blob.size, ...extra }
}

export function writeOciLayout(dir: string, options: LayoutOptions = {}): WrittenLayout {
  const {
    tag,
    platforms = [{ os: 'linux', architecture: 'amd64' }],
    layerSizes = [1024, 2048],
    seed = 'layout',
    flavour = 'oci'
  } = options
  const media = MEDIA[flavour]
  const blobs: WrittenBlob[] = []
  const manifests = platforms.map((platform, p) => {
    const layers = layerSizes.map((size, l) =>
      blobOf(
        options.uncompressedLayers ? media.plainLayer : media.layer,
        deterministicBytes(`${seed}/${p}/${l}`, size)
      )
    )
    const config = blobOf(
      media.config,
      Buffer.from(
        JSON.stringify({
          ...platform,
          config: {},
          rootfs: { type: 'layers', diff_ids: layers.map(layer => layer.digest) }
        })
      )
    )
    blobs.push(config, ...layers)
    const manifest = {
      schemaVersion: 2,
      mediaType: media.manifest,
      config: descriptor(config),
      layers: layers.map(layer => descriptor(layer))
    }
    // Indentation on purpose: pushed bytes must be kept exactly, not re-serialised.
    return blobOf(media.manifest, Buffer.from(JSON.stringify(manifest, null, 2) + '\n'))
  })
  const root =
    platforms.length === 1
      ? manifests[0]!
      : blobOf(
          media.index,
          Buffer.from(
            JSON.stringify(
              {
                schemaVersion: 2,
                mediaType: media.index,
                manifests: manifests.map((manifest, p) =>
                  descriptor(manifest, { platform: platforms[p] })
                )
              },
              null,
              3
            )
          )
        )

  mkdirSync(join(dir, 'blobs', 'sha256'), { recursive: true })
  for (const blob of [...blobs, ...manifests, root]) {
    writeFileSync(join(dir, 'blobs', 'sha256', blob.digest.slice('sha256:'.length)), blob.bytes)
  }
  writeFileSync(join(dir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }))
  const annotations = tag ? { annotations: { 'org.opencontainers.image.ref.name': tag } } : {}
  writeFileSync(
    join(dir, 'index.json'),
    JSON.stringify({ schemaVersion: 2, manifests: [descriptor(root, annotations)] })
  )
  return { dir, root, manifests, blobs }
}

/**
 * A single-platform OCI layout whose layers are streamed to disk as they are generated (the
 * same bytes `writeOciLayout` gives for the same seed), so a layer of hundreds of MiB never
 * sits in memory. Returns the layout's directory and the bytes a push of it uploads.
 */
export async function writeLargeOciLayout(
  dir: string,
  { layerSizes, seed = 'layout', tag }: { layerSizes: number[]; seed?: string; tag?: string }
): Promise<{ dir: string; uploadBytes: number }> {
  const blobs = join(dir, 'blobs', 'sha256')
  mkdirSync(blobs, { recursive: true })
  const layers = []
  for (const [l, size] of layerSizes.entries()) {
    layers.push(await writeStreamedBlob(blobs, `${seed}/0/${l}`, size))
  }
  const config = blobOf(
    MEDIA.oci.config,
    Buffer.from(
      JSON.stringify({
        os: 'linux',
        architecture: 'amd64',
        config: {},
        rootfs: { type: 'layers', diff_ids: layers.map(layer => layer.digest) }
      })
    )
  )
  const manifest = blobOf(
    MEDIA.oci.manifest,
    Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: MEDIA.oci.manifest,
        config: descriptor(config),
        layers: layers.map(layer => ({ mediaType: MEDIA.oci.layer, ...layer }))
      })
    )
  )
  for (const blob of [config, manifest]) {
    writeFileSync(join(blobs, blob.digest.slice('sha256:'.length)), blob.bytes)
  }
  writeFileSync(join(dir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }))
  const annotations = tag ? { annotations: { 'org.opencontainers.image.ref.name': tag } } : {}
  writeFileSync(
    join(dir, 'index.json'),
    JSON.stringify({ schemaVersion: 2, manifests: [descriptor(manifest, annotations)] })
  )
  const layerBytes = layers.reduce((sum, layer) => sum + layer.size, 0)
  return { dir, uploadBytes: layerBytes + config.size + manifest.size }
}

/** `deterministicBytes(seed, size)` written 1 MiB at a time into a blob file, hashed on the way. */
async function writeStreamedBlob(
  blobs: string,
  seed: string,
  size: number
): Promise<{ digest: string; size: number }> {
  const key = createHash('sha256').update(seed).digest().subarray(0, 16)
  const cipher = createCipheriv('aes-128-ctr', key, Buffer.alloc(16))
  const chunk = Buffer.alloc(1024 * 1024)
  const hash = createHash('sha256')
  const staging = join(blobs, `.${createHash('sha256').update(seed).digest('hex')}.partial`)
  await pipeline(
    Readable.from(
      (function* () {
        for (let left = size; left > 0; left -= chunk.length) {
          yield cipher.update(chunk.subarray(0, Math.min(chunk.length, left)))
        }
      })()
    ),
    new Transform({
      transform(piece: Buffer, _encoding, done) {
        hash.update(piece)
        done(null, piece)
      }
    }),
    createWriteStream(staging)
  )
  const digest = `sha256:${hash.digest('hex')}`
  renameSync(staging, join(blobs, digest.slice('sha256:'.length)))
  return { digest, size }
}

export interface TarMember {
  /** Under 100 bytes. */
  name: string
  data: Buffer
  /** A typeflag: '0' file (default), '2' symlink, 'x' pax header. */
  type?: string
  linkname?: string
  /** The header's size field as written, to forge one that is not a number. */
  sizeField?: string
}

/** A ustar archive of `files`, as `docker save` writes them; the checksum is always valid. */
export function tarFiles(files: TarMember[]): Buffer {
  const parts: Buffer[] = []
  for (const { name, data, type = '0', linkname = '', sizeField } of files) {
    const header = Buffer.alloc(512)
    header.write(name, 0, 100, 'utf8')
    header.write('0000644\0', 100)
    header.write('0000000\0', 108)
    header.write('0000000\0', 116)
    header.write(sizeField ?? data.length.toString(8).padStart(11, '0') + '\0', 124)
    header.write('00000000000\0', 136)
    header.write('        ', 148)
    header.write(type, 156)
    header.write(linkname, 157, 100, 'utf8')
    header.write('ustar\0' + '00', 257)
    let sum = 0
    for (const byte of header) sum += byte
    header.write(sum.toString(8).padStart(6, '0') + '\0 ', 148)
    parts.push(header, data, Buffer.alloc((512 - (data.length % 512)) % 512))
  }
  parts.push(Buffer.alloc(1024))
  return Buffer.concat(parts)
}
