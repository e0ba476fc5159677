import type { Credentials } from './credentials.js'
import type { RegistryError } from '../common/errors.js'
import {
  diagnoseNetworkError,
  diagnoseRegistryFailure,
  type FailureContext,
  type RegistryFailure
} from '../ocir/diagnose.js'

/** What was being done when the registry said no; the diagnosis words the message from it. */
export interface RequestContext {
  /** `token`: the Bearer token endpoint; `ping`: `GET /v2/`; `login`: the pre-flight check. */
  phase: RegistryFailure['phase']
  /** Path under the host: `<namespace>/<repo>`. */
  repository?: string
  attempts?: number
}

/** What the diagnosis may know about the client; the token only so it can be redacted. */
export interface ClientFacts {
  host: string
  credentials?: Credentials
  hostInput?: FailureContext['hostInput']
}

function context(request: RequestContext, client: ClientFacts): FailureContext {
  const [namespace, ...rest] = request.repository?.split('/') ?? []
  return {
    host: client.host,
    username: client.credentials?.username,
    namespace: rest.length > 0 ? namespace : undefined,
    repository: rest.length > 0 ? rest.join('/') : request.repository,
    secrets: client.credentials ? [client.credentials.token] : [],
    ...(client.hostInput ? { hostInput: client.hostInput } : {}),
    attempts: request.attempts
  }
}

/** A non-success answer as a diagnosed `RegistryError`: the fix, then the registry's words. */
export function registryFailure(
  status: number,
  body: string,
  request: RequestContext,
  client: ClientFacts
): RegistryError {
  return diagnoseRegistryFailure({
    ...context(request, client),
    phase: request.phase,
    status,
    message: body
  })
}

/** A request that got no answer at all: refused, reset, DNS or TLS failure, stall. */
export function transportFailure(
  error: unknown,
  request: RequestContext,
  client: ClientFacts
): RegistryError {
  return diagnoseNetworkError(error, client.host, context(request, client))
}
