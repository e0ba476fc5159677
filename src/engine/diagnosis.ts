import { DockerCommandError } from '../docker/cli.js'
import {
  diagnoseDockerFailure,
  diagnoseNetworkError,
  diagnoseRegistryFailure,
  type FailureContext
} from '../ocir/index.js'
import type { Credentials } from '../registry/credentials.js'
import {
  RegistryNetworkError,
  RegistryRequestError,
  RegistryResponseError,
  StalledRequestError,
  UntrustedCertificateError
} from '../registry/errors.js'
import { PartialPushError } from './partial-push.js'
import type { Plan } from './types.js'

/**
 * The one place where a failure of an effect (a docker command, a registry request) gets
 * OCIR's wording: the typed error below becomes the message, the input at fault and the fix.
 */

/** What the diagnosis may show about a run: never the token itself, which it redacts. */
export function failureContext(plan: Plan, credentials: Credentials): FailureContext {
  return {
    host: plan.registry,
    username: credentials.username,
    namespace: plan.namespace,
    ...(plan.repository ? { repository: plan.repository } : {}),
    ...(plan.hostInput ? { hostInput: plan.hostInput } : {}),
    secrets: [credentials.token]
  }
}

/**
 * What a failure means for the user: a registry request's typed error or a failed docker
 * command becomes the diagnosed `OcirPushError`; anything else (already diagnosed, an abort)
 * is returned as it is. OCI's own failures (`src/oci/errors.ts`: clock skew with the skew,
 * NotAuthorizedOrNotFound with the policy statement, the key's checks) are typed by cause and
 * carry their fix and input from where they are thrown, so they pass unchanged.
 */
export function explainFailure(error: unknown, context: FailureContext): unknown {
  if (error instanceof DockerCommandError) return diagnosis(error, context)
  if (error instanceof RegistryRequestError) return explainRequest(error, context)
  // Tags that were pushed before one failed: the report keeps them, the failure gets its words.
  if (error instanceof PartialPushError && error.failure.cause instanceof RegistryRequestError) {
    const failure = explainRequest(error.failure.cause, context)
    return new PartialPushError(error.digest, error.pushed, failure)
  }
  return error
}

function explainRequest(error: RegistryRequestError, context: FailureContext) {
  const facts: FailureContext = {
    ...context,
    ...repositoryOf(error.repository),
    attempts: error.attempts
  }
  if (error instanceof RegistryResponseError) {
    return diagnoseRegistryFailure({
      ...facts,
      phase: error.phase,
      status: error.status,
      message: error.body
    })
  }
  const { host, ...rest } = facts
  return diagnoseNetworkError(error, host, rest, {
    ...(error instanceof RegistryNetworkError && error.code ? { code: error.code } : {}),
    ...(error instanceof UntrustedCertificateError
      ? {
          code: error.code,
          certificate: { host: error.host, problem: error.problem, code: error.code }
        }
      : {}),
    stalled: error instanceof StalledRequestError
  })
}

/** A request's `<namespace>/<repo>` path, as the diagnosis names it. */
function repositoryOf(path: string | undefined): Pick<FailureContext, 'namespace' | 'repository'> {
  if (!path) return {}
  const [namespace, ...rest] = path.split('/')
  return rest.length > 0 ? { namespace, repository: rest.join('/') } : { repository: path }
}

/** Runs docker commands or registry requests, explaining a failure (see `explainFailure`). */
export async function diagnosed<T>(
  context: FailureContext,
  operation: () => Promise<T>
): Promise<T> {
  try {
    return await operation()
  } catch (error) {
    throw explainFailure(error, context)
  }
}

export function diagnosis(error: DockerCommandError, context: FailureContext): Error {
  return diagnoseDockerFailure({
    ...context,
    command: error.command,
    stderr: error.stderr,
    reason: error.reason,
    ...(error.dockerHost ? { dockerHost: error.dockerHost } : {}),
    ...(error.exitCode === undefined ? {} : { exitCode: error.exitCode }),
    ...(error.spawnErrorCode ? { spawnErrorCode: error.spawnErrorCode } : {})
  })
}
