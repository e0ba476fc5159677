// Writes OCI layouts blob by blob, so tests can craft what no exporter writes: other digest
// algorithms, wrong sizes, malformed documents, deep nesting, links.
import { createHash } from 'node:crypto'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { InputError } from '../../../src/common/errors.js'
import { tarFiles, type TarMember } from '../../support/oci-layout.js'

export const OCI = {
  manifest: 'application/vnd.oci.image.manifest.v1+json',
  index: 'application/vnd.oci.image.index.v1+json',
  config: 'application/vnd.oci.image.config.v1+json',
  layer: 'application/vnd.oci.image.layer.v1.tar+gzip',
  plainLayer: 'application/vnd.oci.image.layer.v1.tar'
}

export interface CraftedDescriptor {
  mediaType: string
  digest: string
  size: number
}

export function digestOf(bytes: Buffer, algorithm: 'sha256' | 'sha512' = 'sha256'): string {
  return `${algorithm}:${createHash(algorithm).update(bytes).digest('hex')}`
}

/** Stores `bytes` as a blob under `digest` (their own sha256 unless given) in `dir`. */
export function putBlob(
  dir: string,
  mediaType: string,
  bytes: Buffer | string | object,
  digest?: string
): CraftedDescriptor {
  const content = Buffer.isBuffer(bytes)
    ? bytes
    : Buffer.from(typeof bytes === 'string' ? bytes : JSON.stringify(bytes))
  const name = digest ?? digestOf(content)
  const [algorithm, hex] = name.split(':') as [string, string]
  mkdirSync(join(dir, 'blobs', algorithm), { recursive: true })
  writeFileSync(join(dir, 'blobs', algorithm, hex), content)
  return { mediaType, digest: name, size: content.length }
}

/** index.json naming `manifests`, and the oci-layout marker. */
export function putIndex(dir: string, manifests: unknown[]): void {
  writeFileSync(join(dir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }))
  writeFileSync(join(dir, 'index.json'), JSON.stringify({ schemaVersion: 2, manifests }))
}

/** A manifest over a linux/amd64 config and `layers` (bytes), stored in `dir`. */
export function putImage(
  dir: string,
  layers: Buffer[],
  options: { algorithm?: 'sha256' | 'sha512'; layerMediaType?: string } = {}
): { manifest: CraftedDescriptor; bytes: Buffer; layers: CraftedDescriptor[] } {
  const algorithm = options.algorithm ?? 'sha256'
  const put = (mediaType: string, bytes: Buffer): CraftedDescriptor =>
    putBlob(dir, mediaType, bytes, digestOf(bytes, algorithm))
  const config = put(
    OCI.config,
    Buffer.from(JSON.stringify({ os: 'linux', architecture: 'amd64' }))
  )
  const layerDescriptors = layers.map(layer => put(options.layerMediaType ?? OCI.layer, layer))
  const bytes = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: OCI.manifest,
      config,
      layers: layerDescriptors
    })
  )
  return { manifest: put(OCI.manifest, bytes), bytes, layers: layerDescriptors }
}

/** The `InputError` for the image input that `promise` rejects with. */
export async function imageError(promise: Promise<unknown>): Promise<InputError> {
  const error = await promise.then(
    () => new Error('expected an InputError'),
    (failure: unknown) => failure
  )
  expect(error).toBeInstanceOf(InputError)
  expect((error as InputError).input).toBe('image')
  expect((error as InputError).fix).not.toBe('')
  return error as InputError
}

/**
 * A ustar archive of `entries` (header fields may be forged). A name over 100 bytes
 * (`blobs/sha512/…`) goes into a pax header, as docker writes it.
 */
export function craftTar(
  entries: Array<Omit<TarMember, 'data'> & { data?: Buffer | string }>
): Buffer {
  return tarFiles(
    entries.flatMap(entry => {
      const member = { ...entry, data: Buffer.from(entry.data ?? '') }
      if (Buffer.byteLength(entry.name) <= 100) return [member]
      const pax = { name: 'PaxHeader', type: 'x', data: Buffer.from(paxRecord('path', entry.name)) }
      return [pax, { ...member, name: 'long-name' }]
    })
  )
}

export type CraftedTarEntry = Parameters<typeof craftTar>[0][number]

/** A pax extended header record `"<length> <key>=<value>\n"`. */
export function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`
  let length = body.length + 1
  while (`${length}${body}`.length !== length) length++
  return `${length}${body}`
}
