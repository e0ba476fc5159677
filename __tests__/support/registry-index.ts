// Reads what a merge left in a registry, over HTTP and independently of the code under test:
// the index document and the repository's tags.
import { registryGet } from '../integration/docker/registry-http.js'
import type { RegistryLogin } from '../integration/docker/registry-http.js'

export interface IndexDocument {
  mediaType: string
  manifests: Array<{
    mediaType: string
    digest: string
    size: number
    platform: { os: string; architecture: string; variant?: string }
  }>
}

/** The repository's tags; none at all when the registry has never seen a tag in it. */
export async function tagsOf(login: RegistryLogin, repository: string): Promise<string[]> {
  const response = await registryGet(login, `${repository}/tags/list`)
  if (response.status === 404) {
    await response.body?.cancel()
    return []
  }
  if (!response.ok) throw new Error(`GET tags of ${repository}: ${response.status}`)
  return ((await response.json()) as { tags: string[] | null }).tags ?? []
}

/** The index at `reference`, read over HTTP independently of the code under test. */
export async function readIndex(
  login: RegistryLogin,
  repository: string,
  reference: string
): Promise<{ digest: string; document: IndexDocument }> {
  const response = await registryGet(login, `${repository}/manifests/${reference}`, {
    Accept: [
      'application/vnd.oci.image.index.v1+json',
      'application/vnd.docker.distribution.manifest.list.v2+json'
    ].join(', ')
  })
  if (!response.ok) throw new Error(`GET ${repository}:${reference}: ${response.status}`)
  return {
    digest: response.headers.get('docker-content-digest') ?? '',
    document: (await response.json()) as IndexDocument
  }
}
