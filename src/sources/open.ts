import type { ImageNode } from '../image/content.js'
import { readOciLayoutDirectory } from './oci-layout.js'

/** An image source that needs no Docker engine. */
export type FileImageSource =
  /** An OCI image layout directory, optionally naming one of its tagged manifests. */
  | { kind: 'oci'; path: string; tag?: string }
  /** A `docker save` tarball. */
  | { kind: 'docker-archive'; path: string }

/**
 * Reads an image source that needs no Docker engine into the image model the registry pushes.
 * `scratch`: a private directory for what a source must write (the gzipped layers of a
 * `docker save` tarball), removed by the caller once the push is over.
 */
export async function openImageSource(
  source: FileImageSource,
  scratch?: string
): Promise<ImageNode> {
  if (source.kind === 'oci') return readOciLayoutDirectory(source.path, source.tag)
  // The tarball's reader (tar, gzip) is loaded only for one: it is in the bundle, unevaluated.
  const { readDockerArchive } = await import(/* webpackMode: "eager" */ './docker-archive.js')
  return readDockerArchive(source.path, scratch)
}
