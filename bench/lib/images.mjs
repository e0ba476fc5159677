// Benchmark images, generated deterministically: each layer is a tar holding one file of
// AES-CTR keystream bytes (incompressible, and the same seed always gives the same bytes).
// An image is written as an OCI image layout (gzip layers, as registries store them) and,
// when Docker needs it, its layer tars go into a `docker save` archive for `docker load`.
import { createCipheriv, createHash } from 'node:crypto'
import {
  createReadStream,
  createWriteStream,
  mkdirSync,
  renameSync,
  statSync,
  writeFileSync
} from 'node:fs'
import { once } from 'node:events'
import { join } from 'node:path'
import { Readable, Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { constants, createGzip } from 'node:zlib'
import { run } from './measure.mjs'

const BLOCK = 512
const CHUNK = 1024 * 1024
export const MiB = 1024 * 1024

const MEDIA = {
  manifest: 'application/vnd.oci.image.manifest.v1+json',
  config: 'application/vnd.oci.image.config.v1+json',
  layer: 'application/vnd.oci.image.layer.v1.tar+gzip'
}

/** `size` bytes of the AES-128-CTR keystream of `seed`, as a stream of 1 MiB chunks. */
export function seededBytes(seed, size) {
  const key = createHash('sha256').update(seed).digest().subarray(0, 16)
  const cipher = createCipheriv('aes-128-ctr', key, Buffer.alloc(16))
  const zeros = Buffer.alloc(CHUNK)
  return Readable.from(
    (function* () {
      for (let left = size; left > 0; left -= CHUNK) {
        yield cipher.update(zeros.subarray(0, Math.min(CHUNK, left)))
      }
    })()
  )
}

/**
 * Writes image `seed` into `dir`: an OCI layout at `dir/oci` whose index names it `tag`, and
 * with `keepLayerTars` the uncompressed layer tars for a Docker archive. Layers use gzip
 * without compression: the data is random, so real compression would only burn CPU.
 */
export async function writeImage(dir, { seed, layerSizes, tag = 'bench', keepLayerTars = false }) {
  const oci = join(dir, 'oci')
  const blobs = join(oci, 'blobs', 'sha256')
  mkdirSync(blobs, { recursive: true })
  const layers = []
  for (const [index, size] of layerSizes.entries()) {
    const tarPath = keepLayerTars ? join(dir, `layer-${index}.tar`) : undefined
    layers.push(await writeLayer({ seed: `${seed}/${index}`, index, size, blobs, tarPath }))
  }
  const config = Buffer.from(
    JSON.stringify({
      architecture: 'amd64',
      os: 'linux',
      created: '2024-01-01T00:00:00Z',
      config: { Env: ['PATH=/usr/local/bin:/usr/bin:/bin'] },
      rootfs: { type: 'layers', diff_ids: layers.map(layer => layer.diffId) },
      history: layers.map((_, index) => ({
        created: '2024-01-01T00:00:00Z',
        created_by: `benchmark layer ${index + 1} of ${layers.length}`
      }))
    })
  )
  const configDigest = writeBlob(blobs, config)
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: MEDIA.manifest,
      config: { mediaType: MEDIA.config, digest: configDigest, size: config.length },
      layers: layers.map(layer => ({
        mediaType: MEDIA.layer,
        digest: layer.digest,
        size: layer.size
      }))
    })
  )
  const manifestDigest = writeBlob(blobs, manifest)
  writeFileSync(join(oci, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }))
  writeFileSync(
    join(oci, 'index.json'),
    JSON.stringify({
      schemaVersion: 2,
      manifests: [
        {
          mediaType: MEDIA.manifest,
          digest: manifestDigest,
          size: manifest.length,
          annotations: { 'org.opencontainers.image.ref.name': tag }
        }
      ]
    })
  )
  return {
    ociDir: oci,
    tag,
    config,
    configDigest,
    manifest,
    manifestDigest,
    layers,
    /** Bytes a push uploads: config, layers and one manifest. */
    uploadBytes: config.length + manifest.length + layers.reduce((sum, l) => sum + l.size, 0)
  }
}

/** One layer: tar → sha256 (diff ID) → gzip → sha256 (digest) → blob file. */
async function writeLayer({ seed, index, size, blobs, tarPath }) {
  const diffHash = createHash('sha256')
  const blobHash = createHash('sha256')
  const staging = join(blobs, `.layer-${index}.partial`)
  const tarOut = tarPath ? createWriteStream(tarPath) : undefined
  const tee = new Transform({
    transform(chunk, _encoding, done) {
      diffHash.update(chunk)
      if (tarOut && !tarOut.write(chunk)) tarOut.once('drain', () => done(null, chunk))
      else done(null, chunk)
    }
  })
  const hashOut = new Transform({
    transform(chunk, _encoding, done) {
      blobHash.update(chunk)
      done(null, chunk)
    }
  })
  const name = `layer-${index + 1}.bin`
  await pipeline(
    Readable.from(tarStream([{ name, size, source: () => seededBytes(seed, size) }])),
    tee,
    createGzip({ level: constants.Z_NO_COMPRESSION }),
    hashOut,
    createWriteStream(staging)
  )
  if (tarOut) {
    tarOut.end()
    await once(tarOut, 'finish')
  }
  const hex = blobHash.digest('hex')
  renameSync(staging, join(blobs, hex))
  return {
    digest: `sha256:${hex}`,
    diffId: `sha256:${diffHash.digest('hex')}`,
    size: statSync(join(blobs, hex)).size,
    tarPath
  }
}

function writeBlob(blobs, bytes) {
  const hex = createHash('sha256').update(bytes).digest('hex')
  writeFileSync(join(blobs, hex), bytes)
  return `sha256:${hex}`
}

/**
 * Writes one `docker save` archive holding every image in `images` (each `{ image, name }`
 * with `name` as `repo:tag`), so a single `docker load` brings them all in.
 */
export async function writeDockerArchive(file, images) {
  const entries = []
  const manifest = []
  const seen = new Set()
  for (const { image, name } of images) {
    const configHex = image.configDigest.slice('sha256:'.length)
    entries.push({
      name: `${configHex}.json`,
      size: image.config.length,
      source: () => [image.config]
    })
    const layerNames = image.layers.map(layer => {
      const layerName = `${layer.diffId.slice('sha256:'.length)}/layer.tar`
      if (!seen.has(layerName)) {
        seen.add(layerName)
        entries.push({
          name: layerName,
          size: statSync(layer.tarPath).size,
          source: () => createReadStream(layer.tarPath)
        })
      }
      return layerName
    })
    manifest.push({ Config: `${configHex}.json`, RepoTags: [name], Layers: layerNames })
  }
  const manifestBytes = Buffer.from(JSON.stringify(manifest))
  entries.push({ name: 'manifest.json', size: manifestBytes.length, source: () => [manifestBytes] })
  await pipeline(Readable.from(tarStream(entries)), createWriteStream(file))
}

/** A ustar stream of regular files; each entry's `source()` yields exactly `size` bytes. */
async function* tarStream(entries) {
  for (const entry of entries) {
    yield tarHeader(entry.name, entry.size)
    for await (const chunk of entry.source()) yield chunk
    yield Buffer.alloc((BLOCK - (entry.size % BLOCK)) % BLOCK)
  }
  yield Buffer.alloc(2 * BLOCK)
}

function tarHeader(name, size) {
  if (Buffer.byteLength(name) > 100) throw new Error(`tar entry name too long: ${name}`)
  const header = Buffer.alloc(BLOCK)
  header.write(name, 0, 100)
  header.write('0000644\0', 100)
  header.write('0000000\0', 108)
  header.write('0000000\0', 116)
  header.write(`${size.toString(8).padStart(11, '0')}\0`, 124)
  header.write('00000000000\0', 136)
  header.write(' '.repeat(8), 148)
  header.write('0', 156)
  header.write('ustar\u000000', 257)
  const checksum = header.reduce((sum, byte) => sum + byte, 0)
  header.write(`${checksum.toString(8).padStart(6, '0')}\0 `, 148)
  return header
}

/**
 * An image of `layerSizes` per contender and round, `images.get(\`${id}/${round}\`)`, seeded by
 * the benchmark's name, the contender and the round (so no two runs share a blob); those of the
 * contenders with `docker: true` all go into dockerd with one `docker load`, as
 * `bench-<name>/<id>:r<round>` (their `dockerName`).
 */
export async function prepareImages({ name, dockerHost, work, runs, contenders, layerSizes }) {
  const images = new Map()
  const forDocker = []
  for (let round = 1; round <= runs; round++) {
    for (const { id, docker = false } of contenders) {
      const image = await writeImage(join(work, 'images', `${id}-r${round}`), {
        seed: `${name}/${id}/${round}`,
        layerSizes,
        keepLayerTars: docker
      })
      image.dockerName = `bench-${name}/${id}:r${round}`
      if (docker) forDocker.push({ image, name: image.dockerName })
      images.set(`${id}/${round}`, image)
    }
  }
  const archive = join(work, 'images', 'images.tar')
  await writeDockerArchive(archive, forDocker)
  await run('docker', ['load', '--quiet', '--input', archive], {
    env: { ...process.env, DOCKER_HOST: dockerHost }
  })
  return { images, loaded: forDocker.length }
}
