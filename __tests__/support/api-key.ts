// The bed's API key as a job would hold it, and a login to the API-key registry made apart
// from the code under test's token source (a token from one signed request).
import { readFileSync } from 'node:fs'
import { createNodeSend, loadApiKey, requestRegistryToken } from '../../src/oci/index.js'
import { testbed } from './testbed.js'

/** A compartment of the fakes' tenancy (the fakes accept any). */
export const COMPARTMENT = 'ocid1.compartment.oc1..aaaaaaaaapikeytests'

/** The bed's key in the OCI CLI's variables, and the fakes as the OCI endpoints. */
export function ociCliEnv(): Record<string, string> {
  const bed = testbed()
  return {
    OCI_CLI_TENANCY: bed.ociTenancy,
    OCI_CLI_USER: bed.ociUser,
    OCI_CLI_FINGERPRINT: bed.ociFingerprint,
    OCI_CLI_KEY_CONTENT: privateKeyPem(),
    ...ociEndpointEnv()
  }
}

export function ociEndpointEnv(): Record<string, string> {
  const bed = testbed()
  return {
    OCIR_ARTIFACTS_ENDPOINT: bed.ociArtifacts,
    OCIR_OBJECTSTORAGE_ENDPOINT: bed.ociObjectStorage
  }
}

export function privateKeyPem(): string {
  return readFileSync(testbed().ociKeyFile, 'utf8')
}

/** `BEARER_TOKEN` and a registry token with pull rights, as Docker would log in. */
export async function apiKeyLogin(): Promise<{
  registry: string
  username: string
  token: string
}> {
  const bed = testbed()
  const ping = await fetch(`http://${bed.apiKeyRegistry}/v2/`)
  await ping.body?.cancel()
  const challenge = ping.headers.get('www-authenticate') ?? ''
  const params = Object.fromEntries(
    [...challenge.matchAll(/(\w+)="([^"]*)"/g)].map(([, key, value]) => [key, value])
  )
  const key = loadApiKey({
    tenancyOcid: bed.ociTenancy,
    userOcid: bed.ociUser,
    fingerprint: bed.ociFingerprint,
    privateKeyPem: privateKeyPem()
  })
  const { token } = await requestRegistryToken(
    { send: createNodeSend(), signer: key.signer },
    { realm: params.realm!, service: params.service! }
  )
  return { registry: bed.apiKeyRegistry, username: 'BEARER_TOKEN', token }
}
