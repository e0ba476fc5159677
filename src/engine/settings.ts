import { AuthMethods } from '../common/constants.js'

/**
 * Everything a run is asked to do, as both faces read it (action inputs, CLI flags and
 * `OCIR_*` environment). The auth token and the API key are not here: they travel only in the
 * run's credentials.
 */
export interface Settings {
  /** Region key or identifier, any case; '' when `registry` is given instead. */
  region: string
  /** Registry host that overrides the one derived from `region`; '' for none. */
  registry: string
  namespace: string
  /** Plain (`jdoe@acme.com`) or already qualified (`ns/jdoe@acme.com`). */
  username: string
  /** '' for none; `oracleidentitycloudservice` or an identity domain name. */
  identityDomain: string
  /** '' means log in only. See `parseImageSource` for the accepted forms. */
  image: string
  /** Target repository under the namespace; '' means derive it from `image`. */
  repository: string
  /** Tag rules, one per entry (metadata-action syntax); empty means the default rules. */
  tags: string[]
  /** Flavor lines (`latest=auto`, `prefix=…`, `suffix=…`). */
  flavor: string[]
  /** Label lines (`key=value`, metadata-action syntax) added to or overriding the OCI set. */
  labels: string[]
  /** Annotation lines, as `labels`; each is output once per level (`manifest:key=value`). */
  annotations: string[]
  /** Push the image without a tag, for a later `mergeDigests` run to join (matrix builds). */
  pushByDigest: boolean
  /** `sha256:…` digests of images already in `repository` to join into one index; empty for none. */
  mergeDigests: string[]
  /** false: compute and report everything, touch no network. */
  push: boolean
  /** Remove the stored credentials when the job (or CLI invocation) ends. */
  logout: boolean
  /** `auth-token`, `api-key` or `oidc` as written ('' for the default); the plan checks it. */
  auth: string
  /** OCID of the compartment to ensure the repository in before pushing; '' for none. */
  compartment: string
  /** `private` or `public` as written ('' for the default); the plan checks it. */
  repositoryVisibility: string
  /** A repository `compartment` creates gets immutable tags. */
  immutable: boolean
}

/** True when the settings sign OCI requests (an API key, an OIDC session) rather than send an auth token. */
export function signsRequests(settings: Pick<Settings, 'auth'>): boolean {
  const auth = settings.auth.trim()
  return auth === AuthMethods.ApiKey || auth === AuthMethods.Oidc
}
