// The token exchange of an OCI identity domain: an OIDC token (the subject token) and the
// public half of a key pair made for this run, for a user principal session token (UPST)
// bound to that key. The confidential application that trusts the OIDC issuer authenticates
// with Basic client id and secret; the key pair lives in memory only.
import { generateKeyPair } from 'node:crypto'
import { promisify } from 'node:util'
import type { KeyObject } from 'node:crypto'
import { Inputs } from '../common/constants.js'
import { withoutSecrets } from '../common/text.js'
import { OciError, OciRequestError } from './errors.js'
import type { OciRequestFacts } from './errors.js'
import { describeUrl } from './http.js'
import { readJwtClaims } from './jwt.js'
import type { JwtClaims } from './jwt.js'
import { MAX_QUOTED_ANSWER, OidcUnexpectedAnswerError, parseObject } from './oidc-token.js'
import type { SubjectToken, TokenRequest } from './oidc-token.js'

/** The settings of `auth: oidc`; the client secret is a secret. */
export interface OidcSettings {
  /** The identity domain's URL: `https://idcs-….identity.oraclecloud.com`. */
  domainUrl: string
  clientId: string
  clientSecret: string
  /** The audience the OIDC token is asked for; '' for the domain's URL. */
  audience: string
}

/**
 * The settings checked (by `oidcTarget`): `domainUrl` without a trailing slash
 * (`/oauth2/v1/token` is appended), `audience` never empty.
 */
export type OidcTarget = OidcSettings

/** A session token (a secret) and what is known of it. */
export interface SessionToken {
  token: string
  /** How long it is valid from when it was issued (its `exp` minus its `iat`). */
  lifetimeSeconds: number
  claims: JwtClaims
}

const TOKEN_EXCHANGE_PATH = '/oauth2/v1/token'
const GRANT_TYPE = 'urn:ietf:params:oauth:grant-type:token-exchange'
const REQUESTED_TOKEN_TYPE = 'urn:oci:token-type:oci-upst'
/** Only a loopback domain (a test's) may be plain http: the client secret travels to it. */
const LOOPBACK_HOST = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/

/** A required setting is empty. */
export class MissingOidcSettingError extends OciError {
  constructor(setting: 'oidc-domain-url' | 'oidc-client-id' | 'oidc-client-secret') {
    super(`is required with auth: oidc`, {
      setting,
      fix:
        setting === Inputs.OidcDomainUrl
          ? `Set ${setting} to the identity domain's URL (Identity & Security → Domains → the domain → Domain URL).`
          : `Set ${setting} to the ${setting === Inputs.OidcClientId ? 'client ID' : 'client secret (a secret)'} of the ` +
            "domain's confidential application that trusts the OIDC issuer (the application → OAuth configuration)."
    })
  }
}

/** The domain URL is not an https URL. */
export class InvalidDomainUrlError extends OciError {
  constructor() {
    super('is not an https URL', {
      setting: Inputs.OidcDomainUrl,
      fix: "Set oidc-domain-url to the identity domain's URL as the console shows it: https://idcs-….identity.oraclecloud.com"
    })
  }
}

/** 401 or `invalid_client`: the domain does not know the client id and secret. */
export class OidcClientRejectedError extends OciRequestError {
  readonly status: number

  constructor(request: OciRequestFacts, status: number, answer: string) {
    super(request, `the identity domain did not accept the client credentials (${status})`, {
      setting: Inputs.OidcClientSecret,
      fix:
        'Set oidc-client-id and oidc-client-secret to the client ID and secret of the confidential ' +
        'application (the application → OAuth configuration), and check that it is activated and allows the token exchange grant.',
      detail: answer || undefined,
      detailFrom: 'The identity domain'
    })
    this.status = status
  }
}

/** The domain refused the exchange: the OIDC token does not satisfy its trust. */
export class OidcExchangeRefusedError extends OciRequestError {
  readonly status: number
  /** The OAuth error code (`invalid_grant`, `invalid_request`, …), when the answer had one. */
  readonly code?: string

  constructor(
    request: OciRequestFacts,
    answer: { status: number; code?: string; text: string },
    subject: JwtClaims,
    target: OidcTarget
  ) {
    super(
      request,
      `the identity domain refused to exchange the OIDC token (${answer.status}${answer.code ? ` ${answer.code}` : ''})`,
      {
        fix:
          "Check the domain's identity propagation trust for this token: issuer " +
          `${subject.iss ?? '(none)'}, subject ${subject.sub ?? '(none)'}, audience ${target.audience}. ` +
          "The trust's issuer and subject rule must match them, its OAuth clients must include " +
          `${target.clientId}, and the audience must be the one it expects (${Inputs.OidcAudience}).`,
        detail: answer.text || undefined,
        detailFrom: 'The identity domain'
      }
    )
    this.status = answer.status
    this.code = answer.code
  }
}

/** The settings checked, the URL normalised, the audience defaulted to the domain's URL. */
export function oidcTarget(settings: OidcSettings): OidcTarget {
  const given = settings.domainUrl.trim()
  if (!given) throw new MissingOidcSettingError(Inputs.OidcDomainUrl)
  if (!settings.clientId.trim()) throw new MissingOidcSettingError(Inputs.OidcClientId)
  if (!settings.clientSecret.trim()) throw new MissingOidcSettingError(Inputs.OidcClientSecret)
  let url: URL
  try {
    url = new URL(given)
  } catch {
    throw new InvalidDomainUrlError()
  }
  const secure =
    url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOST.test(url.hostname))
  if (!secure || url.search || url.username) throw new InvalidDomainUrlError()
  const domainUrl = `${url.origin}${url.pathname.replace(/\/+$/, '')}`
  return {
    domainUrl,
    audience: settings.audience.trim() || domainUrl,
    clientId: settings.clientId.trim(),
    clientSecret: settings.clientSecret.trim()
  }
}

/**
 * A key pair for one run's session token: RSA 2048, as OCI's SDKs make them; never written
 * out. Made off the main thread, so that the OIDC token can be asked for meanwhile.
 */
export function sessionKeyPair(): Promise<{ privateKey: KeyObject; publicKey: KeyObject }> {
  return promisify(generateKeyPair)('rsa', { modulusLength: 2048 })
}

/** The public key as the exchange takes it: base64 of the DER SubjectPublicKeyInfo, one line. */
export function exchangePublicKey(publicKey: KeyObject): string {
  return publicKey.export({ type: 'spki', format: 'der' }).toString('base64')
}

/** Exchanges `subject` for a session token bound to `publicKey`. */
export async function exchangeToken(
  request: TokenRequest & { target: OidcTarget; subject: SubjectToken; publicKey: KeyObject }
): Promise<SessionToken> {
  const { target, subject, send } = request
  const url = new URL(`${target.domainUrl}${TOKEN_EXCHANGE_PATH}`)
  const body = new URLSearchParams({
    grant_type: GRANT_TYPE,
    requested_token_type: REQUESTED_TOKEN_TYPE,
    subject_token: subject.token,
    subject_token_type: 'jwt',
    public_key: exchangePublicKey(request.publicKey)
  }).toString()
  const client = Buffer.from(`${target.clientId}:${target.clientSecret}`).toString('base64')
  const response = await send({
    method: 'POST',
    url,
    headers: {
      accept: 'application/json',
      authorization: `Basic ${client}`,
      'content-type': 'application/x-www-form-urlencoded'
    },
    body: Buffer.from(body, 'utf8'),
    signal: request.signal
  })
  const text = await response.text()
  const facts = { method: 'POST', url: describeUrl(url) }
  const answer = parseObject(text)
  if (response.status >= 400) {
    const code = typeof answer?.error === 'string' ? answer.error : undefined
    const description =
      typeof answer?.error_description === 'string' ? answer.error_description : text
    // The domain's words, quoted: whatever of the request it echoes is no longer in them.
    const quoted = withoutSecrets(description, [target.clientSecret, subject.token])
      .replace(/eyJ[\w-]+\.[\w-]+\.[\w-]*/g, '***')
      .slice(0, MAX_QUOTED_ANSWER)
    if (response.status === 401 || code === 'invalid_client') {
      throw new OidcClientRejectedError(facts, response.status, quoted)
    }
    throw new OidcExchangeRefusedError(
      facts,
      { status: response.status, code, text: quoted },
      subject.claims,
      target
    )
  }
  const token = typeof answer?.token === 'string' ? answer.token : ''
  if (token) request.onSecret(token)
  const claims = readJwtClaims(token)
  if (!claims || claims.exp === undefined) {
    throw new OidcUnexpectedAnswerError(
      facts,
      response.status,
      'a session token ({"token": a JWT with exp})',
      "Check that oidc-domain-url is the identity domain's URL."
    )
  }
  // From its own claims where it can, not this machine's clock: a skewed clock must not make
  // it look expired or fresh.
  const issuedAt = claims.iat ?? Math.floor(Date.now() / 1000)
  return { token, lifetimeSeconds: Math.max(0, claims.exp - issuedAt), claims }
}
