// A client told how the registry authenticates (OCIR's token realm, known from its host)
// skips the `GET /v2/` ping, and follows the registry's own challenge when a 401 says otherwise.
import { RegistryClient } from '../../../src/registry/client.js'
import type { AuthChallenge } from '../../../src/registry/transport/challenge.js'
import { serversPerTest, type TestServer } from '../../support/http-server.js'

const serve = serversPerTest()
const credentials = { username: 'demo/jdoe', token: 'k]j64r{1sJSSF-;)K8' }
const basic = `Basic ${Buffer.from(`${credentials.username}:${credentials.token}`).toString('base64')}`
const DIGEST = `sha256:${'e'.repeat(64)}`

/**
 * A registry that answers `challenge` to requests without its credentials; `/token` issues a
 * token for Basic credentials. Every request it saw is in `seen`.
 */
async function registry(challenge: (server: TestServer) => string) {
  const seen: string[] = []
  const server: TestServer = await serve((request, response) => {
    seen.push(`${request.method} ${request.url?.replace(/\?.*$/, '')}`)
    if (request.url?.startsWith('/token')) {
      if (request.headers.authorization !== basic) {
        response.writeHead(401)
        return void response.end()
      }
      return void response.end(JSON.stringify({ token: 'tok-1', expires_in: 300 }))
    }
    const accepted = challenge(server).startsWith('Basic') ? basic : 'Bearer tok-1'
    if (request.headers.authorization !== accepted) {
      response.writeHead(401, { 'WWW-Authenticate': challenge(server) })
      return void response.end()
    }
    response.writeHead(200, { 'Docker-Content-Digest': DIGEST, 'Content-Length': '2' })
    response.end()
  })
  return { server, seen }
}

function client(server: TestServer, knownChallenge: AuthChallenge): RegistryClient {
  return new RegistryClient({ registry: server.host, credentials, knownChallenge })
}

const bearerAt = (server: TestServer): AuthChallenge => ({
  scheme: 'bearer',
  params: { realm: `${server.origin}/token`, service: server.host }
})

describe('a known challenge', () => {
  it('asks for the token at once: no ping', async () => {
    const { server, seen } = await registry(
      s => `Bearer realm="${s.origin}/token",service="${s.host}"`
    )
    const head = await client(server, bearerAt(server)).headManifest('demo/app', '1')
    expect(head?.digest).toBe(DIGEST)
    expect(seen).toEqual(['GET /token', 'HEAD /v2/demo/app/manifests/1'])
  })

  it('follows a Basic challenge when the registry answers with one, from then on', async () => {
    const { server, seen } = await registry(() => 'Basic realm="test"')
    const c = client(server, bearerAt(server))
    expect((await c.headManifest('demo/app', '1'))?.digest).toBe(DIGEST)
    expect((await c.headManifest('demo/app', '2'))?.digest).toBe(DIGEST)
    // One refused lookup with the assumed token, then Basic for both.
    expect(seen).toEqual([
      'GET /token',
      'HEAD /v2/demo/app/manifests/1',
      'HEAD /v2/demo/app/manifests/1',
      'HEAD /v2/demo/app/manifests/2'
    ])
  })
})
