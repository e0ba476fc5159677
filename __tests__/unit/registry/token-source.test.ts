// A token source (an API key's signed token request) in place of Basic credentials: asked
// for the challenge's realm, sending only there, renewed like any token.
import { RegistryClient } from '../../../src/registry/client.js'
import type { TokenSource } from '../../../src/registry/credentials.js'
import { RegistryProtocolError } from '../../../src/registry/errors.js'
import type { Clock } from '../../../src/registry/transport/retry.js'
import { sha256Digest } from '../../../src/image/digest.js'
import { serversPerTest, type TestServer } from '../../support/http-server.js'

const REPOSITORY = 'demo/app'
const DIGEST = sha256Digest(Buffer.from('x'))
const SIGNATURE = 'Signature version="1",keyId="t/u/f",signature="c2lnbmVk"'

const serve = serversPerTest()

function fakeClock(): Clock & { advance(ms: number): void } {
  let now = 1_000_000
  return {
    advance: ms => {
      now += ms
    },
    now: () => now,
    sleep: async ms => {
      now += ms
    },
    random: () => 0.5
  }
}

/**
 * A registry whose realm (`/token`) answers only signed requests, and `elsewhere`, another
 * origin the realm may redirect to.
 */
async function signedRegistry(options: { redirectTo?: string } = {}): Promise<TestServer> {
  const server: TestServer = await serve((request, response) => {
    if (request.url?.startsWith('/token')) {
      if (options.redirectTo) {
        response.writeHead(307, { Location: `${options.redirectTo}/token` })
        return void response.end()
      }
      if (request.headers.authorization !== SIGNATURE) {
        response.writeHead(401)
        return void response.end('{"code":"NotAuthenticated"}')
      }
      return void response.end(JSON.stringify({ token: 'jwt', expires_in: 20 }))
    }
    if (request.headers.authorization !== 'Bearer jwt') {
      response.writeHead(401, {
        'WWW-Authenticate': `Bearer realm="${server.origin}/token",service="registry.test"`
      })
      return void response.end()
    }
    response.end()
  })
  return server
}

/** Signs like an API key would: the Authorization and a date header. */
function signingSource(calls: Parameters<TokenSource>[0][]): TokenSource {
  return async request => {
    calls.push(request)
    const url = new URL(request.realm)
    url.searchParams.set('service', request.service)
    for (const scope of request.scopes) url.searchParams.append('scope', scope)
    const response = await request.send({
      method: 'GET',
      url,
      headers: { authorization: SIGNATURE, 'x-date': new Date().toUTCString(), host: url.host }
    })
    const body = await response.text()
    if (response.status !== 200) throw new Error(`token: ${response.status}`)
    const answer = JSON.parse(body) as { token: string; expires_in: number }
    return { token: answer.token, expiresInSeconds: answer.expires_in }
  }
}

describe('a token source', () => {
  it("is asked for the challenge's realm, service and scopes, and its signed request reaches the realm", async () => {
    const server = await signedRegistry()
    const calls: Parameters<TokenSource>[0][] = []
    const client = new RegistryClient({
      registry: server.host,
      tokenSource: signingSource(calls),
      env: {}
    })
    expect(await client.hasBlob(REPOSITORY, DIGEST)).toBe(true)
    expect(calls.map(({ realm, service, scopes }) => ({ realm, service, scopes }))).toEqual([
      {
        realm: `${server.origin}/token`,
        service: 'registry.test',
        scopes: [`repository:${REPOSITORY}:pull`]
      }
    ])
    expect(server.seen.filter(seen => seen.url.startsWith('/token'))).toEqual([
      expect.objectContaining({ authorization: SIGNATURE })
    ])
  })

  it('is asked again once its token is about to expire, as during a long push', async () => {
    const server = await signedRegistry()
    const calls: Parameters<TokenSource>[0][] = []
    const clock = fakeClock()
    const client = new RegistryClient({
      registry: server.host,
      tokenSource: signingSource(calls),
      clock,
      env: {}
    })
    await client.hasBlob(REPOSITORY, DIGEST)
    await client.hasBlob(REPOSITORY, DIGEST)
    expect(calls).toHaveLength(1)
    // 20 s lifetime, renewed 10 s early.
    clock.advance(11_000)
    await client.hasBlob(REPOSITORY, DIGEST)
    expect(calls).toHaveLength(2)
  })

  it('gives docker login a token that only signs in when there is no repository', async () => {
    const server = await signedRegistry()
    const calls: Parameters<TokenSource>[0][] = []
    const client = new RegistryClient({
      registry: server.host,
      tokenSource: signingSource(calls),
      env: {}
    })
    expect(await client.loginToken()).toBe('jwt')
    expect(calls[0]?.scopes).toEqual([])
  })

  it('cannot send anywhere but the realm', async () => {
    const server = await signedRegistry()
    const elsewhere = await serve((_request, response) => void response.end('{}'))
    const client = new RegistryClient({
      registry: server.host,
      tokenSource: async ({ send }) => {
        await send({ method: 'GET', url: new URL(`${elsewhere.origin}/token`), headers: {} })
        return { token: 'never', expiresInSeconds: 60 }
      },
      env: {}
    })
    await expect(client.hasBlob(REPOSITORY, DIGEST)).rejects.toBeInstanceOf(RegistryProtocolError)
    expect(elsewhere.seen).toEqual([])
  })

  it('keeps its signature off a redirect to another origin', async () => {
    const elsewhere = await serve((_request, response) => void response.end('{"token":"x"}'))
    const server = await signedRegistry({ redirectTo: elsewhere.origin })
    const client = new RegistryClient({
      registry: server.host,
      tokenSource: signingSource([]),
      env: {}
    })
    await client.hasBlob(REPOSITORY, DIGEST).catch(() => undefined)
    expect(elsewhere.seen.length).toBeGreaterThan(0)
    expect(elsewhere.seen.map(seen => seen.authorization)).toEqual(
      elsewhere.seen.map(() => undefined)
    )
  })
})
