// The fault suite: the bundled CLI pushes an OCI layout through the fault proxy in front of
// the real Bearer registry while it injects 5xx bursts, 429s, cut uploads and a failing token
// endpoint; the registry client's stall timeout is driven directly (the bundle's is a minute).
// After every scenario the registry is read over its HTTP API: no tag may point anywhere but
// at the pushed digest, and a push that succeeded must have every blob.
import { createServer } from 'node:http'
import type { IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { RegistryError } from '../../../src/common/errors.js'
import { RegistryClient } from '../../../src/registry/client.js'
import { explainFailure } from '../../../src/engine/diagnosis.js'
import { pushImageFromSource } from '../../../src/engine/daemonless.js'
import { startFaultProxy } from '../../support/fault-proxy.js'
import { importImage } from '../../support/images.js'
import type { FaultProxy } from '../../support/fault-proxy.js'
import { writeOciLayout } from '../../support/oci-layout.js'
import type { WrittenLayout } from '../../support/oci-layout.js'
import { describeIntegration, testbed } from '../../support/testbed.js'
import { besidesProgress } from '../../support/progress-lines.js'
import { manifestDigest, registryGet } from '../docker/registry-http.js'
import { DENIED, ocirError, runCliScenario } from './harness.js'

const KiB = 1024
const TAGS = ['one', 'two', 'three']
/**
 * Generous, so that a loaded machine meets it with a wide margin: the bundle's retry policy
 * gives up within 5 attempts, about 7.5 s of backoff; the direct client's within seconds.
 */
const FAILS_WITHIN_MS = 30_000

interface FaultScenario {
  name: string
  inject(proxy: FaultProxy): void | Promise<void>
  /** The push must succeed despite the faults; otherwise it must fail, in bounded time. */
  succeeds: boolean
  /** Tags that must exist after a failed push (the rest must not). */
  left?: string[]
  /** The error must say this. */
  says?: RegExp
  /** Lower bound on the duration, e.g. a Retry-After that must be honoured. */
  atLeastMs?: number
}

const burst = (status: number, method: string, times: number, headers = {}) => ({
  match: { method },
  times,
  respond: { status, headers }
})

describeIntegration('fault suite: pushes through 5xx, 429, cut and stalled connections', () => {
  const bed = testbed()
  const login = { registry: bed.bearerRegistry, username: bed.username, token: bed.token }
  const figures = { scenarios: 0, faults: 0, succeeded: 0, failedInTime: [] as string[], wrong: 0 }
  let serial = 0
  /** A second proxy, in front of the token issuer, for the scenario whose token endpoint fails. */
  const extraProxies: FaultProxy[] = []

  afterAll(async () => {
    await Promise.all(extraProxies.map(proxy => proxy.close()))
    figures.faults += extraProxies.reduce((n, proxy) => n + proxy.stats.faults, 0)
    console.info(
      `fault suite: ${figures.scenarios} scenarios, ${figures.faults} faults injected, ` +
        `${figures.succeeded} pushes succeeded, failed in bounded time: ${figures.failedInTime.join(', ') || 'none'}; ` +
        `tags at a wrong digest or missing blobs: ${figures.wrong}`
    )
  })

  function layout(name: string): WrittenLayout {
    const dir = join(bed.dir, `faults-${process.pid}-${++serial}`)
    return writeOciLayout(dir, {
      seed: `${name}-${process.pid}-${serial}`,
      layerSizes: [768 * KiB, 512 * KiB, 16 * KiB]
    })
  }

  /** What the registry holds for each tag, read around the proxy; every blob of a pushed image. */
  async function verify(
    repository: string,
    image: WrittenLayout,
    expected: string[]
  ): Promise<{ tags: Record<string, string | undefined>; missingBlobs: string[] }> {
    const tags: Record<string, string | undefined> = {}
    for (const tag of TAGS) tags[tag] = await manifestDigest(login, repository, tag)
    const missingBlobs: string[] = []
    if (expected.length > 0) {
      for (const blob of image.blobs) {
        const response = await registryGet(login, `${repository}/blobs/${blob.digest}`)
        await response.body?.cancel()
        if (response.status !== 200) missingBlobs.push(blob.digest)
      }
    }
    const wrong = Object.entries(tags).filter(([tag, digest]) =>
      expected.includes(tag) ? digest !== image.root.digest : digest !== undefined
    )
    figures.wrong += wrong.length + missingBlobs.length
    return { tags, missingBlobs }
  }

  const SCENARIOS: FaultScenario[] = [
    {
      name: '500 burst on upload starts',
      inject: proxy => proxy.inject(burst(500, 'POST', 3)),
      succeeds: true
    },
    {
      name: '502 burst on blob and manifest PUTs',
      inject: proxy => proxy.inject(burst(502, 'PUT', 3)),
      succeeds: true
    },
    {
      name: '503 burst on existence checks',
      inject: proxy => proxy.inject(burst(503, 'HEAD', 4)),
      succeeds: true
    },
    {
      name: '429 with Retry-After: 2',
      inject: proxy => proxy.inject(burst(429, 'POST', 1, { 'Retry-After': '2' })),
      succeeds: true,
      atLeastMs: 2000
    },
    {
      name: '429 without Retry-After',
      inject: proxy => proxy.inject(burst(429, 'PUT', 2)),
      succeeds: true
    },
    {
      name: 'connection reset in the middle of a blob',
      inject: proxy =>
        proxy.inject({
          match: { method: 'PUT', path: /\/blobs\/uploads\// },
          times: 1,
          resetAfterBytes: 256 * KiB
        }),
      succeeds: true
    },
    {
      name: 'token endpoint fails once',
      inject: async proxy => {
        const issuer = await startFaultProxy({ target: new URL(bed.tokenRealm).host })
        extraProxies.push(issuer)
        issuer.inject({
          match: { path: /^\/20180419\/docker\/token/ },
          times: 1,
          respond: { status: 500 }
        })
        proxy.inject({
          match: { method: 'GET', path: /^\/v2\/$/ },
          times: 1000,
          respond: {
            status: 401,
            headers: {
              'WWW-Authenticate': `Bearer realm="http://${issuer.address}/20180419/docker/token",service="${bed.bearerRegistry}"`
            }
          }
        })
      },
      succeeds: true
    },
    {
      name: "one tag's manifest PUT fails for good",
      inject: proxy =>
        proxy.inject({
          match: { method: 'PUT', path: /\/manifests\/two$/ },
          times: 1000,
          respond: { status: 503, headers: { 'Retry-After': '0' } }
        }),
      succeeds: false,
      left: ['one', 'three'],
      says: /server errors after 5 attempts/
    },
    {
      name: '503 storm',
      inject: proxy => proxy.inject(burst(503, 'HEAD', 1000)),
      succeeds: false,
      says: /server errors after 5 attempts/
    },
    {
      name: '429 storm without Retry-After',
      inject: proxy => proxy.inject(burst(429, 'POST', 1000)),
      succeeds: false,
      says: /kept throttling requests after 5 attempts/
    }
  ]

  it.each(SCENARIOS.map(s => [s.name, s] as const))(
    'CLI bundle: %s',
    async (name, s) => {
      const proxy = await startFaultProxy({ target: bed.bearerRegistry })
      try {
        await s.inject(proxy)
        const image = layout(name)
        const repository = `demo/faults/s${process.pid}-${serial}`
        const started = Date.now()
        const run = await runCliScenario('fault', {
          args: [
            'push',
            '--json',
            '--registry',
            proxy.address,
            '--namespace',
            'demo',
            '--username',
            'alice@example.com',
            '--image',
            `oci:${image.dir}`,
            '--repository',
            repository.slice('demo/'.length),
            ...TAGS.flatMap(tag => ['--tag', `type=raw,value=${tag}`])
          ],
          env: { OCIR_AUTH_TOKEN: bed.token }
        })
        const elapsed = Date.now() - started
        figures.scenarios += 1
        figures.faults += proxy.stats.faults
        expect(proxy.stats.faults).toBeGreaterThan(0)
        const pushedTags = s.succeeds ? TAGS : (s.left ?? [])
        const held = await verify(repository, image, pushedTags)
        expect(held.missingBlobs).toEqual([])
        expect(held.tags).toEqual(
          Object.fromEntries(
            TAGS.map(tag => [tag, pushedTags.includes(tag) ? image.root.digest : undefined])
          )
        )
        if (s.succeeds) {
          expect({ code: run.code, stderr: besidesProgress(run.stderr) }).toEqual({
            code: 0,
            stderr: []
          })
          expect(JSON.parse(run.stdout)).toMatchObject({ digest: image.root.digest })
          figures.succeeded += 1
        } else {
          expect(run.code).toBe(1)
          expect(run.stderr).toMatch(s.says ?? /./)
          expect(run.stderr).toMatch(/\nFix: \S/)
          expect(elapsed).toBeLessThan(FAILS_WITHIN_MS)
          figures.failedInTime.push(`${name} ${(elapsed / 1000).toFixed(1)} s`)
        }
        if (s.atLeastMs) expect(elapsed).toBeGreaterThanOrEqual(s.atLeastMs)
        if (s.left) {
          // Never partial in silence: the outputs name exactly what exists, at which digest.
          const references = s.left.map(tag => `${proxy.address}/${repository}:${tag}`)
          expect(JSON.parse(run.stdout)).toMatchObject({
            digest: image.root.digest,
            'pinned-reference': `${proxy.address}/${repository}@${image.root.digest}`
          })
          expect([...(JSON.parse(run.stdout) as { tags: string[] }).tags].sort()).toEqual(
            references.sort()
          )
          expect(run.stderr).toContain(`Pushed before the failure, at ${image.root.digest}:`)
          for (const reference of references) expect(run.stderr).toContain(`  ${reference}`)
        }
      } finally {
        await proxy.close()
      }
    },
    60_000
  )

  it('pre-flight: a token refused push scope fails a Docker image push before any upload', async () => {
    const image = `reliability-preflight:${process.pid}`
    await importImage(image, { files: { preflight: `${process.pid}\n` } })
    const registry = await startFaultProxy({ target: bed.bearerRegistry })
    const issuer = await startFaultProxy({ target: new URL(bed.tokenRealm).host })
    try {
      // `docker login` asks for no scope and passes; a push-scope token is refused like OCIR's.
      issuer.inject({
        match: { path: /scope=repository%3A[^&]*push/ },
        times: 1000,
        respond: {
          status: 403,
          headers: { 'Content-Type': 'application/json' },
          body: ocirError('DENIED', DENIED)
        }
      })
      // `docker login` pings unauthenticated, then checks its token on `/v2/` (passed through to
      // the registry); the engine's own ping comes third. Both pings get the issuer proxy's realm.
      const challenge = {
        status: 401,
        headers: {
          'WWW-Authenticate': `Bearer realm="http://${issuer.address}/20180419/docker/token",service="${bed.bearerRegistry}"`
        }
      }
      const ping = { method: 'GET', path: /^\/v2\/$/ }
      registry.inject({ match: ping, times: 1, respond: challenge })
      registry.inject({ match: ping, times: 1, stallMs: 0 })
      registry.inject({ match: ping, times: 1000, respond: challenge })
      const started = Date.now()
      const run = await runCliScenario('preflight', {
        args: [
          'push',
          '--registry',
          registry.address,
          '--namespace',
          'demo',
          '--username',
          'alice@example.com',
          '--image',
          image,
          '--repository',
          `faults/preflight-${process.pid}`,
          '--tag',
          'type=raw,value=one'
        ],
        env: { OCIR_AUTH_TOKEN: bed.token }
      })
      const elapsed = Date.now() - started
      expect(run.code).toBe(1)
      expect(run.stderr).toMatch(/^error: --repository: .*may not push to/)
      expect(run.stderr).toContain(DENIED)
      expect(elapsed).toBeLessThan(FAILS_WITHIN_MS)
      // Nothing was uploaded: no upload started, no manifest written.
      expect(registry.stats.log.filter(entry => entry.method !== 'GET')).toEqual([])
      expect(await manifestDigest(login, `demo/faults/preflight-${process.pid}`, 'one')).toBe(
        undefined
      )
      figures.failedInTime.push(`pre-flight refusal ${(elapsed / 1000).toFixed(1)} s`)
    } finally {
      await Promise.all([registry.close(), issuer.close()])
    }
  }, 60_000)

  it('a hostile upload Location on another port gets no credential; the push fails clearly', async () => {
    // What a registry that sends uploads elsewhere would harvest: every header that reached it.
    const harvested: IncomingHttpHeaders[] = []
    const foreign = createServer((request, response) => {
      harvested.push(request.headers)
      request.resume()
      response.writeHead(404, { 'Content-Type': 'application/json' })
      response.end(ocirError('BLOB_UPLOAD_UNKNOWN', 'blob upload unknown to registry'))
    })
    await new Promise<void>(resolve => foreign.listen(0, '127.0.0.1', resolve))
    const foreignHost = `127.0.0.1:${(foreign.address() as AddressInfo).port}`
    const registry = await startFaultProxy({ target: bed.bearerRegistry })
    try {
      registry.inject({
        match: { method: 'POST', path: /\/blobs\/uploads\// },
        times: 1000,
        respond: {
          status: 202,
          headers: { Location: `http://${foreignHost}/v2/demo/upload/elsewhere?state=x` }
        }
      })
      const image = layout('foreign-location')
      const started = Date.now()
      const run = await runCliScenario('foreign-location', {
        args: [
          'push',
          '--registry',
          registry.address,
          '--namespace',
          'demo',
          '--username',
          'alice@example.com',
          '--image',
          `oci:${image.dir}`,
          '--repository',
          `faults/foreign-${process.pid}`,
          '--tag',
          'type=raw,value=one'
        ],
        env: { OCIR_AUTH_TOKEN: bed.token }
      })
      const elapsed = Date.now() - started
      figures.scenarios += 1
      figures.faults += registry.stats.faults
      expect(harvested.length).toBeGreaterThan(0)
      expect(harvested.filter(headers => headers.authorization !== undefined)).toEqual([])
      expect(run.code).toBe(1)
      expect(run.stderr).toMatch(/BLOB_UPLOAD_UNKNOWN/)
      expect(run.stderr).toMatch(/\nFix: \S/)
      expect(elapsed).toBeLessThan(FAILS_WITHIN_MS)
      figures.failedInTime.push(`foreign upload Location ${(elapsed / 1000).toFixed(1)} s`)
    } finally {
      foreign.closeAllConnections()
      await Promise.all([
        registry.close(),
        new Promise<void>(resolve => foreign.close(() => resolve()))
      ])
    }
  }, 60_000)

  describe('the registry client directly (stall timeout 1 s)', () => {
    function client(proxy: FaultProxy): RegistryClient {
      return new RegistryClient({
        registry: proxy.address,
        credentials: { username: bed.username, token: bed.token },
        retry: { attempts: 4, budgetMs: 20_000, baseDelayMs: 50, maxDelayMs: 200 },
        stallTimeoutMs: 1000
      })
    }

    it('cuts a request that hangs and retries it: the push succeeds', async () => {
      const proxy = await startFaultProxy({ target: bed.bearerRegistry })
      try {
        // Held far longer than the test may run: the push finishes only if the client cuts it.
        proxy.inject({ match: { method: 'HEAD' }, times: 1, stallMs: 600_000 })
        const image = layout('stall-once')
        const repository = `demo/faults/stall-${process.pid}-${serial}`
        const started = Date.now()
        const result = await pushImageFromSource(
          { kind: 'oci', path: image.dir },
          { client: client(proxy), repository, tags: TAGS }
        )
        const elapsed = Date.now() - started
        figures.scenarios += 1
        figures.faults += proxy.stats.faults
        expect(result.digest).toBe(image.root.digest)
        // It waited out its stall timeout before cutting (a lower bound: load only adds to it).
        expect(elapsed).toBeGreaterThanOrEqual(1000)
        expect(proxy.stats.faults).toBe(1)
        const held = await verify(repository, image, TAGS)
        expect(held.missingBlobs).toEqual([])
        figures.succeeded += 1
      } finally {
        await proxy.close()
      }
    }, 60_000)

    it('fails in bounded time when every blob upload is cut', async () => {
      const proxy = await startFaultProxy({ target: bed.bearerRegistry })
      try {
        proxy.inject({
          match: { method: 'PUT', path: /\/blobs\/uploads\// },
          times: 1000,
          resetAfterBytes: 1024
        })
        const image = layout('cut-always')
        const repository = `demo/faults/cut-${process.pid}-${serial}`
        const started = Date.now()
        const failure = await pushImageFromSource(
          { kind: 'oci', path: image.dir },
          { client: client(proxy), repository, tags: TAGS }
        ).catch((error: unknown) => explainFailure(error, { host: proxy.address }))
        const elapsed = Date.now() - started
        figures.scenarios += 1
        figures.faults += proxy.stats.faults
        expect(failure).toBeInstanceOf(RegistryError)
        expect((failure as RegistryError).message).toMatch(/was cut|did not answer in time/)
        expect(elapsed).toBeLessThan(FAILS_WITHIN_MS)
        figures.failedInTime.push(`every blob upload cut ${(elapsed / 1000).toFixed(1)} s`)
        await verify(repository, image, [])
      } finally {
        await proxy.close()
      }
    }, 60_000)

    it('fails in bounded time when every request hangs, saying it timed out', async () => {
      const proxy = await startFaultProxy({ target: bed.bearerRegistry })
      try {
        // Held far longer than the test may run: only the client's stall timeout ends them.
        proxy.inject({ match: { method: 'HEAD' }, times: 1000, stallMs: 600_000 })
        const image = layout('stall-always')
        const repository = `demo/faults/stall-${process.pid}-${serial}`
        const started = Date.now()
        const failure = await pushImageFromSource(
          { kind: 'oci', path: image.dir },
          { client: client(proxy), repository, tags: TAGS }
        ).catch((error: unknown) => explainFailure(error, { host: proxy.address }))
        const elapsed = Date.now() - started
        figures.scenarios += 1
        figures.faults += proxy.stats.faults
        expect(failure).toBeInstanceOf(RegistryError)
        expect((failure as RegistryError).message).toMatch(
          /did not answer in time after 4 attempts/
        )
        expect(elapsed).toBeLessThan(FAILS_WITHIN_MS)
        figures.failedInTime.push(`every request stalls ${(elapsed / 1000).toFixed(1)} s`)
        await verify(repository, image, [])
      } finally {
        await proxy.close()
      }
    }, 60_000)
  })
})
