import { stat } from 'node:fs/promises'
import { Inputs } from '../common/constants.js'
import { InputError } from '../common/errors.js'

/**
 * Fails when the OCI layout directory or `docker save` tarball is not there. Checked before
 * the registry is asked anything, so a typo in the path is reported as one, not as whatever
 * the network says first.
 */
export async function requireSourcePath(
  kind: 'oci' | 'docker-archive',
  path: string
): Promise<void> {
  const info = await stat(path).catch(() => undefined)
  const example = kind === 'oci' ? 'oci:<dir>[:<tag>]' : 'docker-archive:<file>'
  if (!info) {
    throw new InputError(Inputs.Image, `not found: ${path}`, {
      fix: `Check the path (relative to the working directory) and that the step that writes it ran first: ${example}`
    })
  }
  if (kind === 'oci' ? !info.isDirectory() : info.isDirectory()) {
    throw new InputError(
      Inputs.Image,
      `${path} is ${kind === 'oci' ? 'not a directory' : 'a directory, not a file'}`,
      {
        fix:
          kind === 'oci'
            ? 'An OCI image layout is a directory (oci-layout, index.json, blobs/); a docker save tarball is docker-archive:<file>'
            : 'A docker save tarball is a file; an OCI image layout directory is oci:<dir>'
      }
    )
  }
}
