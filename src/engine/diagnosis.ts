import { DockerCommandError } from '../docker/cli.js'
import { diagnoseDockerFailure, type FailureContext } from '../ocir/index.js'
import type { Credentials } from '../registry/credentials.js'
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

/** Runs docker commands, turning a failure into what it means for the user and the fix. */
export async function diagnosed<T>(
  context: FailureContext,
  commands: () => Promise<T>
): Promise<T> {
  try {
    return await commands()
  } catch (error) {
    throw error instanceof DockerCommandError ? diagnosis(error, context) : error
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
