import * as core from '@actions/core'
import { DockerCli } from '../docker/cli.js'
import { removeDockerConfigDir } from '../docker/config.js'
import { formatError } from '../common/errors.js'
import { logout } from '../engine/run.js'
import { actionLogger } from './logger.js'
import { readLoginState } from './state.js'

/** The post step (runs even when the main step failed): removes what the main step stored. */
export async function runPost(): Promise<void> {
  const state = readLoginState()
  if (!state) {
    core.info('Nothing to clean up: the main step did not log in')
    return
  }
  if (!state.logout) {
    core.info(
      `logout: false: the credentials for ${state.registry} stay in ${state.dockerConfig} until the job ends`
    )
    return
  }
  try {
    const docker = new DockerCli({
      configDir: state.dockerConfig,
      env: process.env,
      logger: actionLogger
    })
    await logout(state.registry, {
      docker,
      dockerConfigDir: state.dockerConfig,
      logger: actionLogger
    })
    if (state.createdDockerConfig) {
      await removeDockerConfigDir(state.dockerConfig)
      core.info(`Removed the job's Docker config ${state.dockerConfig}`)
    }
  } catch (error) {
    core.setFailed(formatError(error))
  }
}
