import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { runPost } from '../../../src/action/post.js'
import { keepDockerConfig } from '../../../src/action/kept-docker-config.js'
import { storeLoginInFile, writeAuth } from '../../../src/docker/config.js'
import { DockerCommandError } from '../../../src/docker/cli.js'
import { fakeRunner } from './runner.js'

const REGISTRY = 'fra.ocir.io'

let work: string
let dockerConfig: string
beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'ocir-push-post-test-'))
  dockerConfig = join(work, 'docker-config')
  await writeConfig({
    auths: { [REGISTRY]: { auth: 'bnM6dG9rZW4=' }, 'ghcr.io': { auth: 'b3RoZXI=' } }
  })
})
afterEach(async () => {
  await rm(work, { recursive: true, force: true })
})

async function writeConfig(config: object): Promise<void> {
  await rm(dockerConfig, { recursive: true, force: true })
  await mkdir(dockerConfig)
  await writeFile(join(dockerConfig, 'config.json'), JSON.stringify(config))
}

function savedLogin(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    registry: REGISTRY,
    'docker-config': dockerConfig,
    'created-docker-config': 'false',
    logout: 'true',
    ...overrides
  }
}

async function storedHosts(): Promise<string[]> {
  const config = JSON.parse(await readFile(join(dockerConfig, 'config.json'), 'utf8')) as {
    auths: Record<string, unknown>
  }
  return Object.keys(config.auths)
}

describe('the post step, in-process', () => {
  it('has nothing to do when the main step did not log in', async () => {
    const runner = fakeRunner({ state: {} })
    await runPost(runner.environment)
    expect(runner.log).toEqual(['Nothing to clean up: the main step did not log in'])
    expect(runner.failures).toEqual([])
    expect(runner.dockerConfigs).toEqual([])
  })

  it('says nothing about credentials when a failed login stored none', async () => {
    await writeConfig({ auths: { 'ghcr.io': { auth: 'b3RoZXI=' } } })
    const runner = fakeRunner({ state: savedLogin({ 'created-docker-config': 'true' }) })
    await runPost(runner.environment)
    expect(runner.failures).toEqual([])
    expect(runner.log).toEqual([`Removed the job's Docker config ${dockerConfig}`])
  })

  it('keeps the login with logout: false', async () => {
    const runner = fakeRunner({ state: savedLogin({ logout: 'false' }) })
    await runPost(runner.environment)
    expect(runner.log).toEqual([
      `logout: false: the credentials for ${REGISTRY} stay in ${dockerConfig} until the job ends`
    ])
    expect(await storedHosts()).toEqual([REGISTRY, 'ghcr.io'])
  })

  it('removes only its registry from a config it did not create, without starting Docker', async () => {
    const runner = fakeRunner({ state: savedLogin() })
    await runPost(runner.environment)
    expect(runner.failures).toEqual([])
    expect(await storedHosts()).toEqual(['ghcr.io'])
    expect(runner.log).toContain(`Removed the credentials for ${REGISTRY}`)
  })

  it('puts back the login an earlier step had stored, and deletes the file that kept it', async () => {
    const before = await readFile(join(dockerConfig, 'config.json'), 'utf8')
    const kept = await keepDockerConfig(dockerConfig, work)
    await writeAuth(dockerConfig, REGISTRY, 'ns/this-run', 'this-run-token')
    const runner = fakeRunner({ state: savedLogin({ 'kept-docker-config': kept }) })
    await runPost(runner.environment)
    expect(runner.failures).toEqual([])
    expect(await readFile(join(dockerConfig, 'config.json'), 'utf8')).toBe(before)
    expect(existsSync(dirname(kept))).toBe(false)
    expect(runner.log).toContain(`Restored ${dockerConfig} as it was before the login`)
  })

  it('gives back a config.json with a credential helper byte for byte, and keeps what later steps added', async () => {
    const before = '{\n  "credsStore": "desktop",\n  "auths": {"ghcr.io": {}}\n}\n'
    await writeFile(join(dockerConfig, 'config.json'), before)
    const kept = await keepDockerConfig(dockerConfig, work)
    await storeLoginInFile(dockerConfig, REGISTRY)
    await writeAuth(dockerConfig, REGISTRY, 'ns/this-run', 'this-run-token')
    const logouts: string[] = []
    const runner = fakeRunner({
      state: savedLogin({ 'kept-docker-config': kept }),
      docker: { logout: async host => void logouts.push(host) }
    })
    await runPost(runner.environment)
    expect(runner.failures).toEqual([])
    // The override sent this run's login to the file, not the helper: no docker logout needed.
    expect(logouts).toEqual([])
    expect(await readFile(join(dockerConfig, 'config.json'), 'utf8')).toBe(before)
  })

  it('removes a config.json that did not exist before the login', async () => {
    await rm(join(dockerConfig, 'config.json'))
    const kept = await keepDockerConfig(dockerConfig, work)
    await writeAuth(dockerConfig, REGISTRY, 'ns/this-run', 'this-run-token')
    const runner = fakeRunner({ state: savedLogin({ 'kept-docker-config': kept }) })
    await runPost(runner.environment)
    expect(runner.failures).toEqual([])
    expect(existsSync(join(dockerConfig, 'config.json'))).toBe(false)
  })

  it('removes the config directory it created', async () => {
    const runner = fakeRunner({ state: savedLogin({ 'created-docker-config': 'true' }) })
    await runPost(runner.environment)
    expect(runner.failures).toEqual([])
    expect(existsSync(dockerConfig)).toBe(false)
  })

  it('logs out through docker when a credential helper holds the login, and fails with the diagnosis', async () => {
    await writeConfig({ auths: {}, credsStore: 'secretservice' })
    const logouts: string[] = []
    const runner = fakeRunner({
      state: savedLogin({ 'created-docker-config': 'true' }),
      docker: {
        logout: async host => {
          logouts.push(host)
          throw new DockerCommandError('docker logout exited with code 1', {
            reason: 'failed',
            command: 'logout',
            exitCode: 1,
            stderr: 'error erasing credentials: secretservice: locked'
          })
        }
      }
    })
    await runPost(runner.environment)
    expect(logouts).toEqual([REGISTRY])
    expect(runner.failures).toEqual([
      {
        message: expect.stringContaining('error erasing credentials'),
        title: 'logout failed',
        exitCode: 1
      }
    ])
    // Not removed: the helper still holds the login the directory names.
    expect(existsSync(dockerConfig)).toBe(true)
  })
})
