import { Readable } from 'node:stream'
import { RegistryClient } from '../../../src/registry/client.js'
import { InsecureRealmError, InsecureRedirectError } from '../../../src/registry/errors.js'
import { BearerTokens } from '../../../src/registry/transport/bearer.js'
import {
  HttpTransport,
  requestFacts,
  resolveLocation
} from '../../../src/registry/transport/http.js'
import { DEFAULT_RETRY_POLICY, systemClock } from '../../../src/registry/transport/retry.js'
import { sha256Digest } from '../../../src/image/digest.js'
import { serversPerTest, type Handler, type TestServer } from '../../support/http-server.js'

const REPOSITORY = 'demo/app'
const CREDENTIALS = { username: 'demo/alice', token: 'k]j64r{1sJSSF-;)K8' }
const BASIC = `Basic ${Buffer.from(`${CREDENTIALS.username}:${CREDENTIALS.token}`).toString('base64')}`
const BYTES = Buffer.from('layer bytes')
const DIGEST = sha256Digest(BYTES)

const serve = serversPerTest()

function client(registry: TestServer): RegistryClient {
  return new RegistryClient({ registry: registry.host, credentials: CREDENTIALS, env: {} })
}

/** Takes the upload (PUT with the digest) or serves the blob, for any path. */
const elsewhere: Handler = async (request, response, body) => {
  if (request.method === 'PUT') {
    const received = await body()
    const digest = new URL(request.url ?? '', 'http://x').searchParams.get('digest')
    return void response.writeHead(received.equals(BYTES) && digest === DIGEST ? 201 : 400).end()
  }
  response.end(BYTES)
}

/** A Basic-auth registry that sends uploads and blob reads to `other`. */
async function basicRegistry(other: () => TestServer): Promise<TestServer> {
  return serve((request, response) => {
    if (request.headers.authorization !== BASIC) {
      response.writeHead(401, { 'WWW-Authenticate': 'Basic realm="test"' })
      return void response.end()
    }
    if (request.url === '/v2/') return void response.end('{}')
    if (request.method === 'HEAD') return void response.writeHead(404).end()
    if (request.method === 'POST') {
      response.writeHead(202, { Location: `${other().origin}/uploads/1?state=opaque` })
      return void response.end()
    }
    response.writeHead(307, { Location: `${other().origin}/storage/${DIGEST}` })
    response.end()
  })
}

const authorizations = (server: TestServer): Array<string | undefined> =>
  server.seen.map(seen => seen.authorization)

describe('credentials go to the registry origin only', () => {
  it('sends an upload to a Location on another origin without Authorization', async () => {
    const storage = await serve(elsewhere)
    const registry = await basicRegistry(() => storage)
    expect(await client(registry).pushBlob(REPOSITORY, blob())).toBe('uploaded')
    expect(storage.seen.map(seen => seen.method)).toEqual(['PUT'])
    expect(authorizations(storage)).toEqual([undefined])
    expect(
      authorizations(registry)
        .filter(Boolean)
        .every(value => value === BASIC)
    ).toBe(true)
  })

  it('follows a 307 to another origin without Authorization', async () => {
    const storage = await serve(elsewhere)
    const registry = await basicRegistry(() => storage)
    expect((await client(registry).getBlob(REPOSITORY, DIGEST)).equals(BYTES)).toBe(true)
    expect(storage.seen.map(seen => seen.url)).toEqual([`/storage/${DIGEST}`])
    expect(authorizations(storage)).toEqual([undefined])
  })

  it('sends Basic to the token realm the challenge names, and only the token to the registry', async () => {
    const storage = await serve(elsewhere)
    const realm = await serve((_request, response) => {
      response.end(JSON.stringify({ token: 'the-token', expires_in: 300 }))
    })
    const registry = await serve((request, response) => {
      if (request.headers.authorization !== 'Bearer the-token') {
        response.writeHead(401, {
          'WWW-Authenticate': `Bearer realm="${realm.origin}/token",service="test"`
        })
        return void response.end()
      }
      response.writeHead(307, { Location: `${storage.origin}/storage/${DIGEST}` })
      response.end()
    })
    expect((await client(registry).getBlob(REPOSITORY, DIGEST)).equals(BYTES)).toBe(true)
    expect(authorizations(realm)).toEqual([BASIC])
    expect(realm.seen[0]!.url).toContain('scope=repository%3Ademo%2Fapp%3Apull')
    expect(authorizations(registry)).toEqual([undefined, 'Bearer the-token'])
    expect(authorizations(storage)).toEqual([undefined])
  })

  it('refuses a plain-http token realm of an HTTPS registry, sending it nothing', async () => {
    const realm = await serve((_request, response) => {
      response.end(JSON.stringify({ token: 'the-token', expires_in: 300 }))
    })
    const transport = new HttpTransport({ env: {} })
    const retry = { policy: DEFAULT_RETRY_POLICY, clock: systemClock }
    const challenge = { scheme: 'bearer', params: { realm: `${realm.origin}/token`, service: 'x' } }
    const https = new BearerTokens(
      transport,
      new URL('https://fra.ocir.io'),
      CREDENTIALS,
      systemClock,
      retry
    )
    const failure = await https
      .token(challenge, ['repository:demo/app:pull,push'])
      .catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(InsecureRealmError)
    expect((failure as InsecureRealmError).fix).toMatch(/nothing was sent there/)
    expect(realm.seen).toEqual([])
    // A plain-http registry (loopback) may name a plain-http realm.
    const plain = new BearerTokens(
      transport,
      new URL('http://127.0.0.1:5000'),
      CREDENTIALS,
      systemClock,
      retry
    )
    expect(await plain.token(challenge, ['repository:demo/app:pull'])).toBe('the-token')
    transport.close()
  })

  it('refuses a Location or redirect from https to plain http', () => {
    const base = new URL('https://fra.ocir.io/v2/demo/app/blobs/uploads/')
    const facts = requestFacts('POST', base, { phase: 'push', repository: REPOSITORY })
    expect(() => resolveLocation('http://fra.ocir.io/upload/1', base, facts)).toThrow(
      InsecureRedirectError
    )
    expect(resolveLocation('/upload/1?x=1', base, facts).href).toBe(
      'https://fra.ocir.io/upload/1?x=1'
    )
  })
})

function blob(): { digest: string; size: number; open: (offset: number) => Readable } {
  return {
    digest: DIGEST,
    size: BYTES.length,
    open: offset => Readable.from([BYTES.subarray(offset)])
  }
}
