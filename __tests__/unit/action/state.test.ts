import { postRunnerEnvironment } from '../../../src/action/post.js'
import * as state from '../../../src/action/state.js'

const readLoginState = () => state.readLoginState(postRunnerEnvironment())

/** The runner hands the post step its saved state as STATE_<name> variables. */
function withState<T>(state: Record<string, string>, fn: () => T): T {
  const saved = { ...process.env }
  for (const name of Object.keys(process.env))
    if (name.startsWith('STATE_')) delete process.env[name]
  for (const [name, value] of Object.entries(state)) process.env[`STATE_${name}`] = value
  try {
    return fn()
  } finally {
    process.env = saved
  }
}

describe('post-step state', () => {
  it('reads the saved login', () => {
    const state = {
      registry: 'fra.ocir.io',
      'docker-config': '/runner/_temp/ocir-push-docker-config-x',
      'created-docker-config': 'true',
      logout: 'false'
    }
    expect(withState(state, readLoginState)).toEqual({
      registries: ['fra.ocir.io'],
      dockerConfig: '/runner/_temp/ocir-push-docker-config-x',
      createdDockerConfig: true,
      logout: false
    })
  })

  it('saves and reads every registry of a run with several, one per line', () => {
    const saved: Record<string, string> = {}
    state.saveLoginState(
      { saveState: (name, value) => (saved[name] = value), getState: name => saved[name] ?? '' },
      {
        registries: ['fra.ocir.io', 'ams.ocir.io'],
        dockerConfig: '/home/u/.docker',
        createdDockerConfig: false,
        logout: true
      }
    )
    expect(saved.registry).toBe('fra.ocir.io\nams.ocir.io')
    expect(withState(saved, readLoginState)?.registries).toEqual(['fra.ocir.io', 'ams.ocir.io'])
  })

  it('has no login when the main step stopped before logging in', () => {
    expect(withState({}, readLoginState)).toBeUndefined()
    expect(withState({ registry: 'fra.ocir.io' }, readLoginState)).toBeUndefined()
  })

  it('logs out unless logout: false was saved, and removes only a directory it created', () => {
    const login = withState(
      { registry: 'fra.ocir.io', 'docker-config': '/home/u/.docker-ci' },
      readLoginState
    )
    expect(login).toMatchObject({ logout: true, createdDockerConfig: false })
  })
})
