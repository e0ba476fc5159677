// `--auth oidc` as the CLI takes it: the domain and client from flags or variables, the client
// secret from a variable only (never a flag value, which process listings show), and the OIDC
// token from OCIR_OIDC_TOKEN, or in a GitHub Actions job from GitHub's token service.
import {
  GitHubOidcVariables,
  Inputs,
  OIDC_TOKEN_VARIABLE,
  envNameFor
} from '../common/constants.js'
import type { OidcSignIn } from '../engine/oidc.js'
import { gitHubTokenSource } from '../oci/index.js'
import type { Environment, RunRequest } from './args.js'

export function readOidc(request: Pick<RunRequest, 'oidc'>, env: Environment): OidcSignIn {
  const variable = (name: string): string => env[name]?.trim() ?? ''
  const given = variable(OIDC_TOKEN_VARIABLE)
  const requestUrl = variable(GitHubOidcVariables.RequestUrl)
  const requestToken = variable(GitHubOidcVariables.RequestToken)
  return {
    settings: { ...request.oidc, clientSecret: variable(envNameFor(Inputs.OidcClientSecret)) },
    source:
      !given && env.GITHUB_ACTIONS === 'true'
        ? gitHubTokenSource(requestUrl, requestToken)
        : { kind: 'given', token: given }
  }
}

/** What the console masks before anything is sent: the client secret and the tokens. */
export function oidcSecrets({ settings, source }: OidcSignIn): string[] {
  const tokens = source.kind === 'github' ? [source.requestToken ?? ''] : [source.token]
  return [settings.clientSecret, ...tokens].filter(Boolean)
}
