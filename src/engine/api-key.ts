// Signing in with OCI request signatures, by an API key (loaded and checked here) or by a
// session token got through an OIDC token (./oidc.ts): the namespace looked up, the repository
// ensured, and registry bearer tokens got by signed requests. OCI's failures carry their fix
// and the input at fault already (src/oci/errors.ts).
import { AuthMethods, Inputs } from '../common/constants.js'
import { InputError } from '../common/errors.js'
import type { Logger } from '../common/logger.js'
import {
  apiKeyPrincipal,
  ARTIFACTS_ENDPOINT_VARIABLE,
  artifactsEndpoint,
  createNodeSend,
  ensureRepository,
  loadApiKey,
  lookUpNamespace,
  OBJECT_STORAGE_ENDPOINT_VARIABLE,
  objectStorageEndpoint,
  requestRegistryToken,
  type ApiKeySettings,
  type EndpointEnvironment,
  type OciClient,
  type OciPrincipal
} from '../oci/index.js'
import type { Region } from '../ocir/index.js'
import type { Credentials, TokenSource } from '../registry/credentials.js'
import { ociRegionOf } from './plan.js'
import { signsRequests, type Settings } from './settings.js'
import type { Plan } from './types.js'

/**
 * Signing in with OCI request signatures (`auth: api-key`, `auth: oidc`): no auth token; the
 * registry token comes from a signed request.
 */
export interface SignedCredentials {
  kind: typeof AuthMethods.ApiKey | typeof AuthMethods.Oidc
  principal: OciPrincipal
}

/** What a run signs in with: an auth token (with its username) or OCI request signatures. */
export type RunCredentials = Credentials | SignedCredentials

export function isSigned(credentials: RunCredentials): credentials is SignedCredentials {
  return 'kind' in credentials
}

/** True when the settings ask to sign in with an API key. */
export function usesApiKey(settings: Pick<Settings, 'auth'>): boolean {
  return settings.auth.trim() === AuthMethods.ApiKey
}

/** The key, checked before anything is sent (a wrong passphrase or fingerprint fails here). */
export function loadApiKeyCredentials(settings: ApiKeySettings): SignedCredentials {
  return { kind: AuthMethods.ApiKey, principal: apiKeyPrincipal(loadApiKey(settings)) }
}

/** The effects the signed steps use, besides the credentials. */
export interface OciDeps {
  /** Where `OCIR_ARTIFACTS_ENDPOINT` and `OCIR_OBJECTSTORAGE_ENDPOINT` are read. */
  endpointEnv: EndpointEnvironment
  logger: Logger
  signal?: AbortSignal
}

/** A client that signs as the principal does now (a session token renewed when due). */
async function ociClient(principal: OciPrincipal): Promise<OciClient> {
  return {
    send: createNodeSend(),
    signer: await principal.signer(),
    credential: principal.credential
  }
}

/**
 * True when the run looks the tenancy namespace up with signed requests: none is given and
 * the run pushes (a dry run shows `<namespace>` and looks nothing up). The plan needs the
 * answer, so the faces report what is wrong with the key and the inputs read before it first.
 */
export function looksUpNamespace(settings: Settings): boolean {
  return signsRequests(settings) && settings.push && !settings.namespace.trim()
}

/** The settings with the tenancy namespace filled in from Object Storage (see `looksUpNamespace`). */
export async function discoverNamespace(
  settings: Settings,
  credentials: SignedCredentials,
  deps: OciDeps
): Promise<Settings> {
  if (!looksUpNamespace(settings)) return settings
  const endpoint = endpointFor(
    objectStorageEndpoint,
    OBJECT_STORAGE_ENDPOINT_VARIABLE,
    ociRegionOf(settings),
    deps.endpointEnv
  )
  const namespace = await lookUpNamespace(await ociClient(credentials.principal), {
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
  credentials: SignedCredentials,
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
  const { principal } = credentials
  const result = await ensureRepository(await ociClient(principal), {
    endpoint,
    compartmentId: wanted.compartmentId,
    displayName: plan.repository,
    isPublic: wanted.isPublic,
    isImmutable: wanted.isImmutable,
    ...(principal.tenancyOcid ? { tenancyOcid: principal.tenancyOcid } : {}),
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
export function signedTokenSource(principal: OciPrincipal): TokenSource {
  return async ({ realm, service, scopes, send }) =>
    requestRegistryToken(
      { send, signer: await principal.signer(), credential: principal.credential },
      { realm, service, scopes }
    )
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
