/** Manifest media types the engine reads and writes; `Accept` lists all of them. */
export const MediaTypes = {
  DockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  DockerManifestList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  OciManifest: 'application/vnd.oci.image.manifest.v1+json',
  OciIndex: 'application/vnd.oci.image.index.v1+json',
  DockerConfig: 'application/vnd.docker.container.image.v1+json',
  DockerLayerGzip: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
  OciConfig: 'application/vnd.oci.image.config.v1+json',
  OciLayer: 'application/vnd.oci.image.layer.v1.tar',
  OciLayerGzip: 'application/vnd.oci.image.layer.v1.tar+gzip'
} as const

export const MANIFEST_ACCEPT = [
  MediaTypes.OciIndex,
  MediaTypes.DockerManifestList,
  MediaTypes.OciManifest,
  MediaTypes.DockerManifest
].join(', ')

export function isIndexMediaType(mediaType: string): boolean {
  return mediaType === MediaTypes.OciIndex || mediaType === MediaTypes.DockerManifestList
}

/** A content descriptor as manifests and indexes carry them. */
export interface Descriptor {
  mediaType: string
  digest: string
  size: number
  platform?: Platform
  annotations?: Record<string, string>
}

export interface Platform {
  architecture: string
  os: string
  variant?: string
  'os.version'?: string
}

export interface ImageManifest {
  schemaVersion: 2
  mediaType?: string
  config: Descriptor
  layers: Descriptor[]
}

export interface ImageIndex {
  schemaVersion: 2
  mediaType?: string
  manifests: Descriptor[]
}

/** `linux/arm64/v8` from a platform object. */
export function formatPlatform(platform: Platform): string {
  return [platform.os, platform.architecture, platform.variant].filter(Boolean).join('/')
}
