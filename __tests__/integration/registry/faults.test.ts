import { createServer, request as httpRequest } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Readable } from 'node:stream'
import { RegistryError } from '../../../src/common/errors.js'
import { RegistryClient, type RegistryClientOptions } from '../../../src/registry/client.js'
import type { BlobContent } from '../../../src/image/content.js'
import { fanOutTags } from '../../../src/engine/daemonless.js'
import { PartialPushError } from '../../../src/engine/partial-push.js'
import type { RetryPolicy } from '../../../src/registry/transport/retry.js'
import { CUT, startFaultProxy, type FaultProxy } from '../../support/fault-proxy.js'
import { blobOf, deterministicBytes } from '../../support/oci-layout.js'
import { describeIntegration, testbed } from '../../support/testbed.js'
import { explainedAs } from './explain.js'

const FAST_RETRY: RetryPolicy = { attempts: 5, budgetMs: 20_000, baseDelayMs: 20, maxDelayMs: 200 }
const MiB = 1024 * 1024
let serial = 0
const fresh = (name: string): string => `demo/${name}-${process.pid}-${++serial}`

function blobContent(bytes: Buffer): BlobContent {
  const blob = blobOf('application/octet-stream', bytes)
  return {
    digest: blob.digest,
    size: blob.size,
    open: offset => Readable.from([bytes.subarray(offset)])
  }
}

describeIntegration('registry engine under faults', () => {
  let proxy: FaultProxy
  const target = (): string => testbed().bearerRegistry

  beforeEach(async () => {
    proxy = await startFaultProxy({ target: target() })
  })
  afterEach(async () => {
    await proxy.close()
  })

  function client(options: Partial<RegistryClientOptions> = {}): RegistryClient {
    const bed = testbed()
    return new RegistryClient({
      registry: proxy.address,
      credentials: { username: bed.username, token: bed.token },
      retry: FAST_RETRY,
      ...options
    })
  }

  /** Lets the first `count` PATCH requests through untouched; later rules see the rest. */
  function passPatches(count: number): void {
    proxy.inject({ match: { method: 'PATCH' }, times: count, stallMs: 0 })
  }

  it('resumes a blob cut halfway from the offset the registry reports', async () => {
    const size = 64 * MiB
    const bytes = deterministicBytes(`resume-${serial}`, size)
    const repository = fresh('resume')
    const engine = client({ chunkSize: 4 * MiB })
    passPatches(8)
    proxy.inject({ match: { method: 'PATCH' }, times: 1, resetAfterBytes: 0 })
    await engine.pushBlob(repository, blobContent(bytes))
    const cut = proxy.stats.log.findIndex(entry => entry.status === CUT)
    expect(cut).toBeGreaterThan(0)
    expect(proxy.stats.log[cut + 1]).toMatchObject({ method: 'GET', status: 204 })
    expect(proxy.stats.byMethod.POST).toBe(1)
    const resent = proxy.stats.bytesUp - size
    console.info(`resume at a chunk boundary: ${resent} of ${size} bytes sent twice`)
    expect(resent).toBeLessThan(size / 10)
    expect((await engine.getBlob(repository, blobOf('', bytes).digest)).equals(bytes)).toBe(true)
  }, 60_000)

  it('recovers when the very first chunk is cut before any byte arrived', async () => {
    const size = 3 * MiB
    const bytes = deterministicBytes(`first-chunk-${serial}`, size)
    const repository = fresh('first-chunk')
    const engine = client({ chunkSize: MiB, monolithicLimit: 0 })
    proxy.inject({ match: { method: 'PATCH' }, times: 1, resetAfterBytes: 0 })
    await engine.pushBlob(repository, blobContent(bytes))
    expect(proxy.stats.log.some(entry => entry.status === CUT)).toBe(true)
    expect((await engine.getBlob(repository, blobOf('', bytes).digest)).equals(bytes)).toBe(true)
  })

  it('starts a blob over when a cut inside a chunk made the registry drop the upload', async () => {
    const size = 16 * MiB
    const bytes = deterministicBytes(`restart-${serial}`, size)
    const repository = fresh('restart')
    const engine = client({ chunkSize: 4 * MiB })
    passPatches(2)
    proxy.inject({ match: { method: 'PATCH' }, times: 1, resetAfterBytes: MiB })
    await engine.pushBlob(repository, blobContent(bytes))
    const resent = proxy.stats.bytesUp - size
    console.info(`cut inside a chunk: ${resent} of ${size} bytes sent twice (session dropped)`)
    expect(proxy.stats.log.some(entry => entry.status === CUT)).toBe(true)
    expect((await engine.getBlob(repository, blobOf('', bytes).digest)).equals(bytes)).toBe(true)
  }, 60_000)

  it('waits as long as a 429 Retry-After says, then succeeds', async () => {
    const engine = client()
    const repository = fresh('throttle')
    const blob = blobContent(deterministicBytes(`throttle-${serial}`, 1024))
    proxy.inject({
      match: { method: 'HEAD' },
      times: 1,
      respond: { status: 429, headers: { 'Retry-After': '1' } }
    })
    const started = Date.now()
    expect(await engine.pushBlob(repository, blob)).toBe('uploaded')
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000)
    expect(proxy.stats.log.filter(entry => entry.status === 429)).toHaveLength(1)
  })

  it('backs off on 429 without Retry-After and on 5xx bursts, then succeeds', async () => {
    const engine = client()
    const repository = fresh('burst')
    const blob = blobContent(deterministicBytes(`burst-${serial}`, 1024))
    for (const status of [429, 500, 502, 503]) {
      proxy.inject({ match: { method: 'POST' }, times: 1, respond: { status } })
    }
    expect(await engine.pushBlob(repository, blob)).toBe('uploaded')
    expect(proxy.stats.faults).toBe(4)
  })

  it('gives up on a 5xx storm within the retry budget, saying how often it tried', async () => {
    const engine = client()
    proxy.inject({ match: { method: 'HEAD' }, times: 1000, respond: { status: 503 } })
    const started = Date.now()
    const failure = await engine
      .hasBlob(fresh('storm'), blobOf('', Buffer.from('x')).digest)
      .catch(explainedAs(proxy.address))
      .catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(RegistryError)
    expect(failure).toMatchObject({ status: 503 })
    expect((failure as RegistryError).message).toContain(`after ${FAST_RETRY.attempts} attempts`)
    expect(proxy.stats.byMethod.HEAD).toBe(FAST_RETRY.attempts)
    expect(Date.now() - started).toBeLessThan(FAST_RETRY.budgetMs)
  })

  it('reports which tags exist when one tag of a fan-out fails', async () => {
    const engine = client()
    const repository = fresh('partial')
    const manifest = {
      mediaType: 'application/vnd.oci.image.index.v1+json',
      bytes: Buffer.from('{"schemaVersion":2,"manifests":[]}')
    }
    const digest = await engine.putManifest(repository, 'first', manifest)
    proxy.inject({
      match: { method: 'PUT', path: /\/manifests\/b$/ },
      times: 100,
      respond: {
        status: 403,
        body: JSON.stringify({ errors: [{ code: 'DENIED', message: 'tag is immutable' }] })
      }
    })
    const failure = (await fanOutTags(engine, repository, 'first', ['a', 'b', 'c'])
      .catch(explainedAs(proxy.address))
      .catch((error: unknown) => error)) as PartialPushError
    expect(failure).toBeInstanceOf(PartialPushError)
    expect(failure.digest).toBe(digest)
    expect(failure.pushed).toEqual([
      `${proxy.address}/${repository}:a`,
      `${proxy.address}/${repository}:c`
    ])
    expect(failure.status).toBe(403)
    expect(failure.detail).toContain('tag is immutable')
  })

  it('renews an expired token in the middle of a chunked upload and carries on', async () => {
    const size = 12 * MiB
    const bytes = deterministicBytes(`expired-${serial}`, size)
    const engine = client({ chunkSize: 2 * MiB })
    const challenge = { 'WWW-Authenticate': `Bearer realm="${testbed().tokenRealm}",service="x"` }
    passPatches(2)
    proxy.inject({
      match: { method: 'PATCH' },
      times: 1,
      respond: { status: 401, headers: challenge }
    })
    const repository = fresh('expired')
    await engine.pushBlob(repository, blobContent(bytes))
    const patches = proxy.stats.log.filter(entry => entry.method === 'PATCH')
    expect(patches.map(entry => entry.status)).toEqual([202, 202, 401, 202, 202, 202, 202])
    expect(proxy.stats.byMethod.POST).toBe(1)
    expect((await engine.getBlob(repository, blobOf('', bytes).digest)).equals(bytes)).toBe(true)
  }, 60_000)

  it('never retries a 400', async () => {
    const engine = client()
    proxy.inject({
      match: { method: 'PUT' },
      times: 1,
      respond: {
        status: 400,
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          errors: [{ code: 'MANIFEST_INVALID', message: 'manifest invalid' }]
        })
      }
    })
    const failure = await engine
      .putManifest(fresh('bad'), 'v1', {
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        bytes: Buffer.from('{}')
      })
      .catch(explainedAs(proxy.address))
      .catch((error: unknown) => error)
    expect(failure).toMatchObject({ status: 400, code: 'MANIFEST_INVALID' })
    expect((failure as RegistryError).detail).toContain('manifest invalid')
    expect(proxy.stats.byMethod.PUT).toBe(1)
  })

  it('renews a Bearer token once on a 401, and fails on a second one', async () => {
    const engine = client()
    const repository = fresh('renew')
    const blob = blobContent(deterministicBytes(`renew-${serial}`, 1024))
    await engine.pushBlob(repository, blob)
    const challenge = { 'WWW-Authenticate': `Bearer realm="${testbed().tokenRealm}",service="x"` }
    proxy.inject({
      match: { method: 'HEAD' },
      times: 1,
      respond: { status: 401, headers: challenge }
    })
    expect(await engine.hasBlob(repository, blob.digest)).toBe(true)
    proxy.inject({
      match: { method: 'HEAD' },
      times: 2,
      respond: { status: 401, headers: challenge }
    })
    await expect(
      engine.hasBlob(repository, blob.digest).catch(explainedAs(proxy.address))
    ).rejects.toMatchObject({ status: 401 })
    expect(proxy.stats.byMethod.HEAD).toBe(5)
  })
})

describeIntegration('credentials', () => {
  it('fails fast on a wrong token with one token request and no retry (Bearer)', async () => {
    const bed = testbed()
    const realmCalls: string[] = []
    // A forward proxy that sees every request (loopback is proxied unless NO_PROXY says so).
    const counting = createServer((request, response) => {
      const url = request.url ?? ''
      if (url.startsWith(bed.tokenRealm)) realmCalls.push(url)
      const upstream = httpRequest(
        url,
        { method: request.method, headers: request.headers },
        answer => {
          response.writeHead(answer.statusCode ?? 502, answer.headers)
          answer.pipe(response)
        }
      )
      request.pipe(upstream)
    })
    await new Promise<void>(resolve => counting.listen(0, '127.0.0.1', resolve))
    const { port } = counting.address() as AddressInfo
    const wrong = 'wrong]token{;)'
    const credentials = { username: bed.username, token: wrong }
    const engine = new RegistryClient({
      registry: bed.bearerRegistry,
      credentials,
      retry: FAST_RETRY,
      env: { HTTP_PROXY: `http://127.0.0.1:${port}` }
    })
    const failure = (await engine
      .checkPushAccess('demo/denied')
      .catch(explainedAs(bed.bearerRegistry, credentials))
      .catch((error: unknown) => error)
      .finally(() => {
        counting.closeAllConnections()
        counting.close()
      })) as RegistryError
    expect(failure).toBeInstanceOf(RegistryError)
    expect(failure.status).toBe(401)
    expect(failure.input).toBe('auth-token')
    expect(realmCalls).toHaveLength(1)
    expect(realmCalls[0]).toContain('scope=repository%3Ademo%2Fdenied%3Apull%2Cpush')
    const printed = JSON.stringify([failure.message, failure.fix, failure.detail ?? ''])
    expect(printed).not.toContain(wrong)
  })

  it('fails fast on a wrong token against Basic auth', async () => {
    const bed = testbed()
    const proxy = await startFaultProxy({ target: bed.basicRegistry })
    try {
      const engine = new RegistryClient({
        registry: proxy.address,
        credentials: { username: bed.username, token: 'not-the-token' },
        retry: FAST_RETRY
      })
      await expect(
        engine.checkPushAccess('demo/denied').catch(explainedAs(proxy.address))
      ).rejects.toMatchObject({
        status: 401,
        input: 'auth-token'
      })
      expect(proxy.stats.requests).toBe(2)
    } finally {
      await proxy.close()
    }
  })
})
