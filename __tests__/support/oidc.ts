// The bed's OIDC fakes as a job sees them: GitHub's token service through the variables a job
// with `id-token: write` gets, the identity domain's application, and a token minted the way
// another CI would hand one over.
import { ociEndpointEnv } from './api-key.js'
import { testbed } from './testbed.js'

/** What a GitHub job with `permissions: id-token: write` has. */
export function githubOidcEnv(): Record<string, string> {
  const bed = testbed()
  return {
    ACTIONS_ID_TOKEN_REQUEST_URL: bed.oidcRequestUrl,
    ACTIONS_ID_TOKEN_REQUEST_TOKEN: bed.oidcRequestToken
  }
}

/** The action's inputs for auth: oidc against the bed's identity domain. */
export function oidcInputs(): Record<string, string> {
  const bed = testbed()
  return {
    auth: 'oidc',
    'oidc-domain-url': bed.oidcDomain,
    'oidc-client-id': bed.oidcClientId,
    'oidc-client-secret': bed.oidcClientSecret
  }
}

/** The CLI's settings for --auth oidc as variables (the client secret can only be one), and the OCI fakes. */
export function oidcCliEnv(): Record<string, string> {
  const bed = testbed()
  return {
    OCIR_AUTH: 'oidc',
    OCIR_OIDC_DOMAIN_URL: bed.oidcDomain,
    OCIR_OIDC_CLIENT_ID: bed.oidcClientId,
    OCIR_OIDC_CLIENT_SECRET: bed.oidcClientSecret,
    ...ociEndpointEnv()
  }
}

/** An OIDC token of the fake job for `audience`, as GitLab's id_tokens would hand one over. */
export async function mintOidcToken(audience = testbed().oidcDomain): Promise<string> {
  const bed = testbed()
  const url = new URL(bed.oidcRequestUrl)
  url.searchParams.set('audience', audience)
  const answer = await fetch(url, { headers: { authorization: `Bearer ${bed.oidcRequestToken}` } })
  if (answer.status !== 200) throw new Error(`the bed's OIDC issuer answered ${answer.status}`)
  return ((await answer.json()) as { value: string }).value
}
