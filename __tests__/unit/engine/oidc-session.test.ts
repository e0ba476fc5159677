// A long push through an OIDC session: the registry client asks the signed token source for
// a new registry token when its own expires, and that request is signed with the session
// token of the moment, renewed at the identity domain once most of its lifetime has passed.
import { generateKeyPairSync } from 'node:crypto'
import { startOciFakes } from '../../../scripts/oci-fakes.mjs'
import type { OciFakes } from '../../../scripts/oci-fakes.mjs'
import { startOidcFakes } from '../../../scripts/oidc-fakes.mjs'
import type { OidcFakes } from '../../../scripts/oidc-fakes.mjs'
import { signedTokenSource } from '../../../src/engine/api-key.js'
import { sha256Digest } from '../../../src/image/digest.js'
import { createNodeSend, oidcTarget, startOidcSession } from '../../../src/oci/index.js'
import { RegistryClient } from '../../../src/registry/client.js'
import type { Clock } from '../../../src/registry/transport/retry.js'
import { serversPerTest } from '../../support/http-server.js'

const serve = serversPerTest()
const DIGEST = sha256Digest(Buffer.from('x'))

let oidc: OidcFakes
let fakes: OciFakes
beforeAll(async () => {
  oidc = await startOidcFakes({ upstLifetimeSeconds: 600 })
  fakes = await startOciFakes({
    publicKeyPem: generateKeyPairSync('rsa', { modulusLength: 2048 })
      .publicKey.export({ type: 'spki', format: 'pem' })
      .toString(),
    sessionTokenKey: oidc.sessionTokenKey
  })
})
afterAll(async () => {
  await Promise.all([oidc.close(), fakes.close()])
})

/** The session tokens the token realm's requests were signed with, in order. */
function signingTokens(): string[] {
  return fakes.requests
    .filter(request => request.service === 'token')
    .map(request => /keyId="ST\$([^"]+)"/.exec(String(request.headers.authorization))?.[1] ?? '')
}

it('signs each registry token request with the session token of the moment', async () => {
  let now = 5_000_000
  const clock: Clock = { now: () => now, sleep: async () => undefined, random: () => 0.5 }
  // A registry whose realm is the OCI fakes': any bearer token it issued lets a blob be read.
  const registry = await serve((request, response) => {
    if (!request.headers.authorization?.startsWith('Bearer ')) {
      response.writeHead(401, {
        'WWW-Authenticate': `Bearer realm="${fakes.tokenRealm}",service="registry.test"`
      })
      return void response.end()
    }
    response.end()
  })
  const masked: string[] = []
  const session = await startOidcSession({
    target: oidcTarget({
      domainUrl: oidc.domainUrl,
      clientId: oidc.clientId,
      clientSecret: oidc.clientSecret,
      audience: ''
    }),
    source: { kind: 'github', requestUrl: oidc.requestUrl, requestToken: oidc.requestToken },
    send: createNodeSend({ timeoutMs: 5_000 }),
    onSecret: value => masked.push(value),
    now: () => now
  })
  const client = new RegistryClient({
    registry: registry.host,
    tokenSource: signedTokenSource(session),
    clock,
    env: {}
  })

  expect(await client.hasBlob('ns/app', DIGEST)).toBe(true)
  // The registry token (300 s) is reused; the session token (600 s) is not due yet.
  now += 200_000
  expect(await client.hasBlob('ns/app', DIGEST)).toBe(true)
  expect(signingTokens()).toHaveLength(1)
  // Past the registry token's life and four fifths of the session token's: both renewed.
  now += 300_000
  expect(await client.hasBlob('ns/app', DIGEST)).toBe(true)

  const [first, second] = signingTokens()
  expect(signingTokens()).toHaveLength(2)
  expect(first).not.toBe(second)
  expect(oidc.exchanges.map(exchange => exchange.status)).toEqual([200, 200])
  // Each session token was masked (handed to onSecret) as it arrived.
  expect(masked).toEqual(expect.arrayContaining([first, second]))
  expect(fakes.requests.filter(request => request.service === 'token')).toMatchObject([
    { status: 200, sessionSubject: oidc.userOcid },
    { status: 200, sessionSubject: oidc.userOcid }
  ])
})
