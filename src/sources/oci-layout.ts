import { createReadStream } from 'node:fs'
import { readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { Inputs } from '../common/constants.js'
import { InputError } from '../common/errors.js'
import { sha256Digest } from '../image/digest.js'
import type { BlobContent } from '../image/content.js'
import {
  formatPlatform,
  isIndexMediaType,
  type Descriptor,
  type ImageIndex,
  type ImageManifest,
  type Platform
} from '../image/media-types.js'
import type { ImageNode } from '../image/content.js'

/** Where an OCI image layout's files live: a directory, or a `docker save` tarball. */
export interface LayoutStore {
  /** For messages: `OCI layout ./out`. */
  label: string
  /** A small file, whole (`index.json`, a manifest, a config); undefined when absent. */
  readFile(path: string): Promise<Buffer | undefined>
  /** A blob stored at `path`, readable from any offset. */
  blob(path: string, descriptor: Descriptor): BlobContent
}

const REF_NAME = 'org.opencontainers.image.ref.name'
const DIGEST = /^(sha256|sha512):([a-f0-9]{64,128})$/

export function directoryStore(directory: string): LayoutStore {
  return {
    label: `OCI layout ${directory}`,
    readFile: async path => {
      try {
        return await readFile(join(directory, path))
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
        throw error
      }
    },
    blob: (path, descriptor) => ({
      digest: descriptor.digest,
      size: descriptor.size,
      open: offset => createReadStream(join(directory, path), { start: offset })
    })
  }
}

/** Opens `oci:<dir>[:<tag>]`: the manifest or index that `tag` names, or the only one. */
export async function readOciLayoutDirectory(directory: string, tag?: string): Promise<ImageNode> {
  const info = await stat(directory).catch(() => undefined)
  if (!info?.isDirectory()) {
    throw new InputError(Inputs.Image, `OCI layout directory '${directory}' does not exist`, {
      fix: 'Point image at an OCI image layout directory: oci:<dir>[:<tag>], relative to the working directory.'
    })
  }
  return readOciLayout(directoryStore(directory), tag)
}

export async function readOciLayout(store: LayoutStore, tag?: string): Promise<ImageNode> {
  const indexBytes = await store.readFile('index.json')
  if (!indexBytes) {
    throw new InputError(Inputs.Image, `${store.label} has no index.json`, {
      fix: 'Export the image as an OCI image layout (for example `skopeo copy … oci:<dir>:<tag>` or buildx `--output type=oci,tar=false`).'
    })
  }
  const index = JSON.parse(indexBytes.toString('utf8')) as ImageIndex
  const named = tag
    ? index.manifests.filter(manifest => manifest.annotations?.[REF_NAME] === tag)
    : index.manifests
  if (named.length !== 1) {
    const names = index.manifests.map(manifest => manifest.annotations?.[REF_NAME]).filter(Boolean)
    const available = names.length ? `; it holds: ${names.join(', ')}` : ''
    throw new InputError(
      Inputs.Image,
      tag
        ? `${store.label} has ${named.length === 0 ? 'no' : 'more than one'} image tagged '${tag}'`
        : `${store.label} holds ${named.length} images; say which one`,
      { fix: `Name one image as oci:<dir>:<tag>${available}.` }
    )
  }
  return loadNode(store, named[0]!)
}

/** Reads a manifest or index blob and, recursively, what it references. */
export async function loadNode(store: LayoutStore, descriptor: Descriptor): Promise<ImageNode> {
  const bytes = await readBlob(store, descriptor)
  const document = JSON.parse(bytes.toString('utf8')) as ImageIndex & ImageManifest
  const mediaType = document.mediaType ?? descriptor.mediaType
  if (isIndexMediaType(mediaType)) {
    const children = await Promise.all(document.manifests.map(child => loadNode(store, child)))
    return { mediaType, bytes, digest: descriptor.digest, blobs: [], children }
  }
  const config = JSON.parse((await readBlob(store, document.config)).toString('utf8')) as Platform
  const blobs = [document.config, ...document.layers].map(blob =>
    store.blob(blobPath(store, blob.digest), blob)
  )
  return {
    mediaType,
    bytes,
    digest: descriptor.digest,
    blobs,
    children: [],
    platform: config.os && config.architecture ? formatPlatform(config) : undefined
  }
}

export function blobPath(store: Pick<LayoutStore, 'label'>, digest: string): string {
  const match = DIGEST.exec(digest)
  if (!match) {
    throw new InputError(Inputs.Image, `${store.label} references an invalid digest '${digest}'`, {
      fix: 'The layout is corrupt; export the image again.'
    })
  }
  return `blobs/${match[1]}/${match[2]}`
}

async function readBlob(store: LayoutStore, descriptor: Descriptor): Promise<Buffer> {
  const bytes = await store.readFile(blobPath(store, descriptor.digest))
  if (!bytes) {
    throw new InputError(Inputs.Image, `${store.label} lacks blob ${descriptor.digest}`, {
      fix: 'The layout is incomplete (a platform or layer was not exported); export the whole image again.'
    })
  }
  if (descriptor.digest.startsWith('sha256:') && sha256Digest(bytes) !== descriptor.digest) {
    throw new InputError(Inputs.Image, `${store.label}: blob ${descriptor.digest} is corrupt`, {
      fix: 'Its content does not match its digest; export the image again.'
    })
  }
  return bytes
}
