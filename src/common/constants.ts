/** Names that users and tests depend on: action inputs, outputs, post-step state, CLI environment. */

export const Inputs = {
  Region: 'region',
  Registry: 'registry',
  Namespace: 'namespace',
  Username: 'username',
  IdentityDomain: 'identity-domain',
  AuthToken: 'auth-token',
  Image: 'image',
  Repository: 'repository',
  Tags: 'tags',
  Flavor: 'flavor',
  Labels: 'labels',
  Annotations: 'annotations',
  PushByDigest: 'push-by-digest',
  MergeDigests: 'merge-digests',
  Push: 'push',
  Logout: 'logout',
  Summary: 'summary',
  Auth: 'auth',
  TenancyOcid: 'tenancy-ocid',
  UserOcid: 'user-ocid',
  Fingerprint: 'fingerprint',
  PrivateKey: 'private-key',
  PrivateKeyPassphrase: 'private-key-passphrase',
  Compartment: 'compartment',
  RepositoryVisibility: 'repository-visibility',
  Immutable: 'immutable',
  OidcDomainUrl: 'oidc-domain-url',
  OidcClientId: 'oidc-client-id',
  OidcClientSecret: 'oidc-client-secret',
  OidcAudience: 'oidc-audience'
} as const
export type InputName = (typeof Inputs)[keyof typeof Inputs]

export const Outputs = {
  Registry: 'registry',
  Username: 'username',
  Repository: 'repository',
  Tags: 'tags',
  PullReference: 'pull-reference',
  Digest: 'digest',
  PinnedReference: 'pinned-reference',
  Version: 'version',
  Labels: 'labels',
  Annotations: 'annotations',
  RepositoryOcid: 'repository-ocid',
  Json: 'json'
} as const
export type OutputName = (typeof Outputs)[keyof typeof Outputs]

/** What the main step leaves for the post step (GITHUB_STATE). */
export const State = {
  Registry: 'registry',
  DockerConfig: 'docker-config',
  CreatedDockerConfig: 'created-docker-config',
  Logout: 'logout',
  KeptDockerConfig: 'kept-docker-config'
} as const

/** The CLI's environment variable for an input: `identity-domain` → `OCIR_IDENTITY_DOMAIN`. */
export function envNameFor(input: InputName): string {
  return `OCIR_${input.toUpperCase().replace(/-/g, '_')}`
}

/** How the registry is signed in to (the `auth` input). */
export const AuthMethods = { AuthToken: 'auth-token', ApiKey: 'api-key', Oidc: 'oidc' } as const
export type AuthMethod = (typeof AuthMethods)[keyof typeof AuthMethods]

/** The username Docker presents a registry bearer token under (the token is the password). */
export const BEARER_TOKEN_USERNAME = 'BEARER_TOKEN'

/**
 * The OCI CLI's variables, which CI setups for OCI already hold: the API key settings fall
 * back to them (`OCI_CLI_KEY_FILE`: the CLI face only, which may read files).
 */
export const OciCliVariables = {
  Tenancy: 'OCI_CLI_TENANCY',
  User: 'OCI_CLI_USER',
  Fingerprint: 'OCI_CLI_FINGERPRINT',
  KeyContent: 'OCI_CLI_KEY_CONTENT',
  KeyFile: 'OCI_CLI_KEY_FILE',
  Passphrase: 'OCI_CLI_PASSPHRASE',
  Region: 'OCI_CLI_REGION'
} as const

/** The CLI's variables for the private key and its passphrase (no flag carries either). */
export const PRIVATE_KEY_VARIABLE = 'OCIR_PRIVATE_KEY'
export const PRIVATE_KEY_PASSPHRASE_VARIABLE = 'OCIR_PRIVATE_KEY_PASSPHRASE'

/**
 * What a GitHub job with `permissions: id-token: write` gets: where to ask for its OIDC token,
 * and the bearer to ask with (a secret).
 */
export const GitHubOidcVariables = {
  RequestUrl: 'ACTIONS_ID_TOKEN_REQUEST_URL',
  RequestToken: 'ACTIONS_ID_TOKEN_REQUEST_TOKEN'
} as const

/** The CLI's variable for an OIDC token of another CI (GitLab's `id_tokens`, CircleCI's). */
export const OIDC_TOKEN_VARIABLE = 'OCIR_OIDC_TOKEN'

/** The action's variable for an input, as the runner sets it (`INPUT_AUTH-TOKEN`). */
function actionVariable(input: InputName): string {
  return `INPUT_${input.toUpperCase()}`
}

/**
 * Every variable a secret arrives in: the auth token, the private key and its passphrase, the
 * OIDC client secret, under the action's names (with `-`, and with `_` as some runners write
 * them), the CLI's and the OCI CLI's; the OIDC tokens and the bearer GitHub's is asked with.
 */
export const SECRET_VARIABLES: readonly string[] = [
  envNameFor(Inputs.AuthToken),
  ...[
    Inputs.AuthToken,
    Inputs.PrivateKey,
    Inputs.PrivateKeyPassphrase,
    Inputs.OidcClientSecret
  ].flatMap(input => [actionVariable(input), actionVariable(input).replace(/-/g, '_')]),
  PRIVATE_KEY_VARIABLE,
  PRIVATE_KEY_PASSPHRASE_VARIABLE,
  OciCliVariables.KeyContent,
  OciCliVariables.Passphrase,
  envNameFor(Inputs.OidcClientSecret),
  OIDC_TOKEN_VARIABLE,
  GitHubOidcVariables.RequestToken
]

/** `env` without any secret variable: what a child process (docker, git) may inherit. */
export function withoutAuthToken(
  env: Readonly<Record<string, string | undefined>>
): Record<string, string | undefined> {
  const copy = { ...env }
  for (const name of SECRET_VARIABLES) delete copy[name]
  return copy
}

/** What an OCIR (and any distribution) registry accepts; see DESIGN.md. */
export const TAG_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/
export const REPOSITORY_PATTERN =
  /^[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*(\/[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*)*$/
