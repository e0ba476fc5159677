// While a push signs in, the client opens the connections its next requests need (by default
// over HTTPS, where each costs a TCP and a TLS handshake): they then find them open. A warm-up
// the registry does not answer, or refuses, changes nothing else. Real node:http(s) servers.
import type { IncomingMessage, ServerResponse } from 'node:http'
import { createServer as createNetServer, type AddressInfo, type Socket } from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'
import type { Logger } from '../../../src/common/logger.js'
import { RegistryClient, type RegistryClientOptions } from '../../../src/registry/client.js'
import { StalledRequestError } from '../../../src/registry/errors.js'
import { serversPerTest, type TestServer } from '../../support/http-server.js'

const serve = serversPerTest()
const credentials = { username: 'demo/jdoe', token: 'k]j64r{1sJSSF-;)K8' }
const basic = `Basic ${Buffer.from(`${credentials.username}:${credentials.token}`).toString('base64')}`
const DIGESTS = Array.from({ length: 6 }, (_, i) => `sha256:${String(i).repeat(64)}`)

interface Arrival {
  request: string
  authorized: boolean
  connection: number
}

/**
 * A Basic registry whose challenge takes `challengeMs` to come (a sign-in that is a round trip
 * long), and that has no blob. Every request is in `arrivals`, with the connection it came over.
 */
async function basicRegistry(challengeMs: number) {
  const arrivals: Arrival[] = []
  const server: TestServer = await serve(async (request, response) => {
    arrivals.push(arrival(server, request))
    if (request.headers.authorization !== basic) {
      await sleep(challengeMs)
      response.writeHead(401, { 'WWW-Authenticate': 'Basic realm="test"' })
      return void response.end()
    }
    response.writeHead(404, { 'Content-Length': '0' }).end()
  })
  return { server, arrivals }
}

function arrival(server: TestServer, request: IncomingMessage): Arrival {
  return {
    request: `${request.method} ${request.url?.replace(/\?.*$/, '')}`,
    authorized: request.headers.authorization !== undefined,
    connection: server.connectionOf(request)
  }
}

/**
 * An OCIR-like registry, its token realm known to the client (the sign-in is the token request,
 * no ping), the token coming after `tokenMs`: `/v2/` is answered by `v2` (which may never answer).
 */
async function tokenRegistry(v2: (response: ServerResponse) => void, tokenMs = 0) {
  const arrivals: Arrival[] = []
  const server: TestServer = await serve(async (request, response) => {
    arrivals.push(arrival(server, request))
    if (request.url?.startsWith('/token')) {
      await sleep(tokenMs)
      return void response.end(JSON.stringify({ token: 'tok-1', expires_in: 300 }))
    }
    if (request.url === '/v2/') return v2(response)
    response.writeHead(404).end()
  })
  const known: RegistryClientOptions['knownChallenge'] = {
    scheme: 'bearer',
    params: { realm: `${server.origin}/token`, service: server.host }
  }
  return { server, arrivals, known }
}

function recordingLogger(): Logger & { debugs: string[] } {
  const debugs: string[] = []
  return {
    debugs,
    info: () => undefined,
    warning: () => undefined,
    debug: message => void debugs.push(message),
    group: (_name, fn) => fn()
  }
}

describe('connections opened while signing in', () => {
  it('are the ones the requests after the sign-in go over: none opens one of its own', async () => {
    const { server, arrivals } = await basicRegistry(100)
    const client = new RegistryClient({
      registry: server.host,
      credentials,
      env: {},
      connectionsAhead: true
    })
    expect(await client.preparePush('demo/app', 6)).toMatchObject({ scheme: 'basic' })
    const opened = server.connections()
    // What a push sends next: a lookup (and an upload session) per blob, all at once.
    await Promise.all(DIGESTS.map(digest => client.hasBlob('demo/app', digest)))

    expect(opened).toBe(6)
    expect(server.connections()).toBe(6)
    const signIn = arrivals.filter(seen => !seen.authorized)
    const after = arrivals.filter(seen => seen.authorized)
    expect(signIn.map(seen => seen.request)).toEqual(Array(6).fill('GET /v2/'))
    expect(after).toHaveLength(6)
    expect(new Set(after.map(seen => seen.connection))).toEqual(
      new Set(signIn.map(seen => seen.connection))
    )
  })

  it('are not opened over plain HTTP unless asked for: the sign-in is one request', async () => {
    const { server, arrivals } = await basicRegistry(0)
    const client = new RegistryClient({ registry: server.host, credentials, env: {} })
    await client.preparePush('demo/app', 6)
    expect(arrivals.map(seen => seen.request)).toEqual(['GET /v2/'])
    expect(server.connections()).toBe(1)
  })

  it('are opened over HTTPS by default; a sign-in that fails is still the error', async () => {
    // Accepts connections and never says a word: the TLS handshakes hang.
    const sockets = new Set<Socket>()
    const silent = createNetServer(socket => void sockets.add(socket))
    await new Promise<void>(resolve => silent.listen(0, '127.0.0.1', resolve))
    try {
      const host = `127.0.0.1:${(silent.address() as AddressInfo).port}`
      const client = new RegistryClient({
        registry: host,
        scheme: 'https',
        credentials,
        env: {},
        stallTimeoutMs: 300,
        retry: { attempts: 1, budgetMs: 0, baseDelayMs: 0, maxDelayMs: 0 }
      })
      const failure = await client.preparePush('demo/app', 4).catch((error: unknown) => error)
      expect(failure).toBeInstanceOf(StalledRequestError)
      expect(failure).toMatchObject({ phase: 'ping', url: `https://${host}/v2/` })
      expect(sockets.size).toBe(4)
    } finally {
      for (const socket of sockets) socket.destroy()
      await new Promise(resolve => silent.close(resolve))
    }
  })

  it('do not hold the push when the registry does not answer them: they are cut', async () => {
    const { server, arrivals, known } = await tokenRegistry(() => undefined)
    const client = new RegistryClient({
      registry: server.host,
      credentials,
      env: {},
      knownChallenge: known,
      connectionsAhead: true
    })
    expect(await client.preparePush('demo/app', 3)).toMatchObject({ scheme: 'bearer' })
    // Nothing of the warm-ups is left open, and the push goes on.
    await server.drained()
    expect(await client.hasBlob('demo/app', DIGESTS[0]!)).toBe(false)
    expect(arrivals.filter(seen => seen.request === 'GET /v2/')).toHaveLength(2)
  })

  it('change nothing when the registry refuses them: not retried, told in the debug log', async () => {
    // The token takes a while: the refusals come while the sign-in is still in flight.
    const { server, arrivals, known } = await tokenRegistry(response => response.destroy(), 100)
    const logger = recordingLogger()
    const client = new RegistryClient({
      registry: server.host,
      credentials,
      env: {},
      logger,
      knownChallenge: known,
      connectionsAhead: true
    })
    expect(await client.preparePush('demo/app', 3)).toMatchObject({ scheme: 'bearer' })
    expect(arrivals.map(seen => seen.request).sort()).toEqual([
      'GET /token',
      'GET /v2/',
      'GET /v2/'
    ])
    expect(
      logger.debugs.filter(line => line.startsWith(`Opening a connection to ${server.origin}:`))
    ).toHaveLength(2)
  })
})
