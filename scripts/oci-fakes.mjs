// Loopback fakes of OCI's own APIs for tests: the registry token endpoint that takes OCI-signed
// requests, the Artifacts API (container repositories) and Object Storage's namespace lookup.
// They verify what OCI verifies (signature, date within 5 minutes, required headers signed and
// sent, body hash) and refuse with OCI's 401 NotAuthenticated and JSON body otherwise. A
// request is signed by the API key, or (given `sessionTokenKey`) by a session token:
// keyId="ST$<upst>" of a UPST the identity domain fake (oidc-fakes.mjs) issued, verified with
// the key the UPST carries. Types: oci-fakes.d.mts.
import { createHash, createPublicKey, generateKeyPairSync, randomBytes, verify } from 'node:crypto'
import { createServer } from 'node:http'
import { readSessionToken } from './oidc-fakes.mjs'
import { parseScopes, signRegistryToken, TOKEN_LIFETIME_SECONDS, TOKEN_PATH } from './testbed.mjs'

/** OCI refuses a request whose date is further than this from its clock. */
export const MAX_CLOCK_SKEW_MS = 5 * 60 * 1000
export const REPOSITORIES_PATH = '/20160918/container/repositories'
/** The username Docker logs in with to present a bearer token as its password. */
export const BEARER_TOKEN_USERNAME = 'BEARER_TOKEN'
const MAX_BODY_BYTES = 1024 * 1024
const METHODS_WITH_BODY = new Set(['POST', 'PUT', 'PATCH'])
const NOT_AUTHENTICATED =
  'The required information to complete authentication was not provided or was incorrect.'

/**
 * Checks an OCI request signature as OCI does. `headers` are Node's (lower-case names).
 * Resolves to `{ keyId }` or `{ rejection, message }`: `rejection` says what was wrong (for
 * tests), `message` is what OCI would answer.
 */
export function verifyOciSignature({
  method,
  target,
  headers,
  body,
  publicKey,
  keyId,
  now = new Date()
}) {
  const refuse = (rejection, message = NOT_AUTHENTICATED) => ({ rejection, message })
  const match = /^Signature (.+)$/.exec(headers.authorization ?? '')
  if (!match) return refuse('no Signature authorization')
  const params = Object.fromEntries(
    [...match[1].matchAll(/(\w+)="([^"]*)"/g)].map(m => [m[1], m[2]])
  )
  if (params.version !== '1') return refuse(`signature version ${params.version ?? 'missing'}`)
  if (params.algorithm !== 'rsa-sha256') return refuse(`algorithm ${params.algorithm ?? 'missing'}`)
  if (!params.keyId || !params.signature || !params.headers)
    return refuse('incomplete authorization')
  if (keyId !== undefined && params.keyId !== keyId) return refuse('unknown keyId')
  const signed = params.headers.toLowerCase().split(' ')
  const required = ['(request-target)', 'host']
  if (METHODS_WITH_BODY.has(method))
    required.push('content-length', 'content-type', 'x-content-sha256')
  const dateHeader = signed.includes('x-date') ? 'x-date' : 'date'
  for (const name of [...required, dateHeader]) {
    if (!signed.includes(name)) return refuse(`${name} not signed`)
  }
  for (const name of signed) {
    if (name !== '(request-target)' && headers[name] === undefined)
      return refuse(`${name} signed but not sent`)
  }
  if (METHODS_WITH_BODY.has(method)) {
    if (headers['x-content-sha256'] !== createHash('sha256').update(body).digest('base64')) {
      return refuse('x-content-sha256 is not the body hash')
    }
    if (headers['content-length'] !== String(body.length))
      return refuse('content-length is not the body length')
  }
  const date = Date.parse(headers[dateHeader])
  if (Number.isNaN(date)) return refuse(`${dateHeader} unreadable`)
  if (Math.abs(now.getTime() - date) > MAX_CLOCK_SKEW_MS) {
    return refuse('clock skew', clockSkewMessage(new Date(date), now))
  }
  const signingString = signed
    .map(name =>
      name === '(request-target)'
        ? `${name}: ${method.toLowerCase()} ${target}`
        : `${name}: ${headers[name]}`
    )
    .join('\n')
  const valid = verify(
    'sha256',
    Buffer.from(signingString),
    publicKey,
    Buffer.from(params.signature, 'base64')
  )
  return valid ? { keyId: params.keyId } : refuse('signature does not verify')
}

/** OCI's words for a date outside the allowed skew (its dates say UTC where HTTP says GMT). */
function clockSkewMessage(date, now) {
  const utc = time => new Date(time).toUTCString().replace('GMT', 'UTC')
  return (
    `Date '${utc(date)}' is not within allowed clock skew. Current '${utc(now)}', valid datetime range: ` +
    `['${utc(now.getTime() - MAX_CLOCK_SKEW_MS)}', '${utc(now.getTime() + MAX_CLOCK_SKEW_MS)}']`
  )
}

export async function startOciFakes({
  publicKeyPem,
  keyId,
  namespace = 'axaxnpcrorw5',
  pageSize = 1,
  tokenIssuer,
  sessionTokenKey,
  now = () => new Date()
}) {
  const publicKey = createPublicKey(publicKeyPem)
  const issuer = tokenIssuer ?? {
    key: generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey,
    issuer: 'oci-fakes'
  }
  const requests = []
  const repositories = []
  const retryTokens = new Map()
  /** Tokens this fake issued, by value → expiry (ms): Docker presents them as BEARER_TOKEN. */
  const issuedTokens = new Map()
  const unauthorizedCompartments = new Set()
  let parallelCreatePending = false

  const addRepository = ({ compartmentId, displayName, isPublic = false, isImmutable = false }) => {
    const repository = {
      id: `ocid1.containerrepo.oc1.fake.${randomBytes(12).toString('hex')}`,
      compartmentId,
      displayName,
      namespace,
      isPublic,
      isImmutable,
      lifecycleState: 'AVAILABLE',
      imageCount: 0,
      layerCount: 0,
      layersSizeInBytes: 0,
      timeCreated: new Date().toISOString()
    }
    repositories.push(repository)
    return repository
  }

  /** Wraps a service's handler: reads the body, verifies the signature, records the exchange. */
  const service = (name, handle, { acceptBearerToken = false } = {}) =>
    createServer((req, res) => {
      const chunks = []
      let size = 0
      req.on('data', chunk => {
        size += chunk.length
        if (size > MAX_BODY_BYTES) req.destroy()
        else chunks.push(chunk)
      })
      req.on('end', () => {
        const body = Buffer.concat(chunks)
        const url = new URL(req.url ?? '/', 'http://fake')
        const record = {
          service: name,
          method: req.method,
          target: req.url,
          headers: { ...req.headers },
          status: 0
        }
        requests.push(record)
        const answer = (status, json, headers = {}) => {
          record.status = status
          res.writeHead(status, {
            'content-type': 'application/json',
            // OCI's Date is its own clock: a client reads its skew from it.
            date: now().toUTCString(),
            'opc-request-id': randomBytes(16).toString('hex').toUpperCase(),
            ...headers
          })
          res.end(JSON.stringify(json))
        }
        const bearer = acceptBearerToken ? issuedBearerToken(req.headers.authorization) : undefined
        if (bearer) return handle({ req, url, body, subject: bearer.subject }, answer)
        const signer = signerOf(req.headers.authorization)
        const verdict = signer.rejection
          ? { rejection: signer.rejection, message: NOT_AUTHENTICATED }
          : verifyOciSignature({
              method: req.method,
              target: req.url,
              headers: req.headers,
              body,
              now: now(),
              ...signer
            })
        if (verdict.rejection) {
          record.rejection = verdict.rejection
          return answer(401, { code: 'NotAuthenticated', message: verdict.message })
        }
        if (signer.subject) record.sessionSubject = signer.subject
        handle({ req, url, body, subject: signer.subject ?? subjectOf(verdict.keyId) }, answer)
      })
    })

  /**
   * The key a request's signature must verify with: a session token's own (when session tokens
   * are trusted), else the API key's, whose keyId must be the one given.
   */
  const signerOf = authorization => {
    const signedKeyId = /keyId="([^"]*)"/.exec(authorization ?? '')?.[1] ?? ''
    if (!sessionTokenKey || !signedKeyId.startsWith('ST$')) return { publicKey, keyId }
    const session = readSessionToken(signedKeyId.slice(3), sessionTokenKey, now())
    if (session.rejection) return { rejection: session.rejection }
    return { publicKey: session.publicKey, keyId: signedKeyId, subject: session.subject }
  }

  const issuedBearerToken = authorization => {
    const match = /^Basic\s+(\S+)$/i.exec(authorization ?? '')
    if (!match) return undefined
    const decoded = Buffer.from(match[1], 'base64').toString('utf8')
    const colon = decoded.indexOf(':')
    if (decoded.slice(0, colon) !== BEARER_TOKEN_USERNAME) return undefined
    const issued = issuedTokens.get(decoded.slice(colon + 1))
    return issued && issued.expiresAt > Date.now() ? issued : undefined
  }

  const tokenServer = service(
    'token',
    ({ req, url, subject }, answer) => {
      if (req.method !== 'GET' || url.pathname !== TOKEN_PATH) return notFound(answer)
      const token = signRegistryToken({
        key: issuer.key,
        cert: issuer.cert,
        issuer: issuer.issuer,
        service: issuer.service ?? url.searchParams.get('service') ?? '',
        subject,
        access: parseScopes(url.searchParams.getAll('scope'))
      })
      issuedTokens.set(token, { subject, expiresAt: Date.now() + TOKEN_LIFETIME_SECONDS * 1000 })
      answer(200, {
        token,
        access_token: token,
        expires_in: TOKEN_LIFETIME_SECONDS,
        issued_at: new Date().toISOString()
      })
    },
    { acceptBearerToken: true }
  )

  const artifactsServer = service('artifacts', ({ req, url, body }, answer) => {
    if (url.pathname !== REPOSITORIES_PATH) return notFound(answer)
    if (req.method === 'GET') return listRepositories(url, answer)
    if (req.method === 'POST') return createRepository(req, body, answer)
    return notFound(answer)
  })

  const listRepositories = (url, answer) => {
    const compartmentId = url.searchParams.get('compartmentId')
    if (!compartmentId)
      return answer(400, { code: 'MissingParameter', message: 'Missing compartmentId' })
    if (unauthorizedCompartments.has(compartmentId)) return notAuthorized(answer)
    const inSubtree = url.searchParams.get('compartmentIdInSubtree') === 'true'
    if (inSubtree && !compartmentId.startsWith('ocid1.tenancy.')) {
      return answer(400, {
        code: 'InvalidParameter',
        message: 'compartmentIdInSubtree is only allowed on the tenancy'
      })
    }
    // Pages are cut before the displayName filter, as some OCI list APIs do: a page may be
    // empty and still have a next page, so clients must follow opc-next-page to its end.
    const inCompartment = repositories.filter(
      repository => inSubtree || repository.compartmentId === compartmentId
    )
    const start = Number(url.searchParams.get('page') ?? '0')
    const page = inCompartment.slice(start, start + pageSize)
    const displayName = url.searchParams.get('displayName')
    const items = page.filter(
      repository => displayName === null || repository.displayName === displayName
    )
    const next =
      start + pageSize < inCompartment.length ? { 'opc-next-page': String(start + pageSize) } : {}
    answer(200, { items, repositoryCount: items.length }, next)
  }

  const createRepository = (req, body, answer) => {
    let details
    try {
      details = JSON.parse(body.toString('utf8'))
    } catch {
      return answer(400, { code: 'InvalidParameter', message: 'The request body is not JSON' })
    }
    if (typeof details.compartmentId !== 'string' || typeof details.displayName !== 'string') {
      return answer(400, {
        code: 'InvalidParameter',
        message: 'compartmentId and displayName are required'
      })
    }
    if (unauthorizedCompartments.has(details.compartmentId)) return notAuthorized(answer)
    const retryToken = req.headers['opc-retry-token']
    if (retryToken && retryTokens.has(retryToken)) return answer(200, retryTokens.get(retryToken))
    if (parallelCreatePending) {
      parallelCreatePending = false
      addRepository(details)
    }
    if (repositories.some(repository => repository.displayName === details.displayName)) {
      return answer(409, {
        code: 'NamespaceConflict',
        message: `Repository ${details.displayName} already exists`
      })
    }
    const repository = addRepository(details)
    if (retryToken) retryTokens.set(retryToken, repository)
    answer(200, repository)
  }

  const objectStorageServer = service('objectstorage', ({ req, url }, answer) => {
    if (req.method !== 'GET' || url.pathname !== '/n/') return notFound(answer)
    answer(200, namespace)
  })

  const servers = [tokenServer, artifactsServer, objectStorageServer]
  const [tokenPort, artifactsPort, objectStoragePort] = await Promise.all(servers.map(listen))
  return {
    tokenRealm: `http://127.0.0.1:${tokenPort}${TOKEN_PATH}`,
    artifactsUrl: `http://127.0.0.1:${artifactsPort}`,
    objectStorageUrl: `http://127.0.0.1:${objectStoragePort}`,
    requests,
    repositories,
    addRepository,
    simulateParallelCreate: () => {
      parallelCreatePending = true
    },
    denyCompartment: compartmentId => {
      unauthorizedCompartments.add(compartmentId)
    },
    close: () =>
      Promise.all(
        servers.map(
          server =>
            new Promise(resolve => {
              server.close(() => resolve())
              server.closeAllConnections()
            })
        )
      ).then(() => undefined)
  }
}

/** The user OCID of an API key's keyId (`tenancy/user/fingerprint`), else the keyId's kind. */
function subjectOf(keyId) {
  const parts = keyId.split('/')
  return parts.length === 3 ? parts[1] : keyId.startsWith('ST$') ? 'session-token' : 'unknown'
}

function notFound(answer) {
  answer(404, { code: 'NotFound', message: 'Not Found' })
}

function notAuthorized(answer) {
  answer(404, {
    code: 'NotAuthorizedOrNotFound',
    message: 'Authorization failed or requested resource not found.'
  })
}

function listen(server) {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve(server.address().port))
  })
}
