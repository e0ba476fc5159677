import { Readable } from 'node:stream'
import type { ServerResponse } from 'node:http'
import {
  RegistryClient,
  type BlobProgress,
  type RegistryClientOptions
} from '../../../src/registry/client.js'
import { PushProgress } from '../../../src/engine/progress.js'
import { OcirPushError } from '../../../src/common/errors.js'
import {
  RedirectLoopError,
  RegistryResponseError,
  ResponseHeadersTooLargeError,
  ResponseTooLargeError,
  StalledRequestError,
  UnsupportedLocationError,
  UploadContentError
} from '../../../src/registry/errors.js'
import type { Clock, RetryPolicy } from '../../../src/registry/transport/retry.js'
import { sha256Digest } from '../../../src/image/digest.js'
import type { BlobContent } from '../../../src/image/content.js'
import { fail, serversPerTest, type Handler, type TestServer } from '../../support/http-server.js'

const REPOSITORY = 'demo/app'
const DIGEST = sha256Digest(Buffer.from('x'))
const CREDENTIALS = { username: 'demo/alice', token: 'k]j64r{1sJSSF-;)K8' }
const POLICY: RetryPolicy = { attempts: 5, budgetMs: 60_000, baseDelayMs: 100, maxDelayMs: 400 }

/** Sleeps only advance time, and are recorded. */
function fakeClock(): Clock & { sleeps: number[]; advance(ms: number): void } {
  let now = 1_000_000
  const sleeps: number[] = []
  return {
    sleeps,
    advance: ms => {
      now += ms
    },
    now: () => now,
    sleep: async ms => {
      sleeps.push(ms)
      now += ms
    },
    random: () => 1 - Number.EPSILON
  }
}

const serve = serversPerTest()

function client(server: TestServer, options: Partial<RegistryClientOptions> = {}): RegistryClient {
  return new RegistryClient({
    registry: server.host,
    credentials: CREDENTIALS,
    retry: POLICY,
    clock: fakeClock(),
    env: {},
    ...options
  })
}

/** Answers `/v2/` with 200 (no auth) and the rest with `rest`. */
function open(rest: Handler): Handler {
  return (request, response, body) => {
    if (request.url === '/v2/') return void response.end('{}')
    return rest(request, response, body)
  }
}

function blobContent(bytes: Buffer): BlobContent {
  return {
    digest: sha256Digest(bytes),
    size: bytes.length,
    open: offset => Readable.from([bytes.subarray(offset)])
  }
}

const blobRequests = (server: TestServer): number =>
  server.seen.filter(seen => seen.url.includes('/blobs/')).length

describe('retries', () => {
  it('retries a 5xx and succeeds', async () => {
    let calls = 0
    const server = await serve(
      open((_request, response) => {
        if (++calls <= 2) return fail(response, 503)
        response.end()
      })
    )
    expect(await client(server).hasBlob(REPOSITORY, DIGEST)).toBe(true)
    expect(blobRequests(server)).toBe(3)
  })

  it('waits what Retry-After says on a 429', async () => {
    let calls = 0
    const server = await serve(
      open((_request, response) => {
        if (++calls === 1) {
          response.writeHead(429, { 'Retry-After': '7' })
          return void response.end()
        }
        response.end()
      })
    )
    const clock = fakeClock()
    expect(await client(server, { clock }).hasBlob(REPOSITORY, DIGEST)).toBe(true)
    expect(clock.sleeps).toEqual([7000])
  })

  it('does not retry a permanent 4xx, and reads its distribution errors', async () => {
    const server = await serve(open((_request, response) => fail(response, 400, 'NAME_INVALID')))
    const failure = await client(server)
      .getManifest(REPOSITORY, 'v1')
      .catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(RegistryResponseError)
    expect(failure).toMatchObject({
      status: 400,
      phase: 'pull',
      repository: REPOSITORY,
      attempts: 1,
      errors: [{ code: 'NAME_INVALID', message: 'name_invalid here' }]
    })
    expect(server.seen.filter(seen => seen.url.includes('/manifests/'))).toHaveLength(1)
  })

  it('stops when the next wait would pass the budget, saying how often it tried', async () => {
    const server = await serve(open((_request, response) => fail(response, 502)))
    const retry = { attempts: 10, budgetMs: 1000, baseDelayMs: 400, maxDelayMs: 400 }
    const failure = await client(server, { retry })
      .hasBlob(REPOSITORY, DIGEST)
      .catch((error: unknown) => error)
    expect(failure).toMatchObject({ status: 502, attempts: 3 })
    expect(blobRequests(server)).toBe(3)
  })

  it('stops after the policy attempts', async () => {
    const server = await serve(open((_request, response) => fail(response, 500)))
    const failure = await client(server)
      .hasBlob(REPOSITORY, DIGEST)
      .catch((error: unknown) => error)
    expect(failure).toMatchObject({ status: 500, attempts: POLICY.attempts })
    expect(blobRequests(server)).toBe(POLICY.attempts)
  })
})

describe('bearer tokens', () => {
  /** A registry whose realm is on itself; `accept` decides whether a Bearer token passes. */
  async function bearerRegistry(
    accept: (token: string) => boolean,
    expiresIn = 300
  ): Promise<{ server: TestServer; issued: () => number }> {
    let issued = 0
    const server: TestServer = await serve((request, response) => {
      if (request.url?.startsWith('/token')) {
        issued++
        return void response.end(JSON.stringify({ token: `t${issued}`, expires_in: expiresIn }))
      }
      const token = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1]
      if (!token || !accept(token)) {
        response.writeHead(401, {
          'WWW-Authenticate': `Bearer realm="${server.origin}/token",service="test"`
        })
        return void response.end()
      }
      response.end()
    })
    return { server, issued: () => issued }
  }

  it('hands each token it obtains to onSecret, before using it', async () => {
    const { server } = await bearerRegistry(token => token === 't2')
    const masked: string[] = []
    const registry = client(server, { onSecret: value => masked.push(value) })
    expect(await registry.hasBlob(REPOSITORY, DIGEST)).toBe(true)
    expect(masked).toEqual(['t1', 't2'])
  })

  it('renews a token once it expires', async () => {
    const { server, issued } = await bearerRegistry(() => true, 20)
    const clock = fakeClock()
    const registry = client(server, { clock })
    expect(await registry.hasBlob(REPOSITORY, DIGEST)).toBe(true)
    expect(await registry.hasBlob(REPOSITORY, DIGEST)).toBe(true)
    expect(issued()).toBe(1)
    clock.advance(11_000)
    expect(await registry.hasBlob(REPOSITORY, DIGEST)).toBe(true)
    expect(issued()).toBe(2)
  })

  it('renews on a 401 once, never more', async () => {
    const { server, issued } = await bearerRegistry(() => false)
    const failure = await client(server)
      .hasBlob(REPOSITORY, DIGEST)
      .catch((error: unknown) => error)
    expect(failure).toMatchObject({ status: 401 })
    expect(issued()).toBe(2)
    expect(blobRequests(server)).toBe(2)
  })

  it('carries on with the renewed token', async () => {
    const { server, issued } = await bearerRegistry(token => token !== 't1')
    expect(await client(server).hasBlob(REPOSITORY, DIGEST)).toBe(true)
    expect(issued()).toBe(2)
  })
})

describe('cancellation', () => {
  it('aborting during an upload rejects with the reason and leaves no request open', async () => {
    const controller = new AbortController()
    const reason = new Error('run cancelled')
    const server = await serve(
      open((request, response) => {
        if (request.method === 'HEAD') return void response.writeHead(404).end()
        if (request.method === 'POST') {
          response.writeHead(202, { Location: '/v2/demo/app/blobs/uploads/1' })
          return void response.end()
        }
        // The upload arrived: the run is cancelled while its body is on the way.
        request.once('data', () => controller.abort(reason))
      })
    )
    // An endless source: only the abort can end this upload.
    const endless: BlobContent = {
      digest: DIGEST,
      size: 4 * 1024 * 1024,
      open: () =>
        new Readable({
          read() {
            this.push(Buffer.alloc(64 * 1024))
          }
        })
    }
    const upload = client(server, { signal: controller.signal, monolithicLimit: 1 << 30 })
    await expect(upload.pushBlob(REPOSITORY, endless)).rejects.toBe(reason)
    await server.drained()
    expect(server.inFlight()).toBe(0)
    expect(server.seen.filter(seen => seen.method === 'PUT')).toHaveLength(1)
  })

  it('aborting during a retry wait rejects at once and retries nothing', async () => {
    const controller = new AbortController()
    const reason = new Error('run cancelled')
    const server = await serve(
      open((_request, response) => {
        response.writeHead(503, { 'Retry-After': '3600' })
        response.end()
        // The client is now in its hour-long wait.
        response.once('finish', () => setImmediate(() => controller.abort(reason)))
      })
    )
    const registry = client(server, { signal: controller.signal, clock: undefined })
    await expect(registry.hasBlob(REPOSITORY, DIGEST)).rejects.toBe(reason)
    await server.drained()
    expect(blobRequests(server)).toBe(1)
  })

  it('sends nothing once the signal has aborted', async () => {
    const server = await serve(open((_request, response) => void response.end()))
    const reason = new Error('cancelled before')
    const registry = client(server, { signal: AbortSignal.abort(reason) })
    await expect(registry.hasBlob(REPOSITORY, DIGEST)).rejects.toBe(reason)
    expect(server.seen).toHaveLength(0)
  })
})

describe('answers no registry gives: typed, never retried', () => {
  it.each([
    [
      'a redirect loop',
      (response: ServerResponse) => void response.writeHead(302, { Location: '/v2/again' }).end(),
      RedirectLoopError,
      6
    ],
    [
      'a file: Location',
      (response: ServerResponse) =>
        void response.writeHead(307, { Location: 'file:///etc/passwd' }).end(),
      UnsupportedLocationError,
      1
    ],
    [
      'a 200 KB header',
      (response: ServerResponse) =>
        void response.writeHead(200, { 'X-Padding': 'x'.repeat(200 * 1024) }).end(),
      ResponseHeadersTooLargeError,
      1
    ]
  ])('%s', async (_name, answer, type, requests) => {
    const server = await serve(open((_request, response) => answer(response)))
    const clock = fakeClock()
    const failure = await client(server, { clock })
      .getManifest(REPOSITORY, 'v1')
      .catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(type)
    expect((failure as { fix: string }).fix).toMatch(/\S/)
    // The ping, then the request (and its redirects), once: no retry.
    expect(server.seen).toHaveLength(1 + requests)
    expect(clock.sleeps).toEqual([])
  })
})

describe('stalls and sizes', () => {
  const manifest = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: 'x', layers: [] }))

  function halfABody(response: ServerResponse): void {
    response.writeHead(200, {
      'Content-Type': 'application/vnd.oci.image.manifest.v1+json',
      'Content-Length': String(manifest.length)
    })
    response.write(manifest.subarray(0, 10))
  }

  it('cuts a response whose body stalls halfway, and retries it', async () => {
    let calls = 0
    const server = await serve(
      open((_request, response) => {
        if (++calls === 1) return halfABody(response)
        response.writeHead(200, { 'Content-Type': 'application/vnd.oci.image.manifest.v1+json' })
        response.end(manifest)
      })
    )
    const registry = client(server, { stallTimeoutMs: 200 })
    expect((await registry.getManifest(REPOSITORY, 'v1')).bytes.equals(manifest)).toBe(true)
    expect(calls).toBe(2)
  })

  it('fails with a stall when every body stalls', async () => {
    const server = await serve(open((_request, response) => halfABody(response)))
    const registry = client(server, {
      stallTimeoutMs: 200,
      retry: { ...POLICY, attempts: 2 }
    })
    const failure = await registry.getManifest(REPOSITORY, 'v1').catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(StalledRequestError)
    expect(failure).toMatchObject({ attempts: 2, stallTimeoutMs: 200, phase: 'pull' })
  })

  it('refuses a manifest over the size limit with a typed error', async () => {
    const big = Buffer.alloc(5 * 1024 * 1024, 0x20)
    const server = await serve(open((_request, response) => void response.end(big)))
    await expect(client(server).getManifest(REPOSITORY, 'v1')).rejects.toBeInstanceOf(
      ResponseTooLargeError
    )
  })

  it('refuses an error body over the size limit, declared or not', async () => {
    const server = await serve(
      open((_request, response) => {
        response.writeHead(400)
        response.write(Buffer.alloc(1024 * 1024))
        response.end(Buffer.alloc(1024))
      })
    )
    await expect(client(server).getManifest(REPOSITORY, 'v1')).rejects.toBeInstanceOf(
      ResponseTooLargeError
    )
  })

  /** Writes `chunk` over and over until the client hangs up; counts the bytes that went out. */
  function endless(response: ServerResponse, chunk: Buffer, everyMs: number): () => number {
    let sent = 0
    const timer = setInterval(() => {
      sent += chunk.length
      response.write(chunk)
    }, everyMs)
    response.once('close', () => clearInterval(timer))
    return () => sent
  }

  it('cuts a token answer that trickles in a byte at a time, at the stall limit', async () => {
    let trickled = (): number => 0
    const server: TestServer = await serve((request, response) => {
      if (request.url?.startsWith('/token')) {
        response.writeHead(200, { 'Content-Type': 'application/json' })
        trickled = endless(response, Buffer.from(' '), 10)
        return
      }
      response.writeHead(401, {
        'WWW-Authenticate': `Bearer realm="${server.origin}/token",service="test"`
      })
      response.end()
    })
    const registry = client(server, { stallTimeoutMs: 300, retry: { ...POLICY, attempts: 1 } })
    const failure = await registry.hasBlob(REPOSITORY, DIGEST).catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(StalledRequestError)
    expect(failure).toMatchObject({ phase: 'token', stallTimeoutMs: 300 })
    expect((failure as Error).message).toMatch(/not whole after 300 ms/)
    await server.drained()
    // Cut at the limit: about 30 bytes at one per 10 ms, nowhere near a minute's worth.
    expect(trickled()).toBeLessThan(200)
  })

  it('stops reading an error body that never ends, with a typed error', async () => {
    let sent = (): number => 0
    const server = await serve(
      open((_request, response) => {
        response.writeHead(500)
        sent = endless(response, Buffer.alloc(256 * 1024, 0x20), 1)
      })
    )
    const registry = client(server, { retry: { ...POLICY, attempts: 1 } })
    await expect(registry.getManifest(REPOSITORY, 'v1')).rejects.toBeInstanceOf(
      ResponseTooLargeError
    )
    await server.drained()
    // The limit is 1 MiB; what the socket buffers besides stays far from 600 MB.
    expect(sent()).toBeLessThan(64 * 1024 * 1024)
  })

  it('uploads a blob in chunks through the same transport', async () => {
    const bytes = Buffer.from('0123456789abcdef'.repeat(64))
    const received: Buffer[] = []
    const server = await serve(
      open(async (request, response, body) => {
        if (request.method === 'HEAD') return void response.writeHead(404).end()
        if (request.method === 'PATCH') received.push(await body())
        if (request.method === 'PUT') {
          await body()
          return void response.writeHead(201).end()
        }
        response.writeHead(202, { Location: `/v2/demo/app/blobs/uploads/s${received.length}` })
        response.end()
      })
    )
    const registry = client(server, { monolithicLimit: 100, chunkSize: 300 })
    expect(await registry.pushBlob(REPOSITORY, blobContent(bytes))).toBe('uploaded')
    expect(Buffer.concat(received).equals(bytes)).toBe(true)
    expect(received.map(chunk => chunk.length)).toEqual([300, 300, 300, 124])
  })

  it('uploads a blob its source lends from one buffer, in chunks that split its reads', async () => {
    const bytes = Buffer.from(Array.from({ length: 1024 }, (_, i) => i % 251))
    /** 256 bytes at a time, all in one buffer, refilled when the next are asked for. */
    const lent: BlobContent = {
      digest: sha256Digest(bytes),
      size: bytes.length,
      open: async function* (offset) {
        const buffer = Buffer.alloc(256)
        for (let at = offset; at < bytes.length; at += buffer.length) {
          yield buffer.subarray(0, bytes.copy(buffer, 0, at, at + buffer.length))
        }
      }
    }
    const received: Buffer[] = []
    const server = await serve(
      open(async (request, response, body) => {
        if (request.method === 'HEAD') return void response.writeHead(404).end()
        if (request.method === 'PATCH') received.push(await body())
        if (request.method === 'PUT') {
          await body()
          return void response.writeHead(201).end()
        }
        response.writeHead(202, { Location: `/v2/demo/app/blobs/uploads/s${received.length}` })
        response.end()
      })
    )
    const registry = client(server, { monolithicLimit: 100, chunkSize: 300 })
    expect(await registry.pushBlob(REPOSITORY, lent)).toBe('uploaded')
    expect(Buffer.concat(received).equals(bytes)).toBe(true)
  })
})

describe('a source whose content is not the blob', () => {
  /** Sources fail with an error of ours, which the transport passes on as it is. */
  class Corrupt extends OcirPushError {}

  /** Gives the blob's bytes, then fails at its end, as a source checking its digest does. */
  function failingAtEnd(bytes: Buffer): BlobContent {
    return {
      digest: sha256Digest(bytes),
      size: bytes.length,
      open: async function* (offset) {
        yield bytes.subarray(offset)
        throw new Corrupt('its content is sha256:other', { fix: 'Export it again.' })
      }
    }
  }

  /** Takes uploads; notes each request whose body it received whole. */
  async function registry(): Promise<{ server: TestServer; whole: string[] }> {
    const whole: string[] = []
    const server = await serve(
      open(async (request, response, body) => {
        if (request.method === 'HEAD') return void response.writeHead(404).end()
        await body()
        whole.push(request.method ?? '')
        const status = request.method === 'PUT' ? 201 : 202
        response.writeHead(status, { Location: '/v2/demo/app/blobs/uploads/s' }).end()
      })
    )
    return { server, whole }
  }

  it.each([
    ['in chunks', 1000, ['POST', 'PATCH', 'PATCH', 'PATCH']],
    ['in one PUT', 400, ['POST']]
  ])('fails %s before the last request ends: nothing is committed', async (_, size, sent) => {
    const { server, whole } = await registry()
    const upload = client(server, { monolithicLimit: 500, chunkSize: 300 }).pushBlob(
      REPOSITORY,
      failingAtEnd(Buffer.alloc(size, 1))
    )
    await expect(upload).rejects.toBeInstanceOf(Corrupt)
    await server.drained()
    expect(whole).toEqual(sent)
  })

  it('fails when the source has more bytes than the blob', async () => {
    const bytes = Buffer.alloc(1000, 1)
    const { server, whole } = await registry()
    const longer: BlobContent = { ...blobContent(bytes), size: 999 }
    const upload = client(server, { monolithicLimit: 100, chunkSize: 300 }).pushBlob(
      REPOSITORY,
      longer
    )
    await expect(upload).rejects.toBeInstanceOf(UploadContentError)
    await server.drained()
    expect(whole).not.toContain('PUT')
  })
})

describe('upload progress', () => {
  /** What a blob push told: `uploading` as `start`, and every offset. */
  function recorder(): BlobProgress & { told: Array<'start' | number> } {
    const told: Array<'start' | number> = []
    return {
      told,
      uploading: () => void told.push('start'),
      sent: offset => void told.push(offset)
    }
  }

  /** Chunked uploads; the PATCH numbered `failing` (from 1) gets a 503 once its body is in. */
  function chunkedRegistry(failing?: number): Handler {
    const kept: Buffer[] = []
    let patches = 0
    return open(async (request, response, body) => {
      const location = { Location: '/v2/demo/app/blobs/uploads/s' }
      if (request.method === 'HEAD') return void response.writeHead(404).end()
      if (request.method === 'GET') {
        const size = Buffer.concat(kept).length
        return void response.writeHead(204, { ...location, Range: `0-${size - 1}` }).end()
      }
      const bytes = await body()
      if (request.method === 'PATCH') {
        if (++patches === failing) return fail(response, 503)
        kept.push(bytes)
      }
      if (request.method === 'PUT') return void response.writeHead(201).end()
      response.writeHead(202, location).end()
    })
  }

  it('tells the offsets as the bytes go out, up to the blob’s size', async () => {
    const bytes = Buffer.alloc(1000, 7)
    const server = await serve(chunkedRegistry())
    const progress = recorder()
    const registry = client(server, { monolithicLimit: 100, chunkSize: 300 })
    expect(await registry.pushBlob(REPOSITORY, blobContent(bytes), { progress })).toBe('uploaded')
    const [start, ...offsets] = progress.told
    expect(start).toBe('start')
    expect(offsets).toEqual([...offsets].sort((a, b) => Number(a) - Number(b)))
    expect(offsets).toEqual(expect.arrayContaining([300, 600, 900, 1000]))
    expect(offsets.at(-1)).toBe(1000)
  })

  it('tells a monolithic upload’s bytes the same way', async () => {
    const bytes = Buffer.alloc(1000, 7)
    const server = await serve(chunkedRegistry())
    const progress = recorder()
    await client(server).pushBlob(REPOSITORY, blobContent(bytes), { progress })
    expect(progress.told).toEqual(['start', 1000])
  })

  it('tells nothing for a blob the registry has', async () => {
    const server = await serve(open((_request, response) => void response.end()))
    const progress = recorder()
    expect(
      await client(server).pushBlob(REPOSITORY, blobContent(Buffer.from('x')), { progress })
    ).toBe('existed')
    expect(progress.told).toEqual([])
  })

  it('goes back to what the registry kept after a failed chunk: counted once by the push', async () => {
    const bytes = Buffer.alloc(1000, 7)
    const server = await serve(chunkedRegistry(2))
    const progress = recorder()
    const registry = client(server, { monolithicLimit: 100, chunkSize: 300 })
    await registry.pushBlob(REPOSITORY, blobContent(bytes), { progress })
    const offsets = progress.told.slice(1) as number[]
    // The second chunk went out (to 600), was refused, and the upload went on from 300.
    const back = offsets.findIndex((offset, i) => i > 0 && offset < offsets[i - 1]!)
    expect(offsets.slice(back - 1, back + 1)).toEqual([600, 300])
    expect(offsets.slice(back).every(offset => offset >= 300)).toBe(true)
    // The push counts each blob to its furthest offset: 1000 bytes, not 1300.
    const pushProgress = new PushProgress([{ digest: sha256Digest(bytes), size: 1000 }], {
      now: () => 0
    })
    for (const offset of offsets) pushProgress.advance(sha256Digest(bytes), offset)
    expect(pushProgress.finished({ digest: sha256Digest(bytes), size: 1000 }, 'uploaded')).toEqual([
      'Uploads done: 1000 B in 0.0 s (0 B/s)'
    ])
  })
})
