// A push from an OCI layout asks its client to open, while it signs in, a connection for each
// request it then sends at once: a lookup and an upload session per blob, or a PUT per tag.
// (How Node's pool hands connections to the later waves is its own: not asserted here.)
// Against a small Basic registry on loopback.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pushImageFromSource } from '../../../src/engine/daemonless.js'
import { sha256Digest } from '../../../src/image/digest.js'
import { RegistryClient } from '../../../src/registry/client.js'
import { serversPerTest, type TestServer } from '../../support/http-server.js'
import { writeOciLayout } from '../../support/oci-layout.js'

const serve = serversPerTest()
const credentials = { username: 'demo/jdoe', token: 'k]j64r{1sJSSF-;)K8' }

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ocir-push-connections-test-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

/** Each request's connection, and whether it carried credentials (the sign-in's do not). */
interface Arrival {
  method: string
  authorized: boolean
  connection: number
}

/**
 * No blob is there; an upload is a POST and a PUT; manifests are taken as they come. The
 * challenge is answered once `signIns` requests without credentials wait for it (all the
 * sign-in's, whenever the push started each), or after 2 s.
 */
async function registry(signIns: number) {
  const arrivals: Arrival[] = []
  const waiting: Array<() => void> = []
  const release = (): void => waiting.splice(0).forEach(answer => answer())
  const timer = setTimeout(release, 2000)
  const server: TestServer = await serve(async (request, response, body) => {
    const authorized = request.headers.authorization !== undefined
    arrivals.push({
      method: request.method ?? '',
      authorized,
      connection: server.connectionOf(request)
    })
    if (!authorized) {
      await new Promise<void>(answer => {
        waiting.push(answer)
        if (waiting.length >= signIns) release()
      })
      response.writeHead(401, { 'WWW-Authenticate': 'Basic realm="test"' })
      return void response.end()
    }
    // With its length, as registries send it: a HEAD answer without one ends its connection.
    if (request.method === 'HEAD') {
      return void response.writeHead(404, { 'Content-Length': '0' }).end()
    }
    if (request.method === 'POST') {
      return void response.writeHead(202, { Location: '/v2/demo/app/blobs/uploads/1' }).end()
    }
    const bytes = await body()
    const manifest = request.url?.includes('/manifests/')
    response.writeHead(201, manifest ? { 'Docker-Content-Digest': sha256Digest(bytes) } : {})
    response.end()
  })
  return { server, arrivals, done: () => clearTimeout(timer) }
}

async function pushWith(layerSizes: number[], tags: string[], wanted: number) {
  const { server, arrivals, done } = await registry(wanted)
  const layout = writeOciLayout(dir, { layerSizes })
  const client = new RegistryClient({
    registry: server.host,
    credentials,
    env: {},
    connectionsAhead: true
  })
  await pushImageFromSource(
    { kind: 'oci', path: layout.dir },
    { client, repository: 'demo/app', tags }
  ).finally(done)
  const signIn = new Set(arrivals.filter(seen => !seen.authorized).map(seen => seen.connection))
  // The wave right after the sign-in: a lookup and an upload session per blob.
  const lookups = arrivals.filter(seen => seen.method === 'HEAD' || seen.method === 'POST')
  return { signIn, lookups: lookups.map(seen => seen.connection) }
}

describe('a push from an OCI layout', () => {
  it.each([
    ['2 layers and 5 tags: a lookup and a session for each of 3 blobs', [1024, 2048], 5, 6],
    ['1 layer and 10 tags: a PUT per tag', [1024], 10, 10]
  ])(
    '%s: that many connections opened while signing in, which the lookups then use',
    async (_name, layers, tags, wanted) => {
      const pushed = await pushWith(
        layers,
        Array.from({ length: tags }, (_, i) => `t${i + 1}`),
        wanted
      )
      expect(pushed.signIn.size).toBe(wanted)
      // A lookup and a session for each layer and the config.
      expect(pushed.lookups).toHaveLength(2 * (layers.length + 1))
      for (const connection of pushed.lookups) expect(pushed.signIn).toContain(connection)
    }
  )
})
