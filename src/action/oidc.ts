// The `auth: oidc` inputs, and where the job's OIDC token comes from: GitHub's token service,
// through the variables a job with `permissions: id-token: write` gets.
import { GitHubOidcVariables, Inputs } from '../common/constants.js'
import { usesOidc, type OidcSignIn } from '../engine/oidc.js'
import { gitHubTokenSource } from '../oci/index.js'
import type { ActionEnvironment } from './environment.js'

/** The OIDC inputs; the client secret (and, with `auth: oidc`, the request token) masked. */
export function readOidcInputs(environment: ActionEnvironment): OidcSignIn {
  const clientSecret = environment.getInput(Inputs.OidcClientSecret)
  if (clientSecret) environment.setSecret(clientSecret)
  const requestUrl = environment.env[GitHubOidcVariables.RequestUrl]
  const requestToken = environment.env[GitHubOidcVariables.RequestToken]
  if (requestToken && usesOidc({ auth: environment.getInput(Inputs.Auth) })) {
    environment.setSecret(requestToken)
  }
  return {
    settings: {
      domainUrl: environment.getInput(Inputs.OidcDomainUrl),
      clientId: environment.getInput(Inputs.OidcClientId),
      clientSecret,
      audience: environment.getInput(Inputs.OidcAudience)
    },
    source: gitHubTokenSource(requestUrl, requestToken)
  }
}
