// Writes OCI image layouts with deterministic content: a single manifest, or a two-platform
// index. The same seed always gives the same bytes, hence the same digests.
import { createCipheriv, createHash } from 'node:crypto'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

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
