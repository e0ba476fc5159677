// The OIDC token a CI job proves who it is with (the subject token of the exchange): GitHub's,
// asked for with the job's request token and the audience, or one another CI handed over
// (OCIR_OIDC_TOKEN). Either must be a JWT for the audience the identity domain expects before
// it is sent anywhere.
import { GitHubOidcVariables, Inputs, OIDC_TOKEN_VARIABLE } from '../common/constants.js'
import { withoutSecrets } from '../common/text.js'
import { asRecord } from './client.js'
import { OciError, OciRequestError } from './errors.js'
import type { OciRequestFacts } from './errors.js'
import { describeUrl } from './http.js'
import type { OciSend } from './http.js'
import { readJwtClaims } from './jwt.js'
import type { JwtClaims } from './jwt.js'

/** Where the subject token comes from. */
export type SubjectTokenSource =
  /** A GitHub job's variables (unset without `permissions: id-token: write`). */
  | { kind: 'github'; requestUrl?: string; requestToken?: string }
  /** A token another CI made (`OCIR_OIDC_TOKEN`); '' when none was given. */
  | { kind: 'given'; token: string }

/** GitHub's token service as a job's variables name it; unset parts stay unset. */
export function gitHubTokenSource(requestUrl?: string, requestToken?: string): SubjectTokenSource {
  return {
    kind: 'github',
    ...(requestUrl ? { requestUrl } : {}),
    ...(requestToken ? { requestToken } : {})
  }
}

/** A subject token (a secret) and its claims. */
export interface SubjectToken {
  token: string
  claims: JwtClaims
}

/** A quoted answer is cut to this length: it is shown to the user, not parsed. */
export const MAX_QUOTED_ANSWER = 500
const PERMISSION_FIX =
  'Give the job `permissions: id-token: write` (with `contents: read`) in the workflow. ' +
  'Jobs of pull requests from forks get no OIDC token.'

/** A GitHub job without `id-token: write` has no ACTIONS_ID_TOKEN_REQUEST_URL. */
export class IdTokenPermissionError extends OciError {
  constructor() {
    super(`GitHub gives this job no OIDC token (${GitHubOidcVariables.RequestUrl} is not set)`, {
      fix: PERMISSION_FIX
    })
  }
}

/** Outside GitHub Actions, the OIDC token must be handed over. */
export class SubjectTokenMissingError extends OciError {
  constructor() {
    super(`no OIDC token: ${OIDC_TOKEN_VARIABLE} is not set and this is not a GitHub Actions job`, {
      fix:
        `Set ${OIDC_TOKEN_VARIABLE} to the CI's OIDC token for the identity domain's audience ` +
        '(GitLab: an id_tokens entry with aud: <domain URL>; CircleCI: $CIRCLE_OIDC_TOKEN_V2).'
    })
  }
}

/** What was handed over (or answered) is not a JWT. */
export class SubjectTokenUnreadableError extends OciError {
  constructor(what: string) {
    super(`${what} is not a JWT (three base64url parts with JSON claims)`, {
      fix: `Give the CI's OIDC ID token itself in ${OIDC_TOKEN_VARIABLE}, as the CI issued it.`
    })
  }
}

/** GitHub's token service refused to issue the job's OIDC token. */
export class IdTokenRequestError extends OciRequestError {
  readonly status: number

  constructor(request: OciRequestFacts, status: number, answer: string) {
    super(request, `GitHub did not issue the job's OIDC token (${status})`, {
      fix: `${PERMISSION_FIX} If it has it, run the job again: its request token is valid only while it runs.`,
      detail: answer || undefined,
      detailFrom: 'GitHub'
    })
    this.status = status
  }
}

/** A successful status whose body is not what the service documents. */
export class OidcUnexpectedAnswerError extends OciRequestError {
  readonly status: number

  constructor(request: OciRequestFacts, status: number, expected: string, fix: string) {
    super(request, `${request.method} ${request.url} answered ${status} without ${expected}`, {
      fix
    })
    this.status = status
  }
}

/** The token is not for the audience the identity domain is asked with. */
export class OidcAudienceMismatchError extends OciError {
  readonly audiences: readonly string[]
  readonly expected: string

  constructor(source: SubjectTokenSource['kind'], audiences: readonly string[], expected: string) {
    const stated = audiences.length ? audiences.join(', ') : 'none'
    super(`the OIDC token's audience is ${stated}, not ${expected}`, {
      setting: Inputs.OidcAudience,
      fix:
        source === 'given'
          ? `Issue ${OIDC_TOKEN_VARIABLE} for the audience ${expected} (GitLab: aud: ${expected} in its id_tokens entry), ` +
            `or set ${Inputs.OidcAudience} to the audience the domain's trust expects.`
          : `Set ${Inputs.OidcAudience} to the audience the domain's trust expects; ${expected} was asked for.`
    })
    this.audiences = audiences
    this.expected = expected
  }
}

/** What a request for a token needs; `onSecret` masks each token as it arrives. */
export interface TokenRequest {
  send: OciSend
  onSecret: (value: string) => void
  signal?: AbortSignal
}

/** The subject token for `audience`, checked to be a JWT whose `aud` has it. */
export async function subjectToken(
  source: SubjectTokenSource,
  request: TokenRequest & { audience: string }
): Promise<SubjectToken> {
  const token =
    source.kind === 'github' ? await requestGitHubIdToken(source, request) : givenToken(source)
  request.onSecret(token)
  const claims = readJwtClaims(token)
  if (!claims) {
    throw new SubjectTokenUnreadableError(
      source.kind === 'github' ? "GitHub's OIDC token" : OIDC_TOKEN_VARIABLE
    )
  }
  if (!claims.aud.includes(request.audience)) {
    throw new OidcAudienceMismatchError(source.kind, claims.aud, request.audience)
  }
  return { token, claims }
}

function givenToken(source: Extract<SubjectTokenSource, { kind: 'given' }>): string {
  const token = source.token.trim()
  if (!token) throw new SubjectTokenMissingError()
  return token
}

/** GitHub's OIDC token for the job, as @actions/core asks for it: `&audience=`, the bearer. */
async function requestGitHubIdToken(
  source: Extract<SubjectTokenSource, { kind: 'github' }>,
  request: TokenRequest & { audience: string }
): Promise<string> {
  const { requestUrl, requestToken } = source
  if (!requestUrl || !requestToken) throw new IdTokenPermissionError()
  const url = new URL(requestUrl)
  url.searchParams.set('audience', request.audience)
  const facts = { method: 'GET', url: describeUrl(url) }
  const response = await request.send({
    method: 'GET',
    url,
    headers: {
      accept: 'application/json',
      authorization: `Bearer ${requestToken}`,
      'user-agent': 'actions/oidc-client'
    },
    signal: request.signal
  })
  const text = await response.text()
  if (response.status !== 200) {
    throw new IdTokenRequestError(
      facts,
      response.status,
      withoutSecrets(text, [requestToken]).slice(0, MAX_QUOTED_ANSWER)
    )
  }
  const value = parseObject(text)?.value
  if (typeof value !== 'string' || value === '') {
    throw new OidcUnexpectedAnswerError(
      facts,
      response.status,
      'an OIDC token ({"value": …})',
      `Check that ${GitHubOidcVariables.RequestUrl} is the one the runner set: GitHub's token service.`
    )
  }
  return value
}

/** A JSON object body; undefined for anything else. */
export function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    return asRecord(JSON.parse(text))
  } catch {
    return undefined
  }
}
