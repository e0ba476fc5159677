import { tmpdir } from 'node:os'
import { removeDockerConfigDir } from '../docker/config.js'
import { formatError } from '../common/errors.js'
import { DockerCli } from '../docker/cli.js'
import { logout } from '../engine/logout.js'
import type { ActionEnvironment } from './environment.js'
import { failStep, jobLogger, workflowCommands } from './job-log.js'
import { restoreDockerConfig } from './kept-docker-config.js'
import { readLoginState } from './state.js'

/** What the post step uses of the runner. */
export type PostEnvironment = Pick<
  ActionEnvironment,
  'env' | 'getState' | 'logger' | 'fail' | 'docker'
>

/**
 * The runner as the post step sees it. Built from the process alone, without @actions/core
 * or the main step's modules, so that its bundle (dist/post.js) loads in a moment.
 */
export function postRunnerEnvironment(): PostEnvironment {
  const env = process.env
  const logger = jobLogger(workflowCommands)
  return {
    env,
    // Where the runner puts what the main step saved (as @actions/core's getState reads it).
    getState: name => env[`STATE_${name}`] ?? '',
    logger,
    fail: (failures, exitCode) => failStep(workflowCommands, failures, exitCode),
    docker: configDir => new DockerCli({ configDir, env, logger })
  }
}

/** The post step (runs even when the main step failed): removes what the main step stored. */
export async function runPost(
  environment: PostEnvironment = postRunnerEnvironment()
): Promise<void> {
  const { logger } = environment
  const state = readLoginState(environment)
  if (!state) {
    logger.info('Nothing to clean up: the main step did not log in')
    return
  }
  if (!state.logout) {
    logger.info(
      `logout: false: the credentials for ${state.registries.join(', ')} stay in ${state.dockerConfig} until the job ends`
    )
    return
  }
  try {
    const deps = {
      docker: environment.docker(state.dockerConfig),
      dockerConfigDir: state.dockerConfig,
      temporaryDirectory: environment.env.RUNNER_TEMP || tmpdir(),
      logger
    }
    // One after the other: they share one config.json.
    for (const registry of state.registries) await logout(registry, deps)
    if (state.keptDockerConfig) {
      await restoreDockerConfig(state.dockerConfig, state.registries, state.keptDockerConfig)
      logger.info(`Restored ${state.dockerConfig} as it was before the login`)
    }
    if (state.createdDockerConfig) {
      await removeDockerConfigDir(state.dockerConfig)
      logger.info(`Removed the job's Docker config ${state.dockerConfig}`)
    }
  } catch (error) {
    environment.fail([{ message: formatError(error), title: 'logout failed' }], 1)
  }
}
