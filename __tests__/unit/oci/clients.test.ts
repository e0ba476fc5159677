// The OCI clients against the loopback fakes, which check signatures as OCI does.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { createPublicKey, generateKeyPairSync, verify, X509Certificate } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startOciFakes } from '../../../scripts/oci-fakes.mjs'
import type { OciFakes } from '../../../scripts/oci-fakes.mjs'
import { ensureRepository, RepositoryNameTakenError } from '../../../src/oci/artifacts.js'
import type { OciClient } from '../../../src/oci/client.js'
import {
  OciClockSkewError,
  OciNotAuthenticatedError,
  OciNotAuthorizedOrNotFoundError,
  OciServiceError,
  OciUnexpectedResponseError
} from '../../../src/oci/errors.js'
import { createNodeSend } from '../../../src/oci/http.js'
import { lookUpNamespace } from '../../../src/oci/object-storage.js'
import { requestRegistryToken } from '../../../src/oci/registry-token.js'
import { apiKeyId, createRequestSigner } from '../../../src/oci/signer.js'
import type { RequestSigner } from '../../../src/oci/signer.js'

const TENANCY = 'ocid1.tenancy.oc1..aaaatenancy'
const COMPARTMENT = 'ocid1.compartment.oc1..aaaaproject'
const OTHER_COMPARTMENT = 'ocid1.compartment.oc1..aaaaother'
const keyId = apiKeyId({
  tenancyOcid: TENANCY,
  userOcid: 'ocid1.user.oc1..aaaauser',
  fingerprint: 'aa:bb'
})
const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
const signer = createRequestSigner({ keyId, privateKey })
const send = createNodeSend({ timeoutMs: 5_000 })
const client: OciClient = { send, signer }

let fakes: OciFakes
beforeAll(async () => {
  fakes = await startOciFakes({
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    keyId
  })
})
afterAll(async () => {
  await fakes.close()
})
beforeEach(() => {
  fakes.requests.length = 0
})

function thrownBy(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection')
    },
    (error: unknown) => error
  )
}

describe('lookUpNamespace', () => {
  it("reads the tenancy's namespace from Object Storage", async () => {
    await expect(lookUpNamespace(client, { endpoint: fakes.objectStorageUrl })).resolves.toBe(
      'axaxnpcrorw5'
    )
    expect(fakes.requests).toMatchObject([
      { service: 'objectstorage', method: 'GET', target: '/n/', status: 200 }
    ])
  })

  it('refuses an answer that is not a JSON string', async () => {
    const html: OciClient = {
      signer,
      send: async () => ({ status: 200, headers: new Headers(), text: async () => '<html>' })
    }
    await expect(
      lookUpNamespace(html, { endpoint: 'https://objectstorage.test' })
    ).rejects.toBeInstanceOf(OciUnexpectedResponseError)
  })
})

describe('ensureRepository', () => {
  const ensure = (
    displayName: string,
    more: Partial<Parameters<typeof ensureRepository>[1]> = {}
  ) =>
    ensureRepository(client, {
      endpoint: fakes.artifactsUrl,
      compartmentId: COMPARTMENT,
      displayName,
      ...more
    })

  it('creates a missing repository, private and mutable unless asked, with a retry token', async () => {
    const result = await ensure('project/created')
    expect(result).toMatchObject({
      outcome: 'created',
      repository: {
        displayName: 'project/created',
        compartmentId: COMPARTMENT,
        isPublic: false,
        isImmutable: false
      }
    })
    expect(fakes.repositories.map(repository => repository.displayName)).toContain(
      'project/created'
    )
    const create = fakes.requests.find(request => request.method === 'POST')
    expect(create?.headers['opc-retry-token']).toMatch(/^[0-9a-f-]{36}$/)
    expect(create?.status).toBe(200)
  })

  it('finds an existing repository on a later page, and leaves it as it is', async () => {
    fakes.addRepository({ compartmentId: COMPARTMENT, displayName: 'project/first' })
    const second = fakes.addRepository({
      compartmentId: COMPARTMENT,
      displayName: 'project/second',
      isPublic: true
    })
    fakes.requests.length = 0
    const result = await ensure('project/second', { isPublic: true })
    expect(result).toEqual({ outcome: 'found', repository: second })
    const pages = fakes.requests.map(request =>
      new URL(request.target, 'http://x').searchParams.get('page')
    )
    expect(pages[0]).toBeNull()
    expect(pages.length).toBeGreaterThanOrEqual(2)
    expect(pages.at(-1)).not.toBeNull()
    expect(fakes.requests.every(request => request.method === 'GET')).toBe(true)
  })

  it('finds the repository a parallel job created between lookup and create (409)', async () => {
    fakes.simulateParallelCreate()
    const result = await ensure('project/raced')
    expect(result).toMatchObject({ outcome: 'found', repository: { displayName: 'project/raced' } })
    expect(
      fakes.requests.filter(request => request.method === 'POST').map(request => request.status)
    ).toEqual([409])
  })

  it('reports a repository of that name in another compartment, unchanged', async () => {
    const elsewhere = fakes.addRepository({
      compartmentId: OTHER_COMPARTMENT,
      displayName: 'project/elsewhere'
    })
    const result = await ensure('project/elsewhere', { tenancyOcid: TENANCY })
    expect(result).toEqual({
      outcome: 'differs',
      repository: elsewhere,
      differences: [{ property: 'compartmentId', wanted: COMPARTMENT, actual: OTHER_COMPARTMENT }]
    })
    expect(
      fakes.repositories.filter(repository => repository.displayName === 'project/elsewhere')
    ).toHaveLength(1)
  })

  it('the fake answers a create retried with the same opc-retry-token with the first repository', async () => {
    const url = new URL(`${fakes.artifactsUrl}/20160918/container/repositories`)
    const body = Buffer.from(
      JSON.stringify({ compartmentId: COMPARTMENT, displayName: 'project/retried' })
    )
    const create = async () => {
      const headers = { 'content-type': 'application/json', 'opc-retry-token': 'retry-1' }
      const response = await send({
        method: 'POST',
        url,
        body,
        headers: { ...headers, ...signer({ method: 'POST', url, headers, body }) }
      })
      return {
        status: response.status,
        id: (JSON.parse(await response.text()) as { id: string }).id
      }
    }
    const first = await create()
    await expect(create()).resolves.toEqual(first)
    expect(first.status).toBe(200)
  })

  it('says where to look when the name is taken in a compartment it cannot search', async () => {
    fakes.addRepository({ compartmentId: OTHER_COMPARTMENT, displayName: 'project/unknown-where' })
    const error = await thrownBy(ensure('project/unknown-where'))
    expect(error).toBeInstanceOf(RepositoryNameTakenError)
    expect(error).toMatchObject({
      status: 409,
      code: 'NamespaceConflict',
      displayName: 'project/unknown-where'
    })
    expect((error as RepositoryNameTakenError).fix).toContain('tenancy-ocid')
  })

  it('reports other visibility and immutability, unchanged', async () => {
    const existing = fakes.addRepository({
      compartmentId: COMPARTMENT,
      displayName: 'project/public',
      isPublic: true
    })
    const result = await ensure('project/public', { isPublic: false, isImmutable: true })
    expect(result).toEqual({
      outcome: 'differs',
      repository: existing,
      differences: [
        { property: 'isPublic', wanted: false, actual: true },
        { property: 'isImmutable', wanted: true, actual: false }
      ]
    })
    expect(existing.isPublic).toBe(true)
  })

  it('names the policy when the compartment is not visible (404 NotAuthorizedOrNotFound)', async () => {
    const hidden = 'ocid1.compartment.oc1..aaaahidden'
    fakes.denyCompartment(hidden)
    const error = await thrownBy(ensure('project/hidden', { compartmentId: hidden }))
    expect(error).toBeInstanceOf(OciNotAuthorizedOrNotFoundError)
    expect(error).toMatchObject({
      status: 404,
      code: 'NotAuthorizedOrNotFound',
      policy: `Allow group <group> to manage repos in compartment id ${hidden}`
    })
    expect((error as Error & { fix: string }).fix).toContain(
      `manage repos in compartment id ${hidden}`
    )
  })
})

describe('what the fakes refuse, as OCI does', () => {
  const ensure = (signed: OciClient) =>
    ensureRepository(signed, {
      endpoint: fakes.artifactsUrl,
      compartmentId: COMPARTMENT,
      displayName: 'project/x'
    })

  it('a signature by another key: NotAuthenticated, with the request id, without the signature', async () => {
    const otherKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey
    const error = await thrownBy(
      ensure({ send, signer: createRequestSigner({ keyId, privateKey: otherKey }) })
    )
    expect(error).toBeInstanceOf(OciNotAuthenticatedError)
    expect(error).toBeInstanceOf(OciServiceError)
    expect(error).toMatchObject({
      status: 401,
      code: 'NotAuthenticated',
      method: 'GET',
      setting: 'fingerprint'
    })
    expect((error as OciServiceError).opcRequestId).toMatch(/^[0-9A-F]{32}$/)
    expect(fakes.requests[0]?.rejection).toBe('signature does not verify')
    const signature = /signature="([^"]+)"/.exec(
      String(fakes.requests[0]?.headers.authorization)
    )?.[1]
    expect(
      JSON.stringify({ ...(error as object), message: (error as Error).message })
    ).not.toContain(signature)
  })

  it('a date 6 minutes behind: the clock skew, stated', async () => {
    const error = await thrownBy(
      ensure({ ...client, now: () => new Date(Date.now() - 6 * 60_000) })
    )
    expect(error).toBeInstanceOf(OciClockSkewError)
    const skew = (error as OciClockSkewError).skewSeconds ?? 0
    expect(Math.abs(skew - 360)).toBeLessThanOrEqual(2)
    expect((error as Error).message).toMatch(
      // OCI's Date header has whole seconds.
      /the local clock is (5 min 5\d|6 min [0-2]) s behind OCI's/
    )
    expect((error as OciClockSkewError).detail).toContain('is not within allowed clock skew')
    expect(fakes.requests[0]?.rejection).toBe('clock skew')
  })

  it('a date 4 minutes ahead: accepted', async () => {
    await expect(
      lookUpNamespace(
        { ...client, now: () => new Date(Date.now() + 4 * 60_000) },
        { endpoint: fakes.objectStorageUrl }
      )
    ).resolves.toBe('axaxnpcrorw5')
  })

  it.each([
    ['a signed header not sent', 'x-content-sha256', 'x-content-sha256 signed but not sent'],
    ['a required header not signed', 'authorization', 'x-content-sha256 not signed']
  ])('%s: NotAuthenticated', async (_name, tampered, rejection) => {
    const tamper: RequestSigner = request => {
      const headers = signer(request)
      if (tampered === 'authorization') {
        headers.authorization = headers.authorization.replace(' x-content-sha256"', '"')
      } else {
        delete headers[tampered]
      }
      return headers
    }
    const error = await thrownBy(ensure({ send, signer: tamper }))
    expect(error).toBeInstanceOf(OciNotAuthenticatedError)
    expect(fakes.requests.find(request => request.method === 'POST')?.rejection).toBe(rejection)
  })
})

describe('requestRegistryToken', () => {
  it('gets a registry token with a signed request, for the scopes asked', async () => {
    const scopes = [
      'repository:axaxnpcrorw5/project/app:pull,push',
      'repository:axaxnpcrorw5/base:pull'
    ]
    const result = await requestRegistryToken(client, {
      realm: fakes.tokenRealm,
      service: 'fra.ocir.io',
      scopes
    })
    expect(result.expiresInSeconds).toBe(300)
    const claims = JSON.parse(
      Buffer.from(result.token.split('.')[1] ?? '', 'base64url').toString()
    ) as Record<string, unknown>
    expect(claims).toMatchObject({
      aud: 'fra.ocir.io',
      sub: 'ocid1.user.oc1..aaaauser',
      access: [
        { type: 'repository', name: 'axaxnpcrorw5/project/app', actions: ['pull', 'push'] },
        { type: 'repository', name: 'axaxnpcrorw5/base', actions: ['pull'] }
      ]
    })
    const target = new URL(fakes.requests[0]?.target ?? '', 'http://x')
    expect(target.searchParams.getAll('scope')).toEqual(scopes)
  })

  it('takes its own token back as Docker presents it (BEARER_TOKEN)', async () => {
    const { token } = await requestRegistryToken(client, {
      realm: fakes.tokenRealm,
      service: 'fra.ocir.io'
    })
    const url = new URL(`${fakes.tokenRealm}?service=fra.ocir.io&scope=repository:ns/app:pull`)
    const basic = (secret: string) => ({
      authorization: `Basic ${Buffer.from(`BEARER_TOKEN:${secret}`).toString('base64')}`
    })
    const accepted = await send({ method: 'GET', url, headers: basic(token) })
    expect(accepted.status).toBe(200)
    const refused = await send({ method: 'GET', url, headers: basic('not-a-token') })
    expect(refused.status).toBe(401)
    expect(JSON.parse(await refused.text())).toMatchObject({ code: 'NotAuthenticated' })
  })

  it("signs the JWT with the issuer's key and carries its certificate (x5c), as the test bed's registry trusts", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'oci-fakes-'))
    try {
      execFileSync(
        'openssl',
        [
          'req',
          '-x509',
          '-newkey',
          'rsa:2048',
          '-nodes',
          '-days',
          '1',
          '-subj',
          '/CN=token-issuer',
          '-keyout',
          join(dir, 'key.pem'),
          '-out',
          join(dir, 'cert.pem')
        ],
        { stdio: 'ignore' }
      )
      const cert = readFileSync(join(dir, 'cert.pem'), 'utf8')
      const issuing = await startOciFakes({
        publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
        tokenIssuer: {
          key: readFileSync(join(dir, 'key.pem'), 'utf8'),
          cert,
          issuer: 'test-issuer',
          service: '127.0.0.1:5000'
        }
      })
      try {
        const { token } = await requestRegistryToken(client, {
          realm: issuing.tokenRealm,
          service: 'ignored'
        })
        const [header, claims, signature] = token.split('.') as [string, string, string]
        const decode = (part: string) =>
          JSON.parse(Buffer.from(part, 'base64url').toString()) as Record<string, unknown>
        expect(decode(header)).toEqual({
          alg: 'RS256',
          typ: 'JWT',
          x5c: [new X509Certificate(cert).raw.toString('base64')]
        })
        expect(decode(claims)).toMatchObject({ iss: 'test-issuer', aud: '127.0.0.1:5000' })
        const publicOfCert = createPublicKey(cert)
        expect(
          verify(
            'sha256',
            Buffer.from(`${header}.${claims}`),
            publicOfCert,
            Buffer.from(signature, 'base64url')
          )
        ).toBe(true)
      } finally {
        await issuing.close()
      }
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
