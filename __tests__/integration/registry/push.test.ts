import { createHash } from 'node:crypto'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { RegistryClient } from '../../../src/registry/client.js'
import type { BlobContent } from '../../../src/image/content.js'
import { fanOutTags, mergeIndex, pushImageFromSource } from '../../../src/engine/daemonless.js'
import type { RetryPolicy } from '../../../src/registry/transport/retry.js'
import { accepted, startFaultProxy } from '../../support/fault-proxy.js'
import { describeIntegration, testbed } from '../../support/testbed.js'
import {
  blobOf,
  deterministicBytes,
  writeOciLayout,
  type Flavour,
  type WrittenLayout
} from '../../support/oci-layout.js'

const FAST_RETRY: RetryPolicy = { attempts: 5, budgetMs: 20_000, baseDelayMs: 20, maxDelayMs: 200 }
let serial = 0
const fresh = (name: string): string => `demo/${name}-${process.pid}-${++serial}`

function clientFor(
  registry: string,
  extra: Partial<ConstructorParameters<typeof RegistryClient>[0]> = {}
): RegistryClient {
  const bed = testbed()
  return new RegistryClient({
    registry,
    credentials: { username: bed.username, token: bed.token },
    retry: FAST_RETRY,
    ...extra
  })
}

function layout(options: Parameters<typeof writeOciLayout>[1]): WrittenLayout {
  return writeOciLayout(mkdtempSync(join(testbed().dir, 'layout-')), options)
}

function blobContent(bytes: Buffer): BlobContent {
  const blob = blobOf('application/octet-stream', bytes)
  return {
    digest: blob.digest,
    size: blob.size,
    open: offset => Readable.from([bytes.subarray(offset)])
  }
}

describeIntegration('registry engine', () => {
  for (const kind of ['basic', 'bearer'] as const) {
    describe(`against the ${kind} registry`, () => {
      const registry = (): string =>
        kind === 'basic' ? testbed().basicRegistry : testbed().bearerRegistry

      for (const flavour of ['oci', 'docker'] as Flavour[]) {
        for (const platforms of [1, 2]) {
          it(`round-trips a ${flavour} ${platforms === 1 ? 'manifest' : 'index'} byte for byte`, async () => {
            const written = layout({
              tag: 'v1',
              flavour,
              seed: `${kind}-${flavour}-${platforms}-${serial}`,
              platforms: [
                { os: 'linux', architecture: 'amd64' },
                { os: 'linux', architecture: 'arm64', variant: 'v8' }
              ].slice(0, platforms)
            })
            const client = clientFor(registry())
            const repository = fresh(`roundtrip-${flavour}`)
            const result = await pushImageFromSource(
              { kind: 'oci', path: written.dir, tag: 'v1' },
              { client, repository, tags: ['1.0.0', '1.0', 'latest'] }
            )
            expect(result.digest).toBe(written.root.digest)
            expect(result.pushed).toEqual(
              ['1.0.0', '1.0', 'latest'].map(tag => `${registry()}/${repository}:${tag}`)
            )
            expect(result.platforms).toEqual(
              platforms === 1 ? ['linux/amd64'] : ['linux/amd64', 'linux/arm64/v8']
            )
            for (const reference of ['latest', written.root.digest]) {
              const manifest = await client.getManifest(repository, reference)
              expect(manifest.bytes.equals(written.root.bytes)).toBe(true)
              expect(manifest.mediaType).toBe(written.root.mediaType)
            }
            for (const manifest of written.manifests) {
              const read = await client.getManifest(repository, manifest.digest)
              expect(read.bytes.equals(manifest.bytes)).toBe(true)
            }
            for (const blob of written.blobs) {
              expect((await client.getBlob(repository, blob.digest)).equals(blob.bytes)).toBe(true)
            }
          })
        }
      }

      it('fans tags out to one digest with one PUT per tag, confirmed by the PUT answers', async () => {
        const written = layout({ tag: 'v1', seed: `fanout-${kind}-${serial}` })
        const proxy = await startFaultProxy({ target: registry() })
        try {
          const client = clientFor(proxy.address)
          const repository = fresh('fanout')
          await pushImageFromSource(
            { kind: 'oci', path: written.dir },
            { client, repository, tags: ['first'] }
          )
          proxy.reset()
          const tags = ['a', 'b', 'c', 'd']
          const { digest } = await fanOutTags(client, repository, 'first', tags)
          expect(digest).toBe(written.root.digest)
          const sent = accepted(proxy.stats.log)
          const puts = sent.filter(entry => entry.method === 'PUT')
          expect(puts.map(entry => entry.path).sort()).toEqual(
            tags.map(tag => `/v2/${repository}/manifests/${tag}`)
          )
          // The registry's Docker-Content-Digest answers confirm the tags: one GET, the PUTs.
          expect(sent.map(entry => entry.method).sort()).toEqual(['GET', ...tags.map(() => 'PUT')])
          for (const tag of ['first', ...tags]) {
            expect((await client.headManifest(repository, tag))?.digest).toBe(digest)
          }
        } finally {
          await proxy.close()
        }
      })

      it('mounts a blob from another repository instead of uploading it', async () => {
        const client = clientFor(registry())
        const blob = blobContent(deterministicBytes(`mount-${kind}-${serial}`, 4096))
        const source = fresh('mount-source')
        const target = fresh('mount-target')
        expect(await client.pushBlob(source, blob)).toBe('uploaded')
        expect(await client.pushBlob(target, blob, { mountFrom: source })).toBe('mounted')
        expect(await client.pushBlob(target, blob, { mountFrom: source })).toBe('existed')
      })

      it('uploads small blobs in one PUT and large ones in PATCH chunks', async () => {
        const proxy = await startFaultProxy({ target: registry() })
        try {
          const client = clientFor(proxy.address, {
            monolithicLimit: 64 * 1024,
            chunkSize: 100 * 1024
          })
          const repository = fresh('chunks')
          const small = deterministicBytes(`small-${kind}-${serial}`, 64 * 1024)
          const large = deterministicBytes(`large-${kind}-${serial}`, 350 * 1024)
          await client.pushBlob(repository, blobContent(small))
          expect(proxy.stats.byMethod.PATCH ?? 0).toBe(0)
          expect(proxy.stats.byMethod.PUT).toBe(1)
          proxy.reset()
          await client.pushBlob(repository, blobContent(large))
          expect(proxy.stats.byMethod.PATCH).toBe(4)
          expect(proxy.stats.byMethod.PUT).toBe(1)
          expect((await client.getBlob(repository, blobOf('', large).digest)).equals(large)).toBe(
            true
          )
        } finally {
          await proxy.close()
        }
      })
    })
  }

  describe('a layout that names its manifests by sha512', () => {
    const sha512 = (bytes: Buffer): string =>
      `sha512:${createHash('sha512').update(bytes).digest('hex')}`
    /** Stores `bytes` under their sha512 name in the layout, as some tools write blobs. */
    const storeSha512 = (dir: string, bytes: Buffer): string => {
      const digest = sha512(bytes)
      mkdirSync(join(dir, 'blobs', 'sha512'), { recursive: true })
      writeFileSync(join(dir, 'blobs', 'sha512', digest.slice('sha512:'.length)), bytes)
      return digest
    }
    const nameRoot = (written: WrittenLayout, bytes: Buffer): void =>
      writeFileSync(
        join(written.dir, 'index.json'),
        JSON.stringify({
          schemaVersion: 2,
          manifests: [
            {
              mediaType: written.root.mediaType,
              digest: storeSha512(written.dir, bytes),
              size: bytes.length
            }
          ]
        })
      )

    it('pushes the image and reports the sha256 the registry confirms', async () => {
      const written = layout({ seed: `sha512-root-${serial}` })
      nameRoot(written, written.root.bytes)
      const client = clientFor(testbed().basicRegistry)
      const repository = fresh('sha512-root')
      const result = await pushImageFromSource(
        { kind: 'oci', path: written.dir },
        { client, repository, tags: ['1.0'] }
      )
      expect(result.digest).toBe(written.root.digest)
      expect((await client.headManifest(repository, '1.0'))?.digest).toBe(written.root.digest)
    })

    it('refuses an index whose platform manifests are named by sha512, before sending anything', async () => {
      const written = layout({
        seed: `sha512-index-${serial}`,
        platforms: [
          { os: 'linux', architecture: 'amd64' },
          { os: 'linux', architecture: 'arm64', variant: 'v8' }
        ]
      })
      const index = JSON.parse(written.root.bytes.toString('utf8')) as {
        manifests: Array<{ digest: string }>
      }
      for (const child of index.manifests) {
        const manifest = written.manifests.find(m => m.digest === child.digest)!
        child.digest = storeSha512(written.dir, manifest.bytes)
      }
      nameRoot(written, Buffer.from(JSON.stringify(index)))
      const proxy = await startFaultProxy({ target: testbed().basicRegistry })
      try {
        const repository = fresh('sha512-index')
        await expect(
          pushImageFromSource(
            { kind: 'oci', path: written.dir },
            { client: clientFor(proxy.address), repository, tags: ['1.0'] }
          )
        ).rejects.toMatchObject({
          input: 'image',
          message: expect.stringContaining('registries address manifests by sha256 only')
        })
        const sent = proxy.stats.log.filter(
          entry => entry.method !== 'GET' || entry.path !== '/v2/'
        )
        expect(sent.filter(entry => entry.method === 'PUT' || entry.method === 'POST')).toEqual([])
      } finally {
        await proxy.close()
      }
    })
  })

  it('merges per-platform pushes into one index under every tag', async () => {
    const client = clientFor(testbed().bearerRegistry)
    const repository = fresh('matrix')
    const digests: string[] = []
    for (const [architecture, flavour] of [
      ['amd64', 'docker'],
      ['arm64', 'docker']
    ] as const) {
      const written = layout({
        flavour,
        seed: `matrix-${architecture}-${serial}`,
        platforms: [{ os: 'linux', architecture }]
      })
      const result = await pushImageFromSource(
        { kind: 'oci', path: written.dir },
        { client, repository, tags: [`build-${architecture}`] }
      )
      digests.push(result.digest)
    }
    const merged = await mergeIndex(client, repository, digests, ['1.0', 'latest'])
    expect(merged.platforms).toEqual(['linux/amd64', 'linux/arm64'])
    const index = await client.getManifest(repository, 'latest')
    expect(index.digest).toBe(merged.digest)
    expect(index.mediaType).toBe('application/vnd.docker.distribution.manifest.list.v2+json')
    const parsed = JSON.parse(index.bytes.toString('utf8')) as {
      manifests: Array<{ digest: string }>
    }
    expect(parsed.manifests.map(manifest => manifest.digest)).toEqual(digests)
  })
})
