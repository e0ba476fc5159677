import type { KeyObject } from 'node:crypto'

export const GITHUB_ISSUER: string
export const ID_TOKEN_PATH: string
export const TOKEN_EXCHANGE_PATH: string
export const TESTBED_SUBJECT: string
export const TESTBED_OIDC_USER: string

export interface IdTokenRequest {
  /** The `audience` query parameter, as asked. */
  audience: string | null
  status: number
  /** Why it was refused: `bearer`, `no audience`. */
  rejection?: string
}

export interface Exchange {
  status: number
  /** The form fields (the subject token itself shown as `(token)`). */
  fields?: Record<string, string | null>
  /** The OIDC token's `sub` and `aud`, once it verified. */
  subject?: string
  audience?: string | string[]
  /** The `public_key` field of an exchange that succeeded. */
  publicKey?: string
  /** Why it was refused: `client`, `public_key`, `audience`, `subject`, or the domain's words. */
  rejection?: string
}

export interface OidcFakes {
  /** ACTIONS_ID_TOKEN_REQUEST_URL of the fake job (`…/idtoken?api-version=2.0`). */
  requestUrl: string
  /** ACTIONS_ID_TOKEN_REQUEST_TOKEN of the fake job. */
  requestToken: string
  /** `http://127.0.0.1:PORT`: the identity domain (its token exchange at /oauth2/v1/token). */
  domainUrl: string
  clientId: string
  /** Has shell characters. */
  clientSecret: string
  /** The `sub` and `tenant` of the session tokens the domain issues. */
  userOcid: string
  tenancyOcid: string
  /** What session tokens are signed with: give it to `startOciFakes({ sessionTokenKey })`. */
  sessionTokenKey: KeyObject
  idTokenRequests: IdTokenRequest[]
  exchanges: Exchange[]
  /** The next exchange is answered so, unchecked (a domain's refusal, a hostile answer). */
  answerNextExchange(status: number, body: unknown): void
  close(): Promise<void>
}

export function startOidcFakes(options?: {
  requestToken?: string
  clientId?: string
  clientSecret?: string
  /** The `sub` of the job's OIDC tokens (default TESTBED_SUBJECT). */
  subject?: string
  /** The only subject the domain's trust accepts (default: `subject`). */
  trustedSubject?: string
  /** The audience the domain expects (default: its own URL). */
  audience?: string
  userOcid?: string
  tenancyOcid?: string
  upstLifetimeSeconds?: number
  /** The fakes' clock. */
  now?: () => Date
}): Promise<OidcFakes>

export function readSessionToken(
  token: string,
  sessionTokenKey: KeyObject,
  now?: Date
): { publicKey: KeyObject; subject: string } | { rejection: string }
