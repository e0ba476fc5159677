import { tmpdir } from 'node:os'
import { removeDockerConfigDir } from '../docker/config.js'
import { formatError } from '../common/errors.js'
import { logout } from '../engine/run.js'
import { runnerEnvironment } from './environment.js'
import type { ActionEnvironment } from './environment.js'
import { restoreDockerConfig } from './kept-docker-config.js'
import { readLoginState } from './state.js'

/** The post step (runs even when the main step failed): removes what the main step stored. */
export async function runPost(environment: ActionEnvironment = runnerEnvironment()): Promise<void> {
  const { logger } = environment
  const state = readLoginState(environment)
  if (!state) {
    logger.info('Nothing to clean up: the main step did not log in')
    return
  }
  if (!state.logout) {
    logger.info(
      `logout: false: the credentials for ${state.registry} stay in ${state.dockerConfig} until the job ends`
    )
    return
  }
  try {
    await logout(state.registry, {
      docker: environment.docker(state.dockerConfig),
      dockerConfigDir: state.dockerConfig,
      temporaryDirectory: environment.env.RUNNER_TEMP || tmpdir(),
      logger
    })
    if (state.keptDockerConfig) {
      await restoreDockerConfig(state.dockerConfig, state.registry, state.keptDockerConfig)
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
