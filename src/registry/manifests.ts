import type { Logger } from '../common/logger.js'
import { RegistryError } from '../common/errors.js'
import type { Manifest } from '../image/content.js'
import { digestUnder, sha256Digest } from '../image/digest.js'
import { MANIFEST_ACCEPT } from '../image/media-types.js'
import { pullScope, pushScope } from './blobs.js'
import type { RequestContext } from './errors.js'
import type { RegistryRequests } from './requests.js'
import { MANIFEST_BODY_LIMIT } from './transport/http.js'

export interface ManifestHead {
  digest: string
  mediaType: string
  size: number
}

/** Manifests and indexes: look up, read (digest-checked), put (digest-confirmed). */
export class Manifests {
  constructor(
    private readonly requests: RegistryRequests,
    private readonly registry: string,
    private readonly logger?: Logger
  ) {}

  async head(repository: string, reference: string): Promise<ManifestHead | undefined> {
    const spec = this.reading(
      'HEAD',
      repository,
      reference,
      `Looking up ${repository}:${reference}`
    )
    const response = await this.requests.send(spec)
    if (response.status === 404) return undefined
    await this.requests.expect(response, [200], spec)
    return {
      digest: response.header('docker-content-digest') ?? '',
      mediaType: response.header('content-type') ?? '',
      size: Number(response.header('content-length') ?? 0)
    }
  }

  async get(repository: string, reference: string): Promise<Manifest> {
    const what = `Reading manifest ${repository}:${reference}`
    const spec = {
      ...this.reading('GET', repository, reference, what),
      readLimit: MANIFEST_BODY_LIMIT
    }
    const response = await this.requests.send(spec)
    await this.requests.expect(response, [200], spec, true)
    const bytes = await response.read(MANIFEST_BODY_LIMIT)
    const digest = sha256Digest(bytes)
    const served = digestUnder(reference, bytes)
    if (reference.includes(':') && reference !== served) {
      throw new RegistryError(`${what}: the registry returned content with digest ${served}`, {
        fix: 'The registry served corrupt content; push the image again.'
      })
    }
    const mediaType =
      response.header('content-type')?.split(';')[0]?.trim() ||
      (JSON.parse(bytes.toString('utf8')) as { mediaType?: string }).mediaType ||
      ''
    return { mediaType, bytes, digest }
  }

  /**
   * PUTs the exact bytes under `reference` (a tag or the digest) and returns the digest, once
   * the registry has said that `reference` resolves to it: by the answer's
   * `Docker-Content-Digest`, or, when a registry leaves that out, by a HEAD.
   */
  async put(
    repository: string,
    reference: string,
    manifest: Pick<Manifest, 'mediaType' | 'bytes'>
  ): Promise<string> {
    const what = `Pushing manifest ${repository}:${reference}`
    const digest = digestUnder(reference, manifest.bytes)
    const spec = {
      method: 'PUT',
      url: `/v2/${repository}/manifests/${reference}`,
      scopes: [pushScope(repository)],
      headers: { 'Content-Type': manifest.mediaType },
      body: () => manifest.bytes,
      what,
      context: { phase: 'push', repository } satisfies RequestContext
    }
    const response = await this.requests.send(spec)
    await this.requests.expect(response, [200, 201], spec)
    const returned = response.header('docker-content-digest')
    if (returned && returned !== digest) {
      throw new RegistryError(
        `${what}: the registry stored digest ${returned}, expected ${digest}`,
        {
          fix: 'The registry rewrote the manifest; push it with a registry that stores manifests unchanged.'
        }
      )
    }
    if (!returned) {
      const resolved = (await this.head(repository, reference))?.digest
      if (resolved !== digest) {
        throw new RegistryError(
          `${what}: ${reference} resolves to ${resolved || 'nothing'} after pushing, not ${digest}`,
          { fix: 'Another push to the same tag ran at the same time; run this push again, alone.' }
        )
      }
    }
    const separator = reference.includes(':') ? '@' : ':'
    this.logger?.info(`${this.registry}/${repository}${separator}${reference} → ${digest}`)
    return digest
  }

  private reading(method: string, repository: string, reference: string, what: string) {
    return {
      method,
      url: `/v2/${repository}/manifests/${reference}`,
      scopes: [pullScope(repository)],
      headers: { Accept: MANIFEST_ACCEPT },
      what,
      context: { phase: 'pull', repository } satisfies RequestContext
    }
  }
}
