// Loopback fakes for signing in without a stored secret (`auth: oidc`):
// - GitHub's OIDC token service: answers the job's request token (Bearer) with an RS256 JWT
//   for the audience asked for, as ACTIONS_ID_TOKEN_REQUEST_URL does;
// - an OCI identity domain's token exchange (`/oauth2/v1/token`): checks the confidential
//   application (Basic client id and secret), the grant's fields, the OIDC token (signature,
//   issuer, expiry, audience, subject) and that `public_key` is one line of base64 DER, not
//   PEM; answers with a session token (UPST) whose `jwk` claim carries that key.
// `readSessionToken` is how the OCI fakes (oci-fakes.mjs) trust those UPSTs and find the key
// that `ST$<upst>` signatures verify with. Refusals are OAuth's `{error, error_description}`.
// Types: oidc-fakes.d.mts.
import {
  createPublicKey,
  generateKeyPairSync,
  randomBytes,
  randomUUID,
  sign,
  verify
} from 'node:crypto'
import { createServer } from 'node:http'
import { URLSearchParams } from 'node:url'

/** GitHub's OIDC issuer: the `iss` of the tokens the fake service issues. */
export const GITHUB_ISSUER = 'https://token.actions.githubusercontent.com'
export const ID_TOKEN_PATH =
  '/_apis/distributedtask/hubs/Actions/plans/testbed/jobs/testbed/idtoken'
export const TOKEN_EXCHANGE_PATH = '/oauth2/v1/token'
/** The `sub` of the fake job's tokens, and the subject the fake domain's trust accepts. */
export const TESTBED_SUBJECT = 'repo:ocir-push/testbed:ref:refs/tags/v2.3.4'
export const TESTBED_OIDC_USER = 'ocid1.user.oc1..aaaaaaaaoidcserviceuser'
const GRANT_TYPE = 'urn:ietf:params:oauth:grant-type:token-exchange'
const UPST_TYPE = 'urn:oci:token-type:oci-upst'
const ID_TOKEN_LIFETIME_SECONDS = 300
const MAX_BODY_BYTES = 64 * 1024

export async function startOidcFakes({
  requestToken = `gh-request-${randomBytes(12).toString('hex')}`,
  clientId = 'ocir-push-ci',
  // Shell characters on purpose, as in the bed's auth token.
  clientSecret = `idcs]{;)${randomBytes(9).toString('base64url')}'(`,
  subject = TESTBED_SUBJECT,
  trustedSubject = subject,
  audience,
  userOcid = TESTBED_OIDC_USER,
  tenancyOcid = 'ocid1.tenancy.oc1..aaaaaaaatestbedtenancy',
  upstLifetimeSeconds = 3600,
  now = () => new Date()
} = {}) {
  const issuerKeys = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const domainKeys = generateKeyPairSync('rsa', { modulusLength: 2048 })
  /** Every ID token request and exchange, with what it was refused for. */
  const idTokenRequests = []
  const exchanges = []
  /** Answers for the next exchanges, instead of checking them (a test's hostile domain). */
  const scripted = []

  const issuer = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://issuer')
    const record = { audience: url.searchParams.get('audience'), status: 0 }
    idTokenRequests.push(record)
    const answer = (status, json) => {
      record.status = status
      res.writeHead(status, { 'content-type': 'application/json' })
      res.end(JSON.stringify(json))
    }
    req.resume()
    if (req.method !== 'GET' || url.pathname !== ID_TOKEN_PATH) {
      return answer(404, { message: 'Not Found' })
    }
    if (req.headers.authorization !== `Bearer ${requestToken}`) {
      record.rejection = 'bearer'
      return answer(401, { message: 'Unauthorized: the request token is not valid for this job' })
    }
    if (!record.audience) {
      record.rejection = 'no audience'
      return answer(400, { message: 'audience is required' })
    }
    const issuedAt = Math.floor(now().getTime() / 1000)
    answer(200, {
      count: 1,
      value: signJwt(issuerKeys.privateKey, 'github-testbed', {
        jti: randomUUID(),
        sub: subject,
        aud: record.audience,
        ref: 'refs/tags/v2.3.4',
        repository: 'ocir-push/testbed',
        repository_owner: 'ocir-push',
        iss: GITHUB_ISSUER,
        nbf: issuedAt - 5,
        iat: issuedAt,
        exp: issuedAt + ID_TOKEN_LIFETIME_SECONDS
      })
    })
  })

  let domainUrl = ''
  const domain = createServer((req, res) => {
    const chunks = []
    let size = 0
    req.on('data', chunk => {
      size += chunk.length
      if (size > MAX_BODY_BYTES) req.destroy()
      else chunks.push(chunk)
    })
    req.on('end', () => {
      const record = { status: 0 }
      exchanges.push(record)
      const answer = (status, json) => {
        record.status = status
        res.writeHead(status, {
          'content-type': 'application/json',
          date: now().toUTCString()
        })
        res.end(JSON.stringify(json))
      }
      const refuse = (status, error, description, rejection = description) => {
        record.rejection = rejection
        answer(status, { error, error_description: description })
      }
      if (
        req.method !== 'POST' ||
        new URL(req.url ?? '/', 'http://d').pathname !== TOKEN_EXCHANGE_PATH
      ) {
        return answer(404, { error: 'not_found' })
      }
      const next = scripted.shift()
      if (next) return answer(next.status, next.body)
      const client = basicCredentials(req.headers.authorization)
      if (client?.username !== clientId || client.password !== clientSecret) {
        return refuse(401, 'invalid_client', 'Client authentication failed.', 'client')
      }
      if (!/^application\/x-www-form-urlencoded/.test(req.headers['content-type'] ?? '')) {
        return refuse(400, 'invalid_request', 'The request must be form-urlencoded.')
      }
      const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'))
      record.fields = Object.fromEntries(
        [...form.keys()].map(name => [name, name === 'subject_token' ? '(token)' : form.get(name)])
      )
      if (form.get('grant_type') !== GRANT_TYPE) {
        return refuse(400, 'unsupported_grant_type', `The grant type is not ${GRANT_TYPE}.`)
      }
      if (form.get('requested_token_type') !== UPST_TYPE) {
        return refuse(400, 'invalid_request', `requested_token_type must be ${UPST_TYPE}.`)
      }
      if (form.get('subject_token_type') !== 'jwt') {
        return refuse(400, 'invalid_request', 'subject_token_type must be jwt.')
      }
      const publicKey = derPublicKey(form.get('public_key') ?? '')
      if (!publicKey) {
        return refuse(
          400,
          'invalid_request',
          'public_key is not a base64-encoded DER public key.',
          'public_key'
        )
      }
      const expected = audience ?? domainUrl
      const verdict = verifyJwt(form.get('subject_token') ?? '', issuerKeys.publicKey, now())
      if (verdict.rejection)
        return refuse(400, 'invalid_grant', `The subject token ${verdict.rejection}.`)
      const claims = verdict.claims
      record.subject = claims.sub
      record.audience = claims.aud
      if (claims.iss !== GITHUB_ISSUER) {
        return refuse(
          400,
          'invalid_grant',
          `No identity propagation trust for the issuer ${claims.iss}.`
        )
      }
      const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud]
      if (!audiences.includes(expected)) {
        return refuse(
          400,
          'invalid_grant',
          `The audience of the subject token is not valid: ${audiences.join(', ')}.`,
          'audience'
        )
      }
      if (claims.sub !== trustedSubject) {
        return refuse(
          400,
          'invalid_grant',
          `The subject ${claims.sub} matches no impersonation rule of the trust.`,
          'subject'
        )
      }
      const issuedAt = Math.floor(now().getTime() / 1000)
      const jwk = {
        ...publicKey.export({ format: 'jwk' }),
        kid: randomUUID(),
        alg: 'RS256',
        use: 'sig'
      }
      record.publicKey = form.get('public_key')
      answer(200, {
        token: signJwt(domainKeys.privateKey, 'asw', {
          sub: userOcid,
          tenant: tenancyOcid,
          ptype: 'user',
          iss: 'authService.oracle.com',
          aud: 'oci',
          sess_exp: new Date((issuedAt + upstLifetimeSeconds) * 1000).toUTCString(),
          iat: issuedAt,
          exp: issuedAt + upstLifetimeSeconds,
          jti: randomUUID(),
          // As OCI's: the JWK as a JSON string.
          jwk: JSON.stringify(jwk)
        })
      })
    })
  })

  const [issuerPort, domainPort] = await Promise.all([issuer, domain].map(listen))
  domainUrl = `http://127.0.0.1:${domainPort}`
  return {
    requestUrl: `http://127.0.0.1:${issuerPort}${ID_TOKEN_PATH}?api-version=2.0`,
    requestToken,
    domainUrl,
    clientId,
    clientSecret,
    userOcid,
    tenancyOcid,
    sessionTokenKey: domainKeys.publicKey,
    idTokenRequests,
    exchanges,
    answerNextExchange: (status, body) => {
      scripted.push({ status, body })
    },
    close: () =>
      Promise.all(
        [issuer, domain].map(
          server =>
            new Promise(resolve => {
              server.close(() => resolve())
              server.closeAllConnections()
            })
        )
      ).then(() => undefined)
  }
}

/**
 * A session token as OCI checks it: signed by the domain's key, not expired; resolves to the
 * key its `jwk` claim carries and its subject, or `{ rejection }`.
 */
export function readSessionToken(token, sessionTokenKey, now = new Date()) {
  const verdict = verifyJwt(token, sessionTokenKey, now)
  if (verdict.rejection) return { rejection: `session token ${verdict.rejection}` }
  try {
    const jwk = JSON.parse(verdict.claims.jwk)
    return { publicKey: createPublicKey({ key: jwk, format: 'jwk' }), subject: verdict.claims.sub }
  } catch {
    return { rejection: 'session token carries no key' }
  }
}

function signJwt(privateKey, kid, claims) {
  const header = { alg: 'RS256', typ: 'JWT', kid }
  const unsigned = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claims))}`
  return `${unsigned}.${base64url(sign('sha256', Buffer.from(unsigned), privateKey))}`
}

function verifyJwt(token, publicKey, now) {
  const parts = token.split('.')
  if (parts.length !== 3) return { rejection: 'is not a JWT' }
  const valid = verify(
    'sha256',
    Buffer.from(`${parts[0]}.${parts[1]}`),
    publicKey,
    Buffer.from(parts[2], 'base64url')
  )
  if (!valid) return { rejection: 'has no valid signature' }
  let claims
  try {
    claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'))
  } catch {
    return { rejection: 'has unreadable claims' }
  }
  if (typeof claims.exp !== 'number' || claims.exp * 1000 <= now.getTime()) {
    return { rejection: 'has expired' }
  }
  return { claims }
}

/** One line of base64 (no PEM armour, no line breaks) that is a DER SubjectPublicKeyInfo. */
function derPublicKey(text) {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text)) return undefined
  try {
    return createPublicKey({ key: Buffer.from(text, 'base64'), format: 'der', type: 'spki' })
  } catch {
    return undefined
  }
}

function basicCredentials(header) {
  const match = /^Basic\s+(\S+)$/i.exec(header ?? '')
  if (!match) return undefined
  const decoded = Buffer.from(match[1], 'base64').toString('utf8')
  const colon = decoded.indexOf(':')
  return colon < 0
    ? undefined
    : { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) }
}

function base64url(value) {
  return Buffer.from(value).toString('base64url')
}

function listen(server) {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve(server.address().port))
  })
}
