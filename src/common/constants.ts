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
  Summary: 'summary'
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
  Json: 'json'
} as const
export type OutputName = (typeof Outputs)[keyof typeof Outputs]

/** What the main step leaves for the post step (GITHUB_STATE). */
export const State = {
  IsPost: 'isPost',
  Registry: 'registry',
  DockerConfig: 'docker-config',
  CreatedDockerConfig: 'created-docker-config',
  Logout: 'logout',
  PreviousLogin: 'previous-login'
} as const

/** The CLI's environment variable for an input: `identity-domain` → `OCIR_IDENTITY_DOMAIN`. */
export function envNameFor(input: InputName): string {
  return `OCIR_${input.toUpperCase().replace(/-/g, '_')}`
}

/** The variables the auth token arrives in (the CLI's, the action input's). */
export const AUTH_TOKEN_VARIABLES = [
  envNameFor(Inputs.AuthToken),
  `INPUT_${Inputs.AuthToken.toUpperCase()}`
] as const

/** `env` without the auth token: what a child process (docker, git) may inherit. */
export function withoutAuthToken(
  env: Readonly<Record<string, string | undefined>>
): Record<string, string | undefined> {
  const copy = { ...env }
  for (const name of AUTH_TOKEN_VARIABLES) delete copy[name]
  return copy
}

/** What an OCIR (and any distribution) registry accepts; see DESIGN.md. */
export const TAG_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/
export const REPOSITORY_PATTERN =
  /^[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*(\/[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*)*$/
