import * as core from '@actions/core'
import { State } from '../common/constants.js'

/** What the post step needs to undo the main step's login. */
export interface LoginState {
  registry: string
  /** The client configuration directory the credentials were stored in. */
  dockerConfig: string
  /** True when the main step created that directory (the post step then removes it). */
  createdDockerConfig: boolean
  logout: boolean
}

/**
 * One bundle runs as both steps: the main step leaves `isPost` in its state, which the
 * runner hands only to the post step.
 */
export function isPostStep(): boolean {
  return core.getState(State.IsPost) === 'true'
}

export function markMainStepStarted(): void {
  core.saveState(State.IsPost, 'true')
}

export function saveLoginState(state: LoginState): void {
  core.saveState(State.Registry, state.registry)
  core.saveState(State.DockerConfig, state.dockerConfig)
  core.saveState(State.CreatedDockerConfig, String(state.createdDockerConfig))
  core.saveState(State.Logout, String(state.logout))
}

/** The saved login, or undefined when the main step stopped before logging in. */
export function readLoginState(): LoginState | undefined {
  const registry = core.getState(State.Registry)
  const dockerConfig = core.getState(State.DockerConfig)
  if (!registry || !dockerConfig) return undefined
  return {
    registry,
    dockerConfig,
    createdDockerConfig: core.getState(State.CreatedDockerConfig) === 'true',
    logout: core.getState(State.Logout) !== 'false'
  }
}
