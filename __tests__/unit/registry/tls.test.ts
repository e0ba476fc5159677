// TLS against real node:http(s) servers: a certificate Node refuses is typed by Node's error
// code, tried once, and diagnosed with the host and NODE_EXTRA_CA_CERTS; the scheme of the
// registry address decides between HTTPS and plain HTTP, and a mix-up is diagnosed as such.
// The certificates are throwaway test fixtures (see __tests__/fixtures/tls/README.md).
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { RegistryError } from '../../../src/common/errors.js'
import { explainFailure } from '../../../src/engine/diagnosis.js'
import { RegistryClient, registryBaseUrl } from '../../../src/registry/client.js'
import {
  RegistryNetworkError,
  RegistryResponseError,
  UntrustedCertificateError,
  certificateProblem
} from '../../../src/registry/errors.js'
import type { Clock } from '../../../src/registry/transport/retry.js'
import { serversPerTest, type ServerTls, type TestServer } from '../../support/http-server.js'

const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures', 'tls')
const pem = (name: string): string => readFileSync(join(FIXTURES, name), 'utf8')

const SELF_SIGNED: ServerTls = { cert: pem('self-signed.pem'), key: pem('self-signed-key.pem') }
/** A leaf signed by a CA nothing trusts, sent alone. */
const LEAF_ONLY: ServerTls = { cert: pem('server.pem'), key: pem('server-key.pem') }
/** The same leaf with its (self-signed, untrusted) CA in the chain. */
const WITH_CA: ServerTls = { cert: pem('server.pem') + pem('ca.pem'), key: pem('server-key.pem') }

const CREDENTIALS = { username: 'demo/alice', token: 'k]j64r{1sJSSF-;)K8' }

/** Never waits; records every backoff, so a retry would show. */
function recordingClock(): Clock & { sleeps: number[] } {
  let now = 0
  const sleeps: number[] = []
  return {
    sleeps,
    now: () => now,
    sleep: async ms => {
      sleeps.push(ms)
      now += ms
    },
    random: () => 0.5
  }
}

const serve = serversPerTest()

function client(server: TestServer, clock: Clock): RegistryClient {
  return new RegistryClient({
    registry: server.host,
    scheme: 'https',
    credentials: CREDENTIALS,
    clock,
    env: {}
  })
}

describe('a certificate Node refuses', () => {
  it.each([
    ['a self-signed certificate', SELF_SIGNED, 'DEPTH_ZERO_SELF_SIGNED_CERT', 'self-signed'],
    ['a leaf of an unknown CA', LEAF_ONLY, 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'unknown-issuer'],
    ['a chain ending in an unknown CA', WITH_CA, 'SELF_SIGNED_CERT_IN_CHAIN', 'unknown-issuer']
  ])('%s is an UntrustedCertificateError, tried once', async (_name, tls, code, problem) => {
    const server = await serve((_request, response) => void response.end('{}'), tls)
    const clock = recordingClock()
    const failure = await client(server, clock)
      .checkPushAccess('demo/app')
      .catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(UntrustedCertificateError)
    expect(failure).not.toBeInstanceOf(RegistryNetworkError)
    expect(failure).toMatchObject({ code, problem, host: server.host, phase: 'ping' })
    // One handshake, no HTTP request over it, no backoff.
    expect(server.connections()).toBe(1)
    expect(server.seen).toEqual([])
    expect(clock.sleeps).toEqual([])
  })

  it('is diagnosed naming the host, what is wrong, and NODE_EXTRA_CA_CERTS; never the token', async () => {
    const server = await serve((_request, response) => void response.end('{}'), LEAF_ONLY)
    const failure = await client(server, recordingClock())
      .checkPushAccess('demo/app')
      .catch((error: unknown) => error)
    const explained = explainFailure(failure, {
      host: server.host,
      hostInput: 'registry',
      secrets: [CREDENTIALS.token]
    })
    expect(explained).toBeInstanceOf(RegistryError)
    const { message, fix, input, detail } = explained as RegistryError
    expect(message).toBe(
      `the certificate of '${server.host}' is not trusted: it is signed by a certificate authority this machine does not trust (UNABLE_TO_VERIFY_LEAF_SIGNATURE)`
    )
    expect(fix).toContain("NODE_EXTRA_CA_CERTS=<path to the CA's PEM>")
    expect(fix).toContain("the runner's trust store")
    // Nothing the user wrote is wrong: the machine lacks the CA.
    expect(input).toBeUndefined()
    expect(detail).toContain('unable to verify the first certificate')
    expect(JSON.stringify(explained)).not.toContain(CREDENTIALS.token)
  })

  it("names the token realm's host when the realm's certificate is the one refused", async () => {
    const realm = await serve((_request, response) => void response.end('{}'), SELF_SIGNED)
    const registry = await serve((_request, response) => {
      response.writeHead(401, {
        'WWW-Authenticate': `Bearer realm="https://${realm.host}/20180419/docker/token",service="x"`
      })
      response.end()
    })
    const failure = await new RegistryClient({
      registry: registry.host,
      credentials: CREDENTIALS,
      clock: recordingClock(),
      env: {}
    })
      .checkPushAccess('demo/app')
      .catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(UntrustedCertificateError)
    expect(failure).toMatchObject({ host: realm.host, phase: 'token' })
    const explained = explainFailure(failure, { host: registry.host }) as RegistryError
    expect(explained.message).toMatch(`the certificate of '${realm.host}' is not trusted`)
  })
})

describe('the scheme of the registry address', () => {
  it.each([
    ['127.0.0.1:5000', undefined, 'http://127.0.0.1:5000'],
    ['localhost:5000', undefined, 'http://localhost:5000'],
    ['[::1]:5000', undefined, 'http://[::1]:5000'],
    ['fra.ocir.io', undefined, 'https://fra.ocir.io'],
    ['127.0.0.1:5443', 'https', 'https://127.0.0.1:5443'],
    ['registry.example.com:5000', 'http', 'http://registry.example.com:5000']
  ] as const)('%s with %s → %s', (registry, scheme, url) => {
    expect(registryBaseUrl(registry, scheme)).toBe(url)
  })

  it('chooses how a real server is spoken to: https on loopback, http elsewhere', async () => {
    const tls = await serve((_request, response) => void response.end('{}'), SELF_SIGNED)
    const plain = await serve((_request, response) => void response.end('{}'))
    // Loopback would be plain HTTP by default: over TLS, the handshake is what fails.
    await expect(client(tls, recordingClock()).checkPushAccess('demo/app')).rejects.toBeInstanceOf(
      UntrustedCertificateError
    )
    // `127.1` is not a loopback name to the default rule (it would be HTTPS); http is chosen.
    const elsewhere = new RegistryClient({
      registry: `127.1:${plain.host.split(':')[1]}`,
      scheme: 'http',
      credentials: CREDENTIALS,
      clock: recordingClock(),
      env: {}
    })
    await expect(elsewhere.checkPushAccess('demo/app')).resolves.toBeUndefined()
    expect(plain.seen.map(seen => seen.url)).toEqual(['/v2/'])
  })
})

describe('an HTTPS registry asked in plain HTTP', () => {
  it('is no open registry: the 400 of its /v2/ fails the ping, diagnosed with https://', async () => {
    // What Go's net/http, docker-registry's server, answers plain HTTP on a TLS port.
    const server = await serve((_request, response) => {
      response.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8' })
      response.end('Client sent an HTTP request to an HTTPS server.\n')
    })
    const failure = await new RegistryClient({
      registry: server.host,
      credentials: CREDENTIALS,
      clock: recordingClock(),
      env: {}
    })
      .checkPushAccess('demo/app')
      .catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(RegistryResponseError)
    expect(failure).toMatchObject({ status: 400, phase: 'ping' })
    // Nothing else was asked: no blob lookup, no credentials sent.
    expect(server.seen).toEqual([{ method: 'GET', url: '/v2/' }])
    const explained = explainFailure(failure, { host: server.host }) as RegistryError
    expect(explained.message).toBe(`'${server.host}' speaks HTTPS, not plain HTTP`)
    expect(explained.input).toBe('registry')
    expect(explained.fix).toContain(`registry: 'https://${server.host}'`)
  })
})

describe('certificateProblem', () => {
  it.each([
    ['SELF_SIGNED_CERT_IN_CHAIN', 'unknown-issuer'],
    ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'unknown-issuer'],
    ['UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'unknown-issuer'],
    ['DEPTH_ZERO_SELF_SIGNED_CERT', 'self-signed'],
    ['CERT_HAS_EXPIRED', 'expired'],
    ['CERT_NOT_YET_VALID', 'not-yet-valid'],
    ['ERR_TLS_CERT_ALTNAME_INVALID', 'wrong-host'],
    ['CERT_REVOKED', 'revoked'],
    ['INVALID_CA', 'invalid'],
    ['ECONNRESET', undefined],
    ['EPROTO', undefined],
    ['ERR_SSL_WRONG_VERSION_NUMBER', undefined],
    ['toString', undefined],
    [undefined, undefined]
  ])('%s → %s', (code, problem) => {
    expect(certificateProblem(code)).toBe(problem)
  })
})
