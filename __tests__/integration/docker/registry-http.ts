// Reads a registry over the distribution HTTP API, independently of the code under test:
// Basic credentials, or a Bearer token from the realm the 401 challenge names (as OCIR does).
import { request } from 'node:https'

export interface RegistryLogin {
  registry: string
  username: string
  token: string
  /** PEM of the CA to trust: the registry speaks HTTPS (this process's trust store lacks it). */
  ca?: string
}

/**
 * GET over HTTPS trusting `ca` alone, as a fetch `Response`: fetch takes no CA of its own, and
 * NODE_EXTRA_CA_CERTS would make the test process trust the bed's CA everywhere.
 */
function fetchTrusting(
  ca: string,
  url: string,
  headers: Record<string, string>
): Promise<Response> {
  return new Promise((resolve, reject) => {
    request(url, { headers, ca, agent: false }, answer => {
      const chunks: Buffer[] = []
      answer.on('data', (chunk: Buffer) => chunks.push(chunk))
      answer.on('error', reject)
      answer.on('end', () => {
        const responseHeaders = new Headers()
        for (const [name, value] of Object.entries(answer.headers)) {
          for (const one of [value ?? []].flat()) responseHeaders.append(name, one)
        }
        resolve(
          new Response(Buffer.concat(chunks), {
            status: answer.statusCode ?? 0,
            headers: responseHeaders
          })
        )
      })
    })
      .on('error', reject)
      .end()
  })
}

const MANIFEST_TYPES = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.docker.distribution.manifest.v2+json'
].join(', ')

/** GET `path` under /v2/ with whatever authorisation the registry asks for. */
export async function registryGet(
  login: RegistryLogin,
  path: string,
  headers: Record<string, string> = {}
): Promise<Response> {
  const basic = `Basic ${Buffer.from(`${login.username}:${login.token}`).toString('base64')}`
  // The bed's HTTPS registry takes Basic credentials directly: no token to fetch.
  if (login.ca) {
    const url = `https://${login.registry}/v2/${path}`
    return fetchTrusting(login.ca, url, { ...headers, Authorization: basic })
  }
  const url = `http://${login.registry}/v2/${path}`
  const first = await fetch(url, { headers: { ...headers, Authorization: basic } })
  const challenge = first.headers.get('www-authenticate') ?? ''
  if (first.status !== 401 || !challenge.startsWith('Bearer ')) return first
  await first.body?.cancel()
  const params = Object.fromEntries(
    [...challenge.matchAll(/(\w+)="([^"]*)"/g)].map(([, key, value]) => [key, value])
  )
  const repository = path.split(/\/(manifests|tags|blobs)\//)[0]
  const tokenUrl = new URL(params.realm)
  tokenUrl.searchParams.set('service', params.service)
  tokenUrl.searchParams.set('scope', `repository:${repository}:pull`)
  const tokenResponse = await fetch(tokenUrl, { headers: { Authorization: basic } })
  if (!tokenResponse.ok) return tokenResponse
  const { token } = (await tokenResponse.json()) as { token: string }
  return fetch(url, { headers: { ...headers, Authorization: `Bearer ${token}` } })
}

/** The digest the registry serves for `<repository>:<tag>`, or undefined when it has none. */
export async function manifestDigest(
  login: RegistryLogin,
  repository: string,
  tag: string
): Promise<string | undefined> {
  const response = await registryGet(login, `${repository}/manifests/${tag}`, {
    Accept: MANIFEST_TYPES
  })
  await response.body?.cancel()
  if (response.status === 404) return undefined
  if (!response.ok) throw new Error(`GET manifest ${repository}:${tag}: ${response.status}`)
  return response.headers.get('docker-content-digest') ?? undefined
}

export async function listTags(login: RegistryLogin, repository: string): Promise<string[]> {
  const response = await registryGet(login, `${repository}/tags/list`)
  if (!response.ok) throw new Error(`GET tags of ${repository}: ${response.status}`)
  return ((await response.json()) as { tags: string[] | null }).tags ?? []
}
