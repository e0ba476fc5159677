import { RegistryError } from '../errors.js'
import { isNativeError } from 'node:util/types'
import { Inputs } from '../constants.js'

/** What was being done when the registry said no, for the message and the diagnosis. */
export interface RequestContext {
  /** `Pushing manifest demo/app:v1`, `Signing in to fra.ocir.io`, … */
  what: string
  repository?: string
  /** The answer came from the Bearer token endpoint, which checks username and auth token. */
  tokenEndpoint?: boolean
  registry?: string
}

interface DistributionError {
  code?: string
  message?: string
  detail?: unknown
}

/** Turns a non-success answer into a `RegistryError` with the registry's words and the fix. */
export function registryFailure(
  status: number,
  body: string,
  context: RequestContext,
  secrets: string[]
): RegistryError {
  const errors = parseErrors(body)
  const code = errors[0]?.code
  const words = errors
    .map(error => [error.code, error.message].filter(Boolean).join(': '))
    .join('; ')
  const detail = redact(words || body.trim().slice(0, 500), secrets) || undefined
  return new RegistryError(`${context.what} failed: HTTP ${status}${code ? ` ${code}` : ''}`, {
    status,
    code,
    detail,
    ...fixFor(status, code, detail ?? '', context)
  })
}

/** A request that got no answer at all: refused, reset, DNS or TLS failure, stall. */
export function transportFailure(error: unknown, context: RequestContext): RegistryError {
  const reason = rootCause(error)
  return new RegistryError(`${context.what} failed: ${reason}`, {
    input: Inputs.Registry,
    fix: `Check that ${context.registry ?? 'the registry'} is the right host and reachable from this machine (DNS, proxy, firewall); network errors were retried before giving up.`,
    cause: error
  })
}

function fixFor(
  status: number,
  code: string | undefined,
  detail: string,
  context: RequestContext
): { fix: string; input?: (typeof Inputs)[keyof typeof Inputs] } {
  if (status === 401 || code === 'UNAUTHORIZED') {
    return {
      input: Inputs.AuthToken,
      fix: 'Check the username is <namespace>/<user> (with the identity domain when federated) and that auth-token is an auth token generated for that user, not the console password.'
    }
  }
  if (status === 403 || code === 'DENIED') {
    return {
      input: Inputs.Repository,
      fix: `The user may not push to ${context.repository ?? 'this repository'}: grant it "manage repos" in the repository's compartment, or create the repository first (create-on-first-push only works in the root compartment).`
    }
  }
  if (status === 404 && /namespace/i.test(detail)) {
    return {
      input: Inputs.Namespace,
      fix: 'Use the tenancy namespace (Tenancy details → Object storage namespace), not the tenancy name.'
    }
  }
  if (status === 404 || code === 'NAME_UNKNOWN') {
    return {
      input: Inputs.Repository,
      fix: `Check the repository path${context.repository ? ` ${context.repository}` : ''}: it must exist, or the tenancy must allow create-on-first-push.`
    }
  }
  if (status === 429) {
    return {
      fix: 'The registry is rate limiting this client and retries ran out; run again later or push fewer images in parallel.'
    }
  }
  if (status >= 500) {
    return { fix: 'The registry failed repeatedly; retries ran out. Try again later.' }
  }
  return { fix: 'The registry rejected the request; its own words follow.' }
}

function parseErrors(body: string): DistributionError[] {
  try {
    const parsed = JSON.parse(body) as { errors?: DistributionError[] }
    return Array.isArray(parsed.errors) ? parsed.errors : []
  } catch {
    return []
  }
}

function redact(text: string, secrets: string[]): string {
  return secrets.filter(Boolean).reduce((result, secret) => result.split(secret).join('***'), text)
}

function rootCause(error: unknown): string {
  let current = error
  while (isNativeError(current) && isNativeError(current.cause)) current = current.cause
  return isNativeError(current) ? current.message : String(current)
}
