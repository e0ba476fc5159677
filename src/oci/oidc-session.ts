// Signing OCI requests without a stored key: a key pair made for this run, a session token
// (UPST) for it by exchange of the job's OIDC token, and requests signed with
// keyId="ST$<token>". A new session token is got before most of the old one's lifetime has
// passed, so a push may outlive one. The private key never leaves this process's memory.
import type { KeyObject } from 'node:crypto'
import type { OciPrincipal } from './client.js'
import type { OciSend } from './http.js'
import type { JwtClaims } from './jwt.js'
import { subjectToken } from './oidc-token.js'
import type { SubjectTokenSource } from './oidc-token.js'
import { createRequestSigner, sessionTokenKeyId } from './signer.js'
import type { RequestSigner } from './signer.js'
import { exchangeToken, sessionKeyPair } from './token-exchange.js'
import type { OidcTarget } from './token-exchange.js'

export interface OidcSessionOptions {
  target: OidcTarget
  source: SubjectTokenSource
  send: OciSend
  /** Masks each token (GitHub's, the session token) as it arrives. */
  onSecret: (value: string) => void
  signal?: AbortSignal
  /** The clock renewals are timed by (ms); `Date.now` by default. */
  now?: () => number
}

/** A principal signing with session tokens, and what the first exchange showed of it. */
export interface OidcSession extends OciPrincipal {
  credential: 'session-token'
  /** The OIDC token's claims (issuer, subject, audience): who the domain was asked to trust. */
  subject: JwtClaims
  /** How long each session token lives, as the first one said. */
  lifetimeSeconds: number
}

/** A new session token is got once this fraction of the current one's lifetime has passed. */
const RENEW_AFTER = 0.8

interface Current {
  signer: RequestSigner
  renewAt: number
  subject: JwtClaims
  lifetimeSeconds: number
  tenancyOcid?: string
}

/** The session, its first token got (so a refusal fails here, before anything is planned). */
export async function startOidcSession(options: OidcSessionOptions): Promise<OidcSession> {
  const now = options.now ?? Date.now
  // Made while the first OIDC token is asked for; a failure is reported where it is awaited.
  const keys = sessionKeyPair()
  keys.catch(() => undefined)
  const obtain = async (): Promise<Current> => {
    const request = { send: options.send, onSecret: options.onSecret, signal: options.signal }
    const subject = await subjectToken(options.source, {
      ...request,
      audience: options.target.audience
    })
    const { privateKey, publicKey } = await keys
    const session = await exchangeToken({
      ...request,
      target: options.target,
      subject,
      publicKey
    })
    return {
      signer: signerFor(session.token, privateKey),
      renewAt: now() + session.lifetimeSeconds * 1000 * RENEW_AFTER,
      subject: subject.claims,
      lifetimeSeconds: session.lifetimeSeconds,
      ...(session.claims.tenant ? { tenancyOcid: session.claims.tenant } : {})
    }
  }
  let current = await obtain()
  let renewing: Promise<Current> | undefined
  return {
    credential: 'session-token',
    subject: current.subject,
    lifetimeSeconds: current.lifetimeSeconds,
    ...(current.tenancyOcid ? { tenancyOcid: current.tenancyOcid } : {}),
    signer: async () => {
      if (now() < current.renewAt) return current.signer
      // One exchange for every request that finds the token due at once.
      renewing ??= obtain().finally(() => {
        renewing = undefined
      })
      current = await renewing
      return current.signer
    }
  }
}

function signerFor(token: string, privateKey: KeyObject): RequestSigner {
  return createRequestSigner({ keyId: sessionTokenKeyId(token), privateKey })
}
