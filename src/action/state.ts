import { State } from '../common/constants.js'
import type { ActionEnvironment } from './environment.js'

/** The part of the environment that carries state from the main step to the post step. */
export type StateStore = Pick<ActionEnvironment, 'saveState' | 'getState'>

/** What the post step needs to undo the main step's login. */
export interface LoginState {
  /** Every registry host the main step logs into. */
  registries: string[]
  /** The client configuration directory the credentials were stored in. */
  dockerConfig: string
  /** True when the main step created that directory (the post step then removes it). */
  createdDockerConfig: boolean
  logout: boolean
  /** The private file holding the configuration before the login, which the post step restores. */
  keptDockerConfig?: string
}

export function saveLoginState(store: StateStore, state: LoginState): void {
  // One host per line: the state's values are strings.
  store.saveState(State.Registry, state.registries.join('\n'))
  store.saveState(State.DockerConfig, state.dockerConfig)
  store.saveState(State.CreatedDockerConfig, String(state.createdDockerConfig))
  store.saveState(State.Logout, String(state.logout))
  if (state.keptDockerConfig) store.saveState(State.KeptDockerConfig, state.keptDockerConfig)
}

/** The saved login, or undefined when the main step stopped before logging in. */
export function readLoginState(store: Pick<StateStore, 'getState'>): LoginState | undefined {
  const registries = store.getState(State.Registry).split('\n').filter(Boolean)
  const dockerConfig = store.getState(State.DockerConfig)
  if (registries.length === 0 || !dockerConfig) return undefined
  const keptDockerConfig = store.getState(State.KeptDockerConfig)
  return {
    registries,
    dockerConfig,
    createdDockerConfig: store.getState(State.CreatedDockerConfig) === 'true',
    logout: store.getState(State.Logout) !== 'false',
    ...(keptDockerConfig ? { keptDockerConfig } : {})
  }
}
