// OCIR's token realm is assumed from the host, without a `GET /v2/` first. When that realm
// gives no token (it is not there, answers like no token endpoint, or sends the request
// elsewhere), the client asks the registry once and follows the challenge it really gives.
import type { ServerResponse } from 'node:http'
import { RegistryClient } from '../../../src/registry/client.js'
import type { TokenSource } from '../../../src/registry/credentials.js'
import {
  RealmRedirectError,
  RegistryProtocolError,
  RegistryResponseError
} from '../../../src/registry/errors.js'
import { RegistryRequests } from '../../../src/registry/requests.js'
import { BearerTokens } from '../../../src/registry/transport/bearer.js'
import type { AuthChallenge } from '../../../src/registry/transport/challenge.js'
import { HttpTransport } from '../../../src/registry/transport/http.js'
import { DEFAULT_RETRY_POLICY, systemClock } from '../../../src/registry/transport/retry.js'
import { sha256Digest } from '../../../src/image/digest.js'
import { serversPerTest, type TestServer } from '../../support/http-server.js'

const serve = serversPerTest()
const credentials = { username: 'demo/jdoe', token: 'k]j64r{1sJSSF-;)K8' }
const basic = `Basic ${Buffer.from(`${credentials.username}:${credentials.token}`).toString('base64')}`
const DIGEST = `sha256:${'e'.repeat(64)}`
const ASSUMED_PATH = '/20180419/docker/token'

type Answer = (response: ServerResponse) => void

interface RegistryShape {
  /** What the assumed realm answers. */
  assumed: Answer
  /** The `WWW-Authenticate` of `/v2/` without credentials; undefined: `/v2/` answers `ping`. */
  challenge?: (server: TestServer) => string
  ping?: Answer
  /** What the registry's own realm (`/token`) answers to the right credentials. */
  realm?: Answer
}

const notFound: Answer = response => {
  response.writeHead(404, { 'Content-Type': 'text/plain' })
  response.end('404 page not found')
}
const grant: Answer = response => response.end(JSON.stringify({ token: 'tok-1', expires_in: 300 }))

/**
 * A registry on a real server: `/v2/…` accepts the token `/token` grants (or Basic), the
 * assumed realm answers as told. Every request's method and path is in `seen`.
 */
async function registry(shape: RegistryShape) {
  const seen: string[] = []
  const uploads: Buffer[] = []
  const server: TestServer = await serve(async (request, response, body) => {
    const path = request.url?.replace(/\?.*$/, '') ?? ''
    seen.push(`${request.method} ${path}`)
    if (path === ASSUMED_PATH) return shape.assumed(response)
    if (path === '/token') {
      if (request.headers.authorization !== basic) {
        response.writeHead(401)
        return void response.end()
      }
      return (shape.realm ?? grant)(response)
    }
    const challenge = shape.challenge?.(server)
    if (path === '/v2/' && !challenge) return (shape.ping ?? notFound)(response)
    const accepted = challenge?.startsWith('Basic') ? basic : 'Bearer tok-1'
    if (request.headers.authorization !== accepted) {
      response.writeHead(401, { 'WWW-Authenticate': challenge ?? '' })
      return void response.end()
    }
    if (request.method === 'PUT') {
      uploads.push(await body())
      response.writeHead(201, { 'Docker-Content-Digest': DIGEST })
      return void response.end()
    }
    response.writeHead(200, { 'Docker-Content-Digest': DIGEST, 'Content-Length': '2' })
    response.end()
  })
  return { server, seen, uploads }
}

const bearerAt = (server: TestServer, path: string): AuthChallenge => ({
  scheme: 'bearer',
  params: { realm: `${server.origin}${path}`, service: server.host }
})
const ownRealm = (s: TestServer) => `Bearer realm="${s.origin}/token",service="${s.host}"`

function client(server: TestServer): RegistryClient {
  return new RegistryClient({
    registry: server.host,
    credentials,
    knownChallenge: bearerAt(server, ASSUMED_PATH),
    env: {}
  })
}

describe('an assumed token realm that gives no token', () => {
  const answers: Array<[string, Answer]> = [
    ['is not there (404)', notFound],
    [
      'answers 200 with something that is no token',
      response => {
        response.writeHead(200, { 'Content-Type': 'text/html' })
        response.end('<html>sign in</html>')
      }
    ],
    ['answers with an empty token', response => response.end('{"token":""}')]
  ]

  it.each(answers)(
    "%s: the registry's own challenge is asked for and followed",
    async (_, assumed) => {
      const { server, seen } = await registry({ assumed, challenge: ownRealm })
      expect((await client(server).headManifest('demo/app', '1'))?.digest).toBe(DIGEST)
      expect(seen).toEqual([
        `GET ${ASSUMED_PATH}`,
        'GET /v2/',
        'GET /token',
        'HEAD /v2/demo/app/manifests/1'
      ])
    }
  )

  it('sends the request to another origin: the credentials do not go there, nor its token', async () => {
    const elsewhere = await serve((_request, response) => void response.end('{"token":"tok-2"}'))
    const { server, seen } = await registry({
      assumed: response => {
        response.writeHead(302, { Location: `${elsewhere.origin}/token` })
        response.end()
      },
      challenge: ownRealm
    })
    expect((await client(server).headManifest('demo/app', '1'))?.digest).toBe(DIGEST)
    expect(elsewhere.seen).toEqual([{ method: 'GET', url: expect.stringMatching(/^\/token/) }])
    expect(seen).toEqual([
      `GET ${ASSUMED_PATH}`,
      'GET /v2/',
      'GET /token',
      'HEAD /v2/demo/app/manifests/1'
    ])
  })

  it('follows a Basic challenge the registry gives instead', async () => {
    const { server, seen } = await registry({
      assumed: notFound,
      challenge: () => 'Basic realm="test"'
    })
    const c = client(server)
    expect((await c.headManifest('demo/app', '1'))?.digest).toBe(DIGEST)
    expect((await c.headManifest('demo/app', '2'))?.digest).toBe(DIGEST)
    expect(seen).toEqual([
      `GET ${ASSUMED_PATH}`,
      'GET /v2/',
      'HEAD /v2/demo/app/manifests/1',
      'HEAD /v2/demo/app/manifests/2'
    ])
  })

  it('asks the registry once, however many requests failed alike', async () => {
    const { server, seen } = await registry({ assumed: notFound, challenge: ownRealm })
    const c = client(server)
    const heads = await Promise.all(
      ['1', '2', '3', '4'].map(tag => c.headManifest(`demo/app${tag}`, tag))
    )
    expect(heads.map(head => head?.digest)).toEqual([DIGEST, DIGEST, DIGEST, DIGEST])
    expect(seen.filter(request => request === 'GET /v2/')).toHaveLength(1)
    expect(seen.filter(request => request === `GET ${ASSUMED_PATH}`).length).toBeGreaterThan(0)
  })

  it('lets the pre-flight sign in through the registry’s own realm', async () => {
    const { server } = await registry({ assumed: notFound, challenge: ownRealm })
    expect(await client(server).loginToken(['demo/app'])).toBe('tok-1')
    await expect(client(server).checkPushAccess('demo/app')).resolves.toBeUndefined()
  })

  it('sends an upload body once: its token is asked for before any byte of it goes out', async () => {
    const { server, seen, uploads } = await registry({ assumed: notFound, challenge: ownRealm })
    const baseUrl = new URL(server.origin)
    const retry = { policy: DEFAULT_RETRY_POLICY, clock: systemClock }
    const requests = new RegistryRequests(
      baseUrl,
      new HttpTransport({ env: {} }),
      credentials,
      retry,
      http => new BearerTokens(http, baseUrl, credentials, systemClock, retry),
      undefined,
      bearerAt(server, ASSUMED_PATH)
    )
    const blob = Buffer.from('layer bytes')
    async function* body(): AsyncGenerator<Buffer> {
      yield blob.subarray(0, 5)
      yield blob.subarray(5)
    }
    const response = await requests.send({
      method: 'PUT',
      url: `/v2/demo/app/blobs/uploads/u?digest=${sha256Digest(blob)}`,
      scopes: ['repository:demo/app:pull,push'],
      what: 'Uploading blob',
      context: { phase: 'push', repository: 'demo/app' },
      headers: { 'Content-Length': String(blob.length) },
      body,
      retry: false
    })
    await response.discard()
    expect(response.status).toBe(201)
    expect(uploads).toEqual([blob])
    expect(seen.filter(request => request.startsWith('PUT'))).toHaveLength(1)
  })

  it('is followed for a token source too: it is asked for the registry’s realm', async () => {
    const { server } = await registry({ assumed: notFound, challenge: ownRealm })
    const realms: string[] = []
    const source: TokenSource = async ({ realm, send }) => {
      realms.push(realm)
      const response = await send({
        method: 'GET',
        url: new URL(realm),
        headers: { authorization: basic }
      })
      if (response.status !== 200) throw new Error(`the source's own failure: ${response.status}`)
      const answer = JSON.parse(await response.text()) as { token: string }
      return { token: answer.token, expiresInSeconds: 300 }
    }
    const c = new RegistryClient({
      registry: server.host,
      tokenSource: source,
      knownChallenge: bearerAt(server, ASSUMED_PATH),
      env: {}
    })
    expect((await c.headManifest('demo/app', '1'))?.digest).toBe(DIGEST)
    expect(realms).toEqual([`${server.origin}${ASSUMED_PATH}`, `${server.origin}/token`])
  })
})

describe('when the registry does not help either', () => {
  it("throws the ping's own failure when /v2/ fails too", async () => {
    const { server, seen } = await registry({ assumed: notFound })
    const failure = await client(server)
      .headManifest('demo/app', '1')
      .catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(RegistryResponseError)
    expect(failure).toMatchObject({ phase: 'ping', status: 404 })
    expect(seen).toEqual([`GET ${ASSUMED_PATH}`, 'GET /v2/'])
  })

  it.each([
    ['a refusal (401)', 401],
    ['no realm there (404)', 404]
  ])(
    'keeps the realm’s own failure, %s, when the registry names that same realm',
    async (_, status) => {
      const { server, seen } = await registry({
        assumed: response => {
          response.writeHead(status)
          response.end()
        },
        challenge: s => `Bearer realm="${s.origin}${ASSUMED_PATH}",service="${s.host}"`
      })
      const failure = await client(server)
        .headManifest('demo/app', '1')
        .catch((error: unknown) => error)
      expect(failure).toBeInstanceOf(RegistryResponseError)
      expect(failure).toMatchObject({ phase: 'token', status })
      expect(seen).toEqual([`GET ${ASSUMED_PATH}`, 'GET /v2/'])
    }
  )

  it("throws the registry's realm's failure when that realm gives no token either, asking once", async () => {
    const { server, seen } = await registry({
      assumed: notFound,
      challenge: ownRealm,
      realm: response => response.end('not a token')
    })
    const failure = await client(server)
      .headManifest('demo/app', '1')
      .catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(RegistryProtocolError)
    expect(seen).toEqual([`GET ${ASSUMED_PATH}`, 'GET /v2/', 'GET /token'])
  })
})

describe("a realm the registry's challenge names", () => {
  it('that redirects to another origin is refused, and nothing is pinged again', async () => {
    const elsewhere = await serve((_request, response) => void response.end('{"token":"tok-2"}'))
    const server = await serve((request, response) => {
      if (request.url?.startsWith('/token')) {
        response.writeHead(307, { Location: `${elsewhere.origin}/token` })
        return void response.end()
      }
      response.writeHead(401, { 'WWW-Authenticate': ownRealm(server) })
      response.end()
    })
    const c = new RegistryClient({ registry: server.host, credentials, env: {} })
    await expect(c.headManifest('demo/app', '1')).rejects.toBeInstanceOf(RealmRedirectError)
    expect(elsewhere.seen.map(seen => seen.authorization)).toEqual([undefined])
    expect(server.seen.filter(seen => seen.url === '/v2/')).toHaveLength(1)
  })
})
