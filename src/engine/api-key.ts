// Signing in with an OCI API key: the key loaded and checked, the namespace looked up, the
// repository ensured, and registry bearer tokens got by signed requests. OCI's failures carry
// their fix and the input at fault already (src/oci/errors.ts).
import { AuthMethods, Inputs } from '../common/constants.js'
import { InputError } from '../common/errors.js'
import type { Logger } from '../common/logger.js'
import {
  ARTIFACTS_ENDPOINT_VARIABLE,
  artifactsEndpoint,
  createNodeSend,
  ensureRepository,
  loadApiKey,
  lookUpNamespace,
  OBJECT_STORAGE_ENDPOINT_VARIABLE,
  objectStorageEndpoint,
  requestRegistryToken,
  type ApiKey,
  type ApiKeySettings,
  type EndpointEnvironment,
  type OciClient
} from '../oci/index.js'
import type { Region } from '../ocir/index.js'
import type { Credentials, TokenSource } from '../registry/credentials.js'
import { ociRegionOf } from './plan.js'
import type { Settings } from './settings.js'
import type { Plan } from './types.js'

/** Signing in with an API key: no auth token; the registry token comes from a signed request. */
export interface ApiKeyCredentials {
  kind: 'api-key'
  apiKey: ApiKey
}

/** What a run signs in with: an auth token (with its username) or an API key. */
export type RunCredentials = Credentials | ApiKeyCredentials

export function isApiKey(credentials: RunCredentials): credentials is ApiKeyCredentials {
  return 'kind' in credentials && credentials.kind === 'api-key'
}

/** True when the settings ask to sign in with an API key. */
export function usesApiKey(settings: Pick<Settings, 'auth'>): boolean {
  return settings.auth.trim() === AuthMethods.ApiKey
}

/** The key, checked before anything is sent (a wrong passphrase or fingerprint fails here). */
export function loadApiKeyCredentials(settings: ApiKeySettings): ApiKeyCredentials {
  return { kind: 'api-key', apiKey: loadApiKey(settings) }
}

/** The effects the API-key steps use, besides the key. */
export interface OciDeps {
  /** Where `OCIR_ARTIFACTS_ENDPOINT` and `OCIR_OBJECTSTORAGE_ENDPOINT` are read. */
  endpointEnv: EndpointEnvironment
  logger: Logger
  signal?: AbortSignal
}

function ociClient(apiKey: ApiKey): OciClient {
  return { send: createNodeSend(), signer: apiKey.signer }
}

/**
 * True when the run looks the tenancy namespace up with its API key: none is given and the
 * run pushes (a dry run shows `<namespace>` and looks nothing up). The plan needs the answer,
 * so the faces report what is wrong with the key and the inputs read before it first.
 */
export function looksUpNamespace(settings: Settings): boolean {
  return usesApiKey(settings) && settings.push && !settings.namespace.trim()
}

/** The settings with the tenancy namespace filled in from Object Storage (see `looksUpNamespace`). */
export async function discoverNamespace(
  settings: Settings,
  credentials: ApiKeyCredentials,
  deps: OciDeps
): Promise<Settings> {
  if (!looksUpNamespace(settings)) return settings
  const endpoint = endpointFor(
    objectStorageEndpoint,
    OBJECT_STORAGE_ENDPOINT_VARIABLE,
    ociRegionOf(settings),
    deps.endpointEnv
  )
  const namespace = await lookUpNamespace(ociClient(credentials.apiKey), {
    endpoint,
    signal: deps.signal
  })
  deps.logger.info(`Namespace ${namespace} (looked up in Object Storage)`)
  return { ...settings, namespace }
}

/**
 * Makes the plan's repository exist in its compartment before anything is pushed; resolves to
 * its OCID. One that exists elsewhere or otherwise is reported, never changed.
 */
export async function ensurePlannedRepository(
  plan: Plan,
  credentials: ApiKeyCredentials,
  deps: OciDeps
): Promise<string | undefined> {
  const wanted = plan.ensureRepository
  if (!wanted) return undefined
  const endpoint = endpointFor(
    artifactsEndpoint,
    ARTIFACTS_ENDPOINT_VARIABLE,
    plan.ociRegion,
    deps.endpointEnv
  )
  const result = await ensureRepository(ociClient(credentials.apiKey), {
    endpoint,
    compartmentId: wanted.compartmentId,
    displayName: plan.repository,
    isPublic: wanted.isPublic,
    isImmutable: wanted.isImmutable,
    tenancyOcid: credentials.apiKey.tenancyOcid,
    signal: deps.signal
  })
  const { repository } = result
  switch (result.outcome) {
    case 'created':
      deps.logger.info(
        `Created ${repository.isPublic ? 'public' : 'private'}${repository.isImmutable ? ', immutable' : ''} repository ${plan.repository} (${repository.id})`
      )
      break
    case 'found':
      deps.logger.info(`Repository ${plan.repository} exists (${repository.id})`)
      break
    case 'differs':
      deps.logger.warning(
        `Repository ${plan.repository} exists and is left as it is: ${result.differences
          .map(
            difference => `${difference.property} is ${difference.actual}, not ${difference.wanted}`
          )
          .join('; ')}`,
        'Repository not as asked'
      )
  }
  return repository.id
}

/** Registry tokens by a signed GET of the realm (the registry client masks each as it arrives). */
export function signedTokenSource(apiKey: ApiKey): TokenSource {
  return async ({ realm, service, scopes, send }) => {
    const issued = await requestRegistryToken(
      { send, signer: apiKey.signer },
      {
        realm,
        service,
        scopes
      }
    )
    return issued
  }
}

/** An OCI service's endpoint in the region; without one, only its override variable can say. */
function endpointFor(
  endpoint: (region: string, realmDomain: string, env: EndpointEnvironment) => string,
  variable: string,
  region: Region | undefined,
  env: EndpointEnvironment
): string {
  if (!region && !env[variable]?.trim()) {
    throw new InputError(Inputs.Region, "names no OCI region, and OCI's APIs are regional", {
      fix: `Set ${Inputs.Region} to the registry's region (fra, eu-frankfurt-1), or ${variable} to the service's URL`
    })
  }
  return endpoint(region?.identifier ?? '', region?.realmDomain ?? '', env)
}
