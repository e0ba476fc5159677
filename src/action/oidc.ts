// The `auth: oidc` inputs, and where the job's OIDC token comes from: GitHub's token service,
// through the variables a job with `permissions: id-token: write` gets.
import { GitHubOidcVariables, Inputs } from '../common/constants.js'
import { usesOidc } from '../engine/oidc.js'
import type { OidcSettings, SubjectTokenSource } from '../oci/index.js'
import type { ActionEnvironment } from './environment.js'

export interface OidcInputs {
  settings: OidcSettings
  source: SubjectTokenSource
}

/** The OIDC inputs; the client secret (and, with `auth: oidc`, the request token) masked. */
export function readOidcInputs(environment: ActionEnvironment): OidcInputs {
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
    source: {
      kind: 'github',
      ...(requestUrl ? { requestUrl } : {}),
      ...(requestToken ? { requestToken } : {})
    }
  }
}
