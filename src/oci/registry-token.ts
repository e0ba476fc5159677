// A registry bearer token for an API key: OCIR's token endpoint accepts an OCI-signed GET in
// place of Basic `username:auth-token`. The registry's challenge gives realm and service.
import { asRecord, parseJson, sendSigned } from './client.js'
import type { OciClient } from './client.js'

export interface RegistryTokenRequest {
  /** The challenge's realm: `https://<registry>/20180419/docker/token`. */
  realm: string
  /** The challenge's service. */
  service: string
  /** `repository:<namespace>/<repo>:pull,push`, …; none: a token that only logs in. */
  scopes?: readonly string[]
  signal?: AbortSignal
}

export interface RegistryToken {
  /** A secret: only for the registry's Authorization header or Docker's stdin. */
  token: string
  expiresInSeconds: number
}

/** The lifetime the distribution token spec assumes when an answer states none. */
const DEFAULT_EXPIRES_IN_SECONDS = 60

export async function requestRegistryToken(
  client: OciClient,
  request: RegistryTokenRequest
): Promise<RegistryToken> {
  const url = new URL(request.realm)
  url.searchParams.set('service', request.service)
  for (const scope of request.scopes ?? []) url.searchParams.append('scope', scope)
  const response = await sendSigned(client, {
    method: 'GET',
    url,
    signal: request.signal,
    access: {
      what: `get a registry token from ${url.host}`,
      policy: 'Allow group <group> to manage repos in tenancy'
    }
  })
  return parseJson(response, 'a token', readToken)
}

function readToken(value: unknown): RegistryToken | undefined {
  const answer = asRecord(value)
  // `token` is the spec's name; `access_token` the OAuth2-compatible alias some issuers send alone.
  const token = [answer?.token, answer?.access_token].find(
    (candidate): candidate is string => typeof candidate === 'string' && candidate !== ''
  )
  if (token === undefined) return undefined
  const expiresIn = answer?.expires_in
  return {
    token,
    expiresInSeconds:
      typeof expiresIn === 'number' && expiresIn > 0 ? expiresIn : DEFAULT_EXPIRES_IN_SECONDS
  }
}
