// The signer against Oracle's own: oci-common's DefaultRequestSigner, given the same request,
// date and key, must produce the same Authorization header and the same signed headers.
import { describe, expect, it } from '@jest/globals'
import { generateKeyPairSync } from 'node:crypto'
import oci from 'oci-common'
import { apiKeyId, createRequestSigner, sessionTokenKeyId } from '../../../src/oci/signer.js'

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
const privateKeyPem = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString()
const DATE = new Date('2026-03-01T12:34:56Z')
const TENANCY = 'ocid1.tenancy.oc1..aaaaaaaatenancy'
const USER = 'ocid1.user.oc1..aaaaaaaauser'
const FINGERPRINT = '20:3b:97:13:55:1c:5b:0d:d3:37:d8:50:4e:c5:3a:34'

/** oci-common's signer with a key provider for `keyId`, like its SimpleAuthenticationDetailsProvider. */
function referenceSigner(keyId: string): oci.DefaultRequestSigner {
  const provider = {
    getKeyId: async () => keyId,
    getPrivateKey: () => privateKeyPem,
    getPassphrase: () => null
  }
  return new oci.DefaultRequestSigner(provider as unknown as oci.AuthenticationDetailsProvider)
}

/** Signs with both; returns oci-common's headers and ours. */
async function signBoth(
  keyId: string,
  request: { method: string; url: string; body?: string; contentType?: string }
): Promise<{ reference: Headers; ours: Record<string, string> }> {
  const reference = new Headers({ 'x-date': DATE.toUTCString() })
  if (request.contentType) reference.set('content-type', request.contentType)
  await referenceSigner(keyId).signHttpRequest({
    method: request.method as never,
    uri: request.url,
    headers: reference,
    body: request.body
  })
  const ours = createRequestSigner({ keyId, privateKey })({
    method: request.method,
    url: new URL(request.url),
    headers: request.contentType ? { 'Content-Type': request.contentType } : {},
    body: request.body === undefined ? undefined : Buffer.from(request.body, 'utf8'),
    now: DATE
  })
  return { reference, ours }
}

const keyId = apiKeyId({ tenancyOcid: TENANCY, userOcid: USER, fingerprint: FINGERPRINT })

describe('createRequestSigner, compared with oci-common', () => {
  it.each([
    ['GET', 'GET', 'https://objectstorage.eu-frankfurt-1.oci.oraclecloud.com/n/'],
    [
      'GET with a query',
      'GET',
      'https://artifacts.eu-frankfurt-1.oci.oraclecloud.com/20160918/container/repositories?compartmentId=ocid1.compartment.oc1..aaa&displayName=project/app&page=2'
    ],
    [
      'GET with repeated keys and characters needing encoding',
      'GET',
      "https://ocir.eu-frankfurt-1.oci.oraclecloud.com/20180419/docker/token?service=fra.ocir.io&scope=repository:ns/app:pull,push&scope=repository:ns/b c:pull&x=é&y=~!*()'&z=a%2Fb+c"
    ],
    [
      'GET on a non-ASCII path',
      'GET',
      'https://objectstorage.us-ashburn-1.oci.oraclecloud.com/n/ns/b/bücket/o/naïve file ü.txt'
    ],
    ['GET on a port', 'GET', 'https://127.0.0.1:8443/n/?'],
    ['HEAD', 'HEAD', 'https://objectstorage.eu-frankfurt-1.oci.oraclecloud.com/n/ns/b/bucket'],
    [
      'DELETE',
      'DELETE',
      'https://artifacts.eu-frankfurt-1.oci.oraclecloud.com/20160918/container/repositories/ocid1.containerrepo.oc1..x'
    ]
  ])('%s: the same Authorization and signed headers', async (_name, method, url) => {
    const { reference, ours } = await signBoth(keyId, { method, url })
    expect(ours.authorization).toBe(reference.get('authorization'))
    expect(ours.authorization).toContain('headers="x-date (request-target) host"')
    for (const [name, value] of Object.entries(ours))
      expect([name, value]).toEqual([name, reference.get(name)])
  })

  it.each([
    [
      'POST with a JSON body',
      'POST',
      JSON.stringify({ compartmentId: 'ocid1.compartment.oc1..a', displayName: 'prøject/app' })
    ],
    ['POST without a body', 'POST', undefined],
    ['PUT with an empty body', 'PUT', ''],
    ['PATCH', 'PATCH', '{"isPublic":true}']
  ])('%s: the body headers are signed the same', async (_name, method, body) => {
    const url =
      'https://artifacts.eu-frankfurt-1.oci.oraclecloud.com/20160918/container/repositories?x=1'
    const { reference, ours } = await signBoth(keyId, { method, url, body })
    expect(ours.authorization).toBe(reference.get('authorization'))
    expect(ours.authorization).toContain(
      'headers="x-date (request-target) host Content-Type Content-Length x-content-sha256"'
    )
    for (const [name, value] of Object.entries(ours))
      expect([name, value]).toEqual([name, reference.get(name)])
  })

  it('signs a content type the caller set, as oci-common does', async () => {
    const url =
      'https://artifacts.eu-frankfurt-1.oci.oraclecloud.com/20160918/container/repositories'
    const { reference, ours } = await signBoth(keyId, {
      method: 'POST',
      url,
      body: 'x',
      contentType: 'text/plain'
    })
    expect(ours['content-type']).toBe('text/plain')
    expect(ours.authorization).toBe(reference.get('authorization'))
  })

  it('signs with a session token keyId the same way', async () => {
    const sessionKeyId = sessionTokenKeyId('eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyIn0.c2ln')
    expect(sessionKeyId).toBe('ST$eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyIn0.c2ln')
    const { reference, ours } = await signBoth(sessionKeyId, {
      method: 'GET',
      url: 'https://ocir.eu-frankfurt-1.oci.oraclecloud.com/20180419/docker/token?service=x'
    })
    expect(ours.authorization).toBe(reference.get('authorization'))
    expect(ours.authorization).toContain(`keyId="${sessionKeyId}"`)
  })

  it('builds the API key keyId as tenancy/user/fingerprint', async () => {
    expect(keyId).toBe(`${TENANCY}/${USER}/${FINGERPRINT}`)
    const simple = new oci.SimpleAuthenticationDetailsProvider(
      TENANCY,
      USER,
      FINGERPRINT,
      privateKeyPem,
      null
    )
    expect(await simple.getKeyId()).toBe(keyId)
  })
})
