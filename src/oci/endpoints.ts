import { OciError } from './errors.js'

/** The environment the endpoint overrides are read from; the faces pass theirs in. */
export type EndpointEnvironment = Readonly<Record<string, string | undefined>>

export const ARTIFACTS_ENDPOINT_VARIABLE = 'OCIR_ARTIFACTS_ENDPOINT'
export const OBJECT_STORAGE_ENDPOINT_VARIABLE = 'OCIR_OBJECTSTORAGE_ENDPOINT'

/** An endpoint override that is not an http(s) URL. */
export class InvalidEndpointOverrideError extends OciError {
  readonly variable: string

  constructor(variable: string) {
    super(`${variable} is not an http(s) URL`, {
      fix: `Set ${variable} to the service's base URL, e.g. https://artifacts.eu-frankfurt-1.oci.oraclecloud.com, or unset it.`
    })
    this.variable = variable
  }
}

/** The Artifacts (container repositories) API's base URL, without a trailing slash. */
export function artifactsEndpoint(
  region: string,
  realmDomain: string,
  env: EndpointEnvironment
): string {
  return serviceEndpoint(
    'artifacts',
    region,
    realmDomain,
    env[ARTIFACTS_ENDPOINT_VARIABLE],
    ARTIFACTS_ENDPOINT_VARIABLE
  )
}

/** Object Storage's base URL (for the namespace lookup), without a trailing slash. */
export function objectStorageEndpoint(
  region: string,
  realmDomain: string,
  env: EndpointEnvironment
): string {
  return serviceEndpoint(
    'objectstorage',
    region,
    realmDomain,
    env[OBJECT_STORAGE_ENDPOINT_VARIABLE],
    OBJECT_STORAGE_ENDPOINT_VARIABLE
  )
}

function serviceEndpoint(
  service: string,
  region: string,
  realmDomain: string,
  override: string | undefined,
  variable: string
): string {
  if (!override?.trim()) return `https://${service}.${region}.oci.${realmDomain}`
  let url: URL
  try {
    url = new URL(override.trim())
  } catch {
    throw new InvalidEndpointOverrideError(variable)
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new InvalidEndpointOverrideError(variable)
  // A base URL that API paths are appended to: no query, no trailing slash.
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`
}
