// Signing in without a stored OCI secret (`auth: oidc`): the job's OIDC token is exchanged at
// the identity domain for a session token bound to a key pair made for this run; from there
// on the run signs as with an API key (./api-key.ts), renewing the session token when due.
import { AuthMethods } from '../common/constants.js'
import type { Logger } from '../common/logger.js'
import {
  createNodeSend,
  oidcTarget,
  startOidcSession,
  type OidcSettings,
  type SubjectTokenSource
} from '../oci/index.js'
import type { SignedCredentials } from './api-key.js'
import type { Settings } from './settings.js'

/** `auth: oidc` as a face reads it: the identity domain's application, where the token comes from. */
export interface OidcSignIn {
  settings: OidcSettings
  source: SubjectTokenSource
}

/** True when the settings ask to sign in through an OIDC token. */
export function usesOidc(settings: Pick<Settings, 'auth'>): boolean {
  return settings.auth.trim() === AuthMethods.Oidc
}

export interface OidcDeps {
  logger: Logger
  /** Masks each token the session gets (the OIDC token, the session tokens) as it arrives. */
  onSecret(value: string): void
  signal?: AbortSignal
}

/**
 * The settings checked and the first session token got, before anything is planned: a
 * missing `id-token: write`, a refused exchange or a wrong audience fails here.
 */
export async function startOidcCredentials(
  settings: OidcSettings,
  source: SubjectTokenSource,
  deps: OidcDeps
): Promise<SignedCredentials> {
  const target = oidcTarget(settings)
  const session = await startOidcSession({
    target,
    source,
    send: createNodeSend(),
    onSecret: value => deps.onSecret(value),
    ...(deps.signal ? { signal: deps.signal } : {})
  })
  const { iss = '(no issuer)', sub = '(no subject)' } = session.subject
  deps.logger.info(
    `Signed in to OCI with the OIDC token of ${iss} (subject ${sub}), exchanged at ` +
      `${new URL(target.domainUrl).host} for a session token valid ${Math.round(session.lifetimeSeconds / 60)} min`
  )
  return { kind: AuthMethods.Oidc, principal: session }
}
