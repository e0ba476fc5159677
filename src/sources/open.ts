import type { ImageSource } from '../types.js'
import { readDockerArchive } from './docker-archive.js'
import type { ImageNode } from './image.js'
import { readOciLayoutDirectory } from './oci-layout.js'

/** Reads an image source that needs no Docker engine into what the registry engine pushes. */
export function openImageSource(
  source: Exclude<ImageSource, { kind: 'docker' }>
): Promise<ImageNode> {
  return source.kind === 'oci'
    ? readOciLayoutDirectory(source.path, source.tag)
    : readDockerArchive(source.path)
}
