// Keyless signing in against the loopback fakes: GitHub's OIDC token service, the identity
// domain's token exchange (which check what the real ones check), and the OCI fakes trusting
// the session tokens it issues.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { createPublicKey, generateKeyPairSync } from 'node:crypto'
import oci from 'oci-common'
import { startOciFakes } from '../../../scripts/oci-fakes.mjs'
import type { OciFakes } from '../../../scripts/oci-fakes.mjs'
import { GITHUB_ISSUER, startOidcFakes, TESTBED_SUBJECT } from '../../../scripts/oidc-fakes.mjs'
import type { OidcFakes } from '../../../scripts/oidc-fakes.mjs'
import { formatError } from '../../../src/common/errors.js'
import {
  createNodeSend,
  createRequestSigner,
  exchangePublicKey,
  exchangeToken,
  IdTokenPermissionError,
  IdTokenRequestError,
  InvalidDomainUrlError,
  lookUpNamespace,
  MissingOidcSettingError,
  OciSessionNotAuthenticatedError,
  OidcAudienceMismatchError,
  OidcClientRejectedError,
  OidcExchangeRefusedError,
  oidcTarget,
  requestRegistryToken,
  sessionTokenKeyId,
  startOidcSession,
  subjectToken,
  SubjectTokenMissingError,
  SubjectTokenUnreadableError,
  type OidcTarget,
  type SubjectTokenSource
} from '../../../src/oci/index.js'
import type { OciPrincipal } from '../../../src/oci/index.js'

const send = createNodeSend({ timeoutMs: 5_000 })

let oidc: OidcFakes
let fakes: OciFakes
beforeAll(async () => {
  oidc = await startOidcFakes()
  const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  fakes = await startOciFakes({
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    keyId: 'no-api-key-is-used-here',
    sessionTokenKey: oidc.sessionTokenKey
  })
})
afterAll(async () => {
  await Promise.all([oidc.close(), fakes.close()])
})
beforeEach(() => {
  oidc.idTokenRequests.length = 0
  oidc.exchanges.length = 0
  fakes.requests.length = 0
})

function github(overrides: Partial<Extract<SubjectTokenSource, { kind: 'github' }>> = {}) {
  return {
    kind: 'github' as const,
    requestUrl: oidc.requestUrl,
    requestToken: oidc.requestToken,
    ...overrides
  }
}

function target(overrides: Partial<Parameters<typeof oidcTarget>[0]> = {}): OidcTarget {
  return oidcTarget({
    domainUrl: oidc.domainUrl,
    clientId: oidc.clientId,
    clientSecret: oidc.clientSecret,
    audience: '',
    ...overrides
  })
}

/** A subject token of the fake job, as another CI would hand it over. */
async function mintedToken(audience = oidc.domainUrl): Promise<string> {
  const url = new URL(oidc.requestUrl)
  url.searchParams.set('audience', audience)
  const answer = await fetch(url, { headers: { authorization: `Bearer ${oidc.requestToken}` } })
  return ((await answer.json()) as { value: string }).value
}

function thrownBy(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection')
    },
    (error: unknown) => error
  )
}

describe('oidcTarget', () => {
  it("defaults the audience to the domain's URL, without a trailing slash", () => {
    expect(
      oidcTarget({
        domainUrl: ' https://idcs-0123.identity.oraclecloud.com:443/ ',
        clientId: ' ci ',
        clientSecret: 's',
        audience: ''
      })
    ).toEqual({
      domainUrl: 'https://idcs-0123.identity.oraclecloud.com',
      audience: 'https://idcs-0123.identity.oraclecloud.com',
      clientId: 'ci',
      clientSecret: 's'
    })
    expect(target({ audience: 'https://cloud.oracle.com' }).audience).toBe(
      'https://cloud.oracle.com'
    )
  })

  it.each([
    ['domain', { domainUrl: '' }, 'oidc-domain-url'],
    ['client id', { clientId: ' ' }, 'oidc-client-id'],
    ['client secret', { clientSecret: '' }, 'oidc-client-secret']
  ])('names the missing %s', (_name, overrides, setting) => {
    const error = (() => {
      try {
        return target(overrides)
      } catch (thrown) {
        return thrown
      }
    })()
    expect(error).toBeInstanceOf(MissingOidcSettingError)
    expect(error).toMatchObject({ setting })
  })

  it.each([
    'http://idcs-0123.identity.oraclecloud.com',
    'idcs-0123.identity.oraclecloud.com',
    'https://idcs-0123.identity.oraclecloud.com/?x=1',
    'https://user:pass@idcs-0123.identity.oraclecloud.com'
  ])('refuses %s: the client secret goes there', domainUrl => {
    expect(() => target({ domainUrl })).toThrow(InvalidDomainUrlError)
  })
})

describe('subjectToken', () => {
  it("asks GitHub for the job's token with the audience and the request token, and masks it first", async () => {
    const masked: string[] = []
    const token = await subjectToken(github(), {
      send,
      audience: 'https://idcs-x.identity.oraclecloud.com',
      onSecret: value => masked.push(value)
    })
    expect(oidc.idTokenRequests).toEqual([
      { audience: 'https://idcs-x.identity.oraclecloud.com', status: 200 }
    ])
    expect(masked).toEqual([token.token])
    expect(token.claims).toMatchObject({
      iss: GITHUB_ISSUER,
      sub: TESTBED_SUBJECT,
      aud: ['https://idcs-x.identity.oraclecloud.com']
    })
  })

  it.each([
    ['no request URL', { requestUrl: undefined }],
    ['no request token', { requestToken: undefined }]
  ])('fails with the id-token permission fix when GitHub gives %s', async (_name, overrides) => {
    const error = await thrownBy(
      subjectToken(github(overrides), { send, audience: 'a', onSecret: () => undefined })
    )
    expect(error).toBeInstanceOf(IdTokenPermissionError)
    expect(formatError(error)).toContain('ACTIONS_ID_TOKEN_REQUEST_URL is not set')
    expect(formatError(error)).toContain('Fix: Give the job `permissions: id-token: write`')
    expect(oidc.idTokenRequests).toEqual([])
  })

  it("quotes GitHub's refusal of a wrong request token, without the token", async () => {
    const error = await thrownBy(
      subjectToken(github({ requestToken: 'stale-token' }), {
        send,
        audience: 'a',
        onSecret: () => undefined
      })
    )
    expect(error).toBeInstanceOf(IdTokenRequestError)
    expect(error).toMatchObject({ status: 401, detailFrom: 'GitHub' })
    expect(formatError(error)).toMatch(/GitHub said: .*request token is not valid/)
    expect(formatError(error)).not.toContain('stale-token')
  })

  it('takes a token another CI handed over, masked, when its audience is the one asked', async () => {
    const given = await mintedToken('https://idcs-x.identity.oraclecloud.com')
    const masked: string[] = []
    const token = await subjectToken(
      { kind: 'given', token: ` ${given}\n` },
      { send, audience: 'https://idcs-x.identity.oraclecloud.com', onSecret: v => masked.push(v) }
    )
    expect(token.token).toBe(given)
    expect(masked).toEqual([given])
  })

  it('refuses a handed-over token for another audience before sending it anywhere', async () => {
    const given = await mintedToken('https://gitlab.example.com')
    oidc.idTokenRequests.length = 0
    const error = await thrownBy(
      subjectToken(
        { kind: 'given', token: given },
        { send, audience: 'https://idcs-x.identity.oraclecloud.com', onSecret: () => undefined }
      )
    )
    expect(error).toBeInstanceOf(OidcAudienceMismatchError)
    expect(error).toMatchObject({ setting: 'oidc-audience' })
    expect(formatError(error)).toContain(
      "the OIDC token's audience is https://gitlab.example.com, not https://idcs-x.identity.oraclecloud.com"
    )
    expect(formatError(error)).toContain('aud: https://idcs-x.identity.oraclecloud.com')
    expect(formatError(error)).not.toContain(given)
    expect(oidc.idTokenRequests).toEqual([])
  })

  it.each([
    ['nothing', '', SubjectTokenMissingError],
    ['no JWT', 'not-a-jwt', SubjectTokenUnreadableError],
    [
      'a JWT without JSON claims',
      'eyJhbGciOiJSUzI1NiJ9.bm90IGpzb24.c2ln',
      SubjectTokenUnreadableError
    ]
  ])('refuses %s handed over', async (_name, token, type) => {
    const error = await thrownBy(
      subjectToken({ kind: 'given', token }, { send, audience: 'a', onSecret: () => undefined })
    )
    expect(error).toBeInstanceOf(type)
    expect(formatError(error)).toContain('OCIR_OIDC_TOKEN')
  })
})

describe('exchangeToken', () => {
  async function exchange(t: OidcTarget, masked: string[] = []) {
    const subject = await subjectToken(github(), {
      send,
      audience: t.audience,
      onSecret: value => masked.push(value)
    })
    const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
    return {
      subject,
      publicKey,
      result: exchangeToken({
        send,
        target: t,
        subject,
        publicKey,
        onSecret: value => masked.push(value)
      })
    }
  }

  it('sends the grant with the public key as one line of base64 DER, and masks the session token', async () => {
    const masked: string[] = []
    const { subject, publicKey, result } = await exchange(target(), masked)
    const session = await result
    expect(oidc.exchanges).toEqual([
      expect.objectContaining({
        status: 200,
        fields: {
          grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
          requested_token_type: 'urn:oci:token-type:oci-upst',
          subject_token: '(token)',
          subject_token_type: 'jwt',
          public_key: exchangePublicKey(publicKey)
        },
        subject: TESTBED_SUBJECT
      })
    ])
    expect(exchangePublicKey(publicKey)).toMatch(/^[A-Za-z0-9+/]+=*$/)
    expect(
      createPublicKey({
        key: Buffer.from(exchangePublicKey(publicKey), 'base64'),
        format: 'der',
        type: 'spki'
      }).equals(publicKey)
    ).toBe(true)
    expect(masked).toEqual([subject.token, session.token])
    expect(session.lifetimeSeconds).toBe(3600)
    expect(session.claims).toMatchObject({ sub: oidc.userOcid, tenant: oidc.tenancyOcid })
  })

  it('names the client settings when the domain does not know the client', async () => {
    const { result } = await exchange(target({ clientSecret: 'wrong-secret' }))
    const error = await thrownBy(result)
    expect(error).toBeInstanceOf(OidcClientRejectedError)
    expect(error).toMatchObject({ status: 401, setting: 'oidc-client-secret' })
    expect(formatError(error)).toContain('The identity domain said: Client authentication failed.')
    expect(formatError(error)).not.toContain('wrong-secret')
  })

  it("says which issuer, subject and audience the trust must match when the audience is not the domain's", async () => {
    const { result } = await exchange(target({ audience: 'https://cloud.oracle.com' }))
    const error = await thrownBy(result)
    expect(error).toBeInstanceOf(OidcExchangeRefusedError)
    expect(error).toMatchObject({ status: 400, code: 'invalid_grant' })
    const message = formatError(error)
    expect(message).toContain('refused to exchange the OIDC token (400 invalid_grant)')
    expect(message).toContain(
      `issuer ${GITHUB_ISSUER}, subject ${TESTBED_SUBJECT}, audience https://cloud.oracle.com`
    )
    expect(message).toContain('(oidc-audience)')
    expect(message).toContain(
      'The identity domain said: The audience of the subject token is not valid: https://cloud.oracle.com.'
    )
    expect(oidc.exchanges.map(exchange => exchange.rejection)).toEqual(['audience'])
  })

  it("quotes the domain's refusal with the client secret, the token and any JWT removed", async () => {
    const subject = await subjectToken(github(), {
      send,
      audience: oidc.domainUrl,
      onSecret: () => undefined
    })
    oidc.answerNextExchange(400, {
      error: 'invalid_grant',
      error_description: `bad assertion ${subject.token} for ${encodeURIComponent(oidc.clientSecret)} (other eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.c2lnbmF0dXJl)`
    })
    const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
    const error = await thrownBy(
      exchangeToken({ send, target: target(), subject, publicKey, onSecret: () => undefined })
    )
    expect(error).toBeInstanceOf(OidcExchangeRefusedError)
    const message = formatError(error)
    expect(message).toContain('The identity domain said: bad assertion *** for *** (other ***)')
    expect(message).not.toContain(subject.token.split('.')[2])
    expect(message).not.toMatch(/eyJ/)
  })
})

describe('startOidcSession', () => {
  /** A principal's signature on a registry token request, checked by the OCI fakes. */
  async function registryToken(principal: OciPrincipal) {
    return requestRegistryToken(
      { send, signer: await principal.signer(), credential: principal.credential },
      { realm: fakes.tokenRealm, service: 'registry.test', scopes: ['repository:ns/app:pull'] }
    )
  }

  it('signs with keyId ST$<session token>, which OCI verifies with the key the token carries', async () => {
    const session = await startOidcSession({
      target: target(),
      source: github(),
      send,
      onSecret: () => undefined
    })
    expect(session).toMatchObject({
      credential: 'session-token',
      tenancyOcid: oidc.tenancyOcid,
      lifetimeSeconds: 3600,
      subject: { iss: GITHUB_ISSUER, sub: TESTBED_SUBJECT }
    })
    await expect(registryToken(session)).resolves.toMatchObject({ expiresInSeconds: 300 })
    await expect(
      lookUpNamespace(
        { send, signer: await session.signer(), credential: 'session-token' },
        { endpoint: fakes.objectStorageUrl }
      )
    ).resolves.toBe('axaxnpcrorw5')
    expect(fakes.requests).toMatchObject([
      { service: 'token', status: 200, sessionSubject: oidc.userOcid },
      { service: 'objectstorage', status: 200, sessionSubject: oidc.userOcid }
    ])
    const authorization = String(fakes.requests[0]?.headers.authorization)
    expect(authorization).toMatch(/^Signature version="1",keyId="ST\$eyJ[\w-]+\.[\w-]+\.[\w-]+",/)
  })

  it('gets a new session token once most of the lifetime has passed, once for concurrent requests', async () => {
    const short = await startOidcFakes({ upstLifetimeSeconds: 100 })
    const realm = await startOciFakes({
      publicKeyPem: generateKeyPairSync('rsa', { modulusLength: 2048 })
        .publicKey.export({ type: 'spki', format: 'pem' })
        .toString(),
      keyId: 'unused',
      sessionTokenKey: short.sessionTokenKey
    })
    try {
      let now = 1_000_000
      const masked: string[] = []
      const session = await startOidcSession({
        target: oidcTarget({
          domainUrl: short.domainUrl,
          clientId: short.clientId,
          clientSecret: short.clientSecret,
          audience: ''
        }),
        source: { kind: 'github', requestUrl: short.requestUrl, requestToken: short.requestToken },
        send,
        onSecret: value => masked.push(value),
        now: () => now
      })
      const first = await session.signer()
      now += 79_000
      expect(await session.signer()).toBe(first)
      expect(short.exchanges).toHaveLength(1)
      now += 2_000
      const renewed = await Promise.all([session.signer(), session.signer(), session.signer()])
      expect(new Set(renewed).size).toBe(1)
      expect(renewed[0]).not.toBe(first)
      // A new OIDC token each time, for GitHub's are short-lived; both masked as they came.
      expect(short.idTokenRequests).toHaveLength(2)
      expect(short.exchanges.map(exchange => exchange.status)).toEqual([200, 200])
      expect(masked).toHaveLength(4)
      // The key pair is the run's: both session tokens carry the same public key.
      expect(short.exchanges[0]?.publicKey).toBe(short.exchanges[1]?.publicKey)
      const signature = (signer: typeof first) =>
        signer({ method: 'GET', url: new URL(`${realm.tokenRealm}?service=s`) }).authorization
      expect(signature(renewed[0]!)).toContain(`keyId="ST$${masked[3]}"`)
      await expect(
        requestRegistryToken(
          { send, signer: renewed[0]!, credential: 'session-token' },
          { realm: realm.tokenRealm, service: 's' }
        )
      ).resolves.toBeDefined()
    } finally {
      await Promise.all([short.close(), realm.close()])
    }
  })

  it('fails to start when the exchange is refused: nothing is signed', async () => {
    const error = await thrownBy(
      startOidcSession({
        target: target({ clientId: 'someone-else' }),
        source: github(),
        send,
        onSecret: () => undefined
      })
    )
    expect(error).toBeInstanceOf(OidcClientRejectedError)
    expect(fakes.requests).toEqual([])
  })
})

describe('the OCI fakes with session tokens', () => {
  /** A session token for a key pair of the test's own, through the real exchange. */
  async function sessionFor(publicKey: ReturnType<typeof generateKeyPairSync>['publicKey']) {
    const subject = await subjectToken(github(), {
      send,
      audience: oidc.domainUrl,
      onSecret: () => undefined
    })
    return exchangeToken({ send, target: target(), subject, publicKey, onSecret: () => undefined })
  }

  it("accept oci-common's own ST$ signature (its SessionAuthDetailProvider's keyId and signer)", async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
    const session = await sessionFor(publicKey)
    const provider = {
      getKeyId: async () => `ST$${session.token}`,
      getPrivateKey: () => privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      getPassphrase: () => null
    }
    const url = `${fakes.tokenRealm}?service=registry.test&scope=repository:ns/app:pull,push`
    const headers = new Headers({ 'x-date': new Date().toUTCString() })
    await new oci.DefaultRequestSigner(
      provider as unknown as oci.AuthenticationDetailsProvider
    ).signHttpRequest({ method: 'GET', uri: url, headers })
    // Ours, given the same token, key and date, signs byte for byte the same.
    const ours = createRequestSigner({ keyId: sessionTokenKeyId(session.token), privateKey })({
      method: 'GET',
      url: new URL(url),
      now: new Date(headers.get('x-date')!)
    })
    expect(ours.authorization).toBe(headers.get('authorization'))
    const answer = await fetch(url, { headers })
    expect(answer.status).toBe(200)
    expect(fakes.requests).toMatchObject([{ status: 200, sessionSubject: oidc.userOcid }])
  })

  it.each([
    ['signed with another key than the token carries', 'signature does not verify'],
    ['a token the domain did not issue', 'session token has no valid signature']
  ])('refuse a request %s', async (name, rejection) => {
    const carried = generateKeyPairSync('rsa', { modulusLength: 2048 })
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 })
    const session = await sessionFor(carried.publicKey)
    const [header, claims] = session.token.split('.')
    const token = name.startsWith('a token')
      ? `${header}.${claims}.${Buffer.from('forged').toString('base64url')}`
      : session.token
    const signer = createRequestSigner({
      keyId: sessionTokenKeyId(token),
      privateKey: name.startsWith('a token') ? carried.privateKey : other.privateKey
    })
    const error = await thrownBy(
      requestRegistryToken(
        { send, signer, credential: 'session-token' },
        { realm: fakes.tokenRealm, service: 's' }
      )
    )
    expect(error).toBeInstanceOf(OciSessionNotAuthenticatedError)
    expect(formatError(error)).toContain('OCI did not accept the session token signature')
    expect(fakes.requests.map(request => request.rejection)).toEqual([rejection])
  })

  it('refuse an expired session token', async () => {
    const late = await startOciFakes({
      publicKeyPem: generateKeyPairSync('rsa', { modulusLength: 2048 })
        .publicKey.export({ type: 'spki', format: 'pem' })
        .toString(),
      sessionTokenKey: oidc.sessionTokenKey,
      // Two hours on: the hour-long session token has expired, the signature date is in range.
      now: () => new Date(Date.now() + 2 * 3600_000)
    })
    try {
      const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
      const session = await sessionFor(publicKey)
      const signer = createRequestSigner({ keyId: sessionTokenKeyId(session.token), privateKey })
      const error = await thrownBy(
        requestRegistryToken(
          {
            send,
            signer,
            credential: 'session-token',
            now: () => new Date(Date.now() + 2 * 3600_000)
          },
          { realm: late.tokenRealm, service: 's' }
        )
      )
      expect(error).toBeInstanceOf(OciSessionNotAuthenticatedError)
      expect(late.requests.map(request => request.rejection)).toEqual(['session token has expired'])
    } finally {
      await late.close()
    }
  })
})

describe('the identity domain fake', () => {
  it('refuses a PEM public key: the exchange takes one line of base64 DER', async () => {
    const subject = await mintedToken()
    const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
    const form = new URLSearchParams({
      grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
      requested_token_type: 'urn:oci:token-type:oci-upst',
      subject_token: subject,
      subject_token_type: 'jwt',
      public_key: publicKey.export({ type: 'spki', format: 'pem' }).toString()
    })
    const answer = await fetch(`${oidc.domainUrl}/oauth2/v1/token`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${oidc.clientId}:${oidc.clientSecret}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded'
      },
      body: form
    })
    expect(answer.status).toBe(400)
    expect(oidc.exchanges.map(exchange => exchange.rejection)).toEqual(['public_key'])
  })

  it('refuses a subject the trust does not name', async () => {
    const strict = await startOidcFakes({
      trustedSubject: 'repo:ocir-push/other:ref:refs/heads/main'
    })
    try {
      const error = await thrownBy(
        startOidcSession({
          target: oidcTarget({
            domainUrl: strict.domainUrl,
            clientId: strict.clientId,
            clientSecret: strict.clientSecret,
            audience: ''
          }),
          source: {
            kind: 'github',
            requestUrl: strict.requestUrl,
            requestToken: strict.requestToken
          },
          send,
          onSecret: () => undefined
        })
      )
      expect(error).toBeInstanceOf(OidcExchangeRefusedError)
      expect(formatError(error)).toContain(`subject ${TESTBED_SUBJECT}`)
      expect(strict.exchanges.map(exchange => exchange.rejection)).toEqual(['subject'])
    } finally {
      await strict.close()
    }
  })
})
