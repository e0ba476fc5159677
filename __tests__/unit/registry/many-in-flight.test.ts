import { getEventListeners, getMaxListeners } from 'node:events'
import { expect, it } from '@jest/globals'
import { RegistryClient } from '../../../src/registry/client.js'
import { sha256Digest } from '../../../src/image/digest.js'
import { serversPerTest } from '../../support/http-server.js'

// Every request and retry wait of a push listens to the run's signal, so a push of many blobs
// has many listeners on it at once by design. Node takes more than the signal's limit (10 by
// default) for a leak and prints a MaxListenersExceededWarning on the user's stderr.

const serve = serversPerTest()

it('24 lookups in flight on one signal, half of them waiting to retry: under its listener limit', async () => {
  const LOOKUPS = 24
  const controller = new AbortController()
  const listening: number[] = []
  let heads = 0
  let release!: () => void
  const allIn = new Promise<void>(resolve => (release = resolve))
  const server = await serve(async (request, response) => {
    if (request.url === '/v2/') return void response.end('{}')
    heads++
    // The first half of the lookups to arrive get a 503: their retries wait on the signal too.
    if (heads <= LOOKUPS / 2) return void response.writeHead(503).end()
    listening.push(getEventListeners(controller.signal, 'abort').length)
    if (heads === LOOKUPS) release()
    await allIn
    response.writeHead(404).end()
  })
  const client = new RegistryClient({
    registry: server.host,
    credentials: { username: 'demo/alice', token: 'secret' },
    retry: { attempts: 3, budgetMs: 5000, baseDelayMs: 20, maxDelayMs: 20 },
    signal: controller.signal,
    env: {}
  })
  const digests = Array.from({ length: LOOKUPS }, (_, i) => sha256Digest(Buffer.from(`${i}`)))
  const found = await Promise.all(digests.map(digest => client.hasBlob('demo/app', digest)))
  expect(found).toEqual(Array(LOOKUPS).fill(false))
  // The push really had more listeners at once than Node's default limit…
  expect(Math.max(...listening)).toBeGreaterThan(10)
  // …and stayed under the signal's limit, so Node warned of none.
  expect(getMaxListeners(controller.signal)).toBeGreaterThan(Math.max(...listening))
})
