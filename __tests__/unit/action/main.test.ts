import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { runMain } from '../../../src/action/main.js'
import { RegistryError } from '../../../src/common/errors.js'
import { DockerCommandError } from '../../../src/docker/cli.js'
import { Interrupted } from '../../../src/engine/cancel.js'
import { PartialPushError } from '../../../src/engine/partial-push.js'
import type { run } from '../../../src/engine/run.js'
import type { Plan } from '../../../src/engine/types.js'
import type { RunCredentials } from '../../../src/engine/api-key.js'
import { fakeRunner } from './runner.js'

const TOKEN = 'k]j64r{1sJSSF-;)K8'
const DIGEST = `sha256:${'ab'.repeat(32)}`
const REPOSITORY = 'fra.ocir.io/axaxnpcrorw5/project/app'
const REFERENCES = ['2.3.4', '2.3', '2', 'latest'].map(tag => `${REPOSITORY}:${tag}`)

const INPUTS = {
  region: 'fra',
  namespace: 'axaxnpcrorw5',
  username: 'jdoe@acme.com',
  'auth-token': ` ${TOKEN}\n`,
  image: 'app:1.0',
  repository: 'project/app'
}

let runnerTemp: string
beforeEach(async () => {
  runnerTemp = await mkdtemp(join(tmpdir(), 'ocir-push-main-test-'))
})
afterEach(async () => {
  await rm(runnerTemp, { recursive: true, force: true })
})

/** An engine that records what it was asked and answers `result`. */
function fakeEngine(result: Awaited<ReturnType<typeof run>>) {
  const calls: { plan: Plan; credentials: RunCredentials; signal: AbortSignal }[] = []
  const engine: typeof run = async (plan, credentials, _deps, signal) => {
    calls.push({ plan, credentials, signal })
    return result
  }
  return { engine, calls }
}

describe('the main step, in-process', () => {
  it('plans a dry run: outputs without a digest, a summary, no login and no state to clean up', async () => {
    const runner = fakeRunner({ inputs: { ...INPUTS, push: 'false' } })
    await runMain(runner.environment)
    expect(runner.failures).toEqual([])
    expect(runner.outputs).toEqual({
      registry: 'fra.ocir.io',
      username: 'axaxnpcrorw5/jdoe@acme.com',
      repository: REPOSITORY,
      tags: REFERENCES.join('\n'),
      'pull-reference': REFERENCES[0],
      version: '2.3.4',
      labels: expect.stringContaining('org.opencontainers.image.title=Hello-World\n'),
      annotations: expect.stringContaining('manifest:org.opencontainers.image.version=2.3.4'),
      json: expect.any(String)
    })
    expect(JSON.parse(runner.outputs.json!)).toMatchObject({
      digest: '',
      'pinned-reference': '',
      version: '2.3.4',
      labels: runner.outputs.labels!.split('\n'),
      annotations: runner.outputs.annotations!.split('\n')
    })
    expect(runner.summary.join('')).toContain(
      `### OCIR push planned: \`${REPOSITORY}\` (push: false`
    )
    expect(runner.log).toContain('push: false: nothing was logged in to or pushed')
    expect(runner.state).toEqual({})
    expect(runner.dockerConfigs).toEqual([])
    // The token is masked the moment it is read, and so is its Basic form.
    expect(runner.secrets[0]).toBe(TOKEN)
    expect(runner.secrets).toContain(
      Buffer.from(`axaxnpcrorw5/jdoe@acme.com:${TOKEN}`).toString('base64')
    )
  })

  it('stands in for metadata-action with push: false and no image: tags, version, labels, annotations', async () => {
    const runner = fakeRunner({
      inputs: {
        ...INPUTS,
        image: '',
        push: 'false',
        labels: 'org.opencontainers.image.title=app\nmaintainer=ops',
        annotations: 'org.opencontainers.image.vendor=Acme'
      }
    })
    await runMain(runner.environment)
    expect(runner.failures).toEqual([])
    expect(runner.outputs).toMatchObject({ tags: REFERENCES.join('\n'), version: '2.3.4' })
    const labels = runner.outputs.labels!.split('\n')
    expect(labels).toContain('maintainer=ops')
    expect(labels).toContain('org.opencontainers.image.title=app')
    expect(labels).not.toContain('org.opencontainers.image.title=Hello-World')
    expect(runner.outputs.annotations!.split('\n')).toContain(
      'manifest:org.opencontainers.image.vendor=Acme'
    )
    expect(runner.log).toContain('Image:      none (push: false: the metadata of a build to come)')
    expect(runner.summary.join('')).toContain(
      `### OCIR push planned: \`${REPOSITORY}\` (push: false`
    )
    expect(runner.summary.join('')).toContain('Version `2.3.4`')
    expect(runner.dockerConfigs).toEqual([])
  })

  it('fails a bad label line naming the labels input', async () => {
    const runner = fakeRunner({
      inputs: { ...INPUTS, push: 'false', labels: 'a=1\nrevision={{nope}}' }
    })
    await runMain(runner.environment)
    expect(runner.failures).toEqual([
      expect.objectContaining({
        title: "invalid input 'labels'",
        message: expect.stringMatching(/^input 'labels': line 2 'revision=\{\{nope\}\}'/)
      })
    ])
    expect(runner.outputs).toEqual({})
  })

  it('logs in only through docker login with the trimmed token, and leaves the post step its state', async () => {
    const logins: string[][] = []
    const runner = fakeRunner({
      inputs: { ...INPUTS, image: '', repository: '' },
      env: { RUNNER_TEMP: runnerTemp },
      docker: {
        login: async (host, username, token) => void logins.push([host, username, token])
      }
    })
    await runMain(runner.environment)
    expect(runner.failures).toEqual([])
    expect(logins).toEqual([['fra.ocir.io', 'axaxnpcrorw5/jdoe@acme.com', TOKEN]])
    const dockerConfig = runner.state['docker-config']!
    expect(dockerConfig.startsWith(join(runnerTemp, 'ocir-push-docker-config-'))).toBe(true)
    expect(runner.state).toEqual({
      registry: 'fra.ocir.io',
      'docker-config': dockerConfig,
      'created-docker-config': 'true',
      logout: 'true'
    })
    expect(runner.exported).toEqual({ DOCKER_CONFIG: dockerConfig })
    expect(runner.dockerConfigs).toEqual([dockerConfig])
    // Only outputs with a value are set: a login has no repository, tags or digest.
    expect(Object.keys(runner.outputs).sort()).toEqual(['json', 'registry', 'username'])
    expect(runner.summary.join('')).toContain('### Logged in to OCIR: `fra.ocir.io`')
    expect(runner.log).toContain('group: Log in to fra.ocir.io')
  })

  it('uses the job’s DOCKER_CONFIG when a step set one, and does not claim it', async () => {
    const runner = fakeRunner({
      inputs: { ...INPUTS, image: '', logout: 'false' },
      env: { DOCKER_CONFIG: runnerTemp },
      docker: { login: async () => undefined }
    })
    await runMain(runner.environment)
    expect(runner.state).toMatchObject({
      'docker-config': runnerTemp,
      'created-docker-config': 'false',
      logout: 'false'
    })
  })

  it('keeps the configuration it logs into, earlier login included, in a private file of the job, not in the state', async () => {
    const earlier = { auth: Buffer.from('someone:earlier-token').toString('base64') }
    const preset = join(runnerTemp, 'preset-config')
    await mkdir(preset)
    const text = JSON.stringify({
      auths: { 'fra.ocir.io': earlier, 'ghcr.io': { auth: 'b3RoZXI=' } }
    })
    await writeFile(join(preset, 'config.json'), text, { mode: 0o600 })
    const runner = fakeRunner({
      inputs: { ...INPUTS, image: '' },
      env: { DOCKER_CONFIG: preset, RUNNER_TEMP: runnerTemp },
      docker: { login: async () => undefined }
    })
    await runMain(runner.environment)
    expect(runner.failures).toEqual([])
    const kept = runner.state['kept-docker-config']!
    expect(kept.startsWith(join(runnerTemp, 'ocir-push-kept-docker-config-'))).toBe(true)
    expect((await stat(kept)).mode & 0o777).toBe(0o600)
    expect((await stat(dirname(kept))).mode & 0o777).toBe(0o700)
    expect(JSON.parse(await readFile(kept, 'utf8'))).toEqual({ text })
    expect(Object.values(runner.state).join('\n')).not.toContain(earlier.auth)
  })

  it('keeps nothing with logout: false', async () => {
    const preset = join(runnerTemp, 'preset-config')
    await mkdir(preset)
    const runner = fakeRunner({
      inputs: { ...INPUTS, image: '', logout: 'false' },
      env: { DOCKER_CONFIG: preset, RUNNER_TEMP: runnerTemp },
      docker: { login: async () => undefined }
    })
    await runMain(runner.environment)
    expect(runner.state['kept-docker-config']).toBeUndefined()
  })

  it('logs into ~/.docker in place, where later steps keep its logins and contexts', async () => {
    const home = join(runnerTemp, 'home')
    await mkdir(join(home, '.docker'), { recursive: true })
    const runner = fakeRunner({
      inputs: { ...INPUTS, image: '' },
      env: { HOME: home, RUNNER_TEMP: runnerTemp },
      docker: { login: async () => undefined }
    })
    await runMain(runner.environment)
    expect(runner.failures).toEqual([])
    expect(runner.dockerConfigs).toEqual([join(home, '.docker')])
    expect(runner.exported).toEqual({ DOCKER_CONFIG: join(home, '.docker') })
    expect(runner.state['created-docker-config']).toBe('false')
  })

  it('logs into a job-scoped copy when ~/.docker/config.json can be read by others, and says so', async () => {
    const home = join(runnerTemp, 'home')
    await mkdir(join(home, '.docker'), { recursive: true })
    await writeFile(join(home, '.docker', 'config.json'), '{"currentContext":"remote"}', {
      mode: 0o644
    })
    const runner = fakeRunner({
      inputs: { ...INPUTS, image: '' },
      env: { HOME: home, RUNNER_TEMP: runnerTemp },
      docker: { login: async () => undefined }
    })
    await runMain(runner.environment)
    expect(runner.failures).toEqual([])
    const copy = runner.state['docker-config']!
    expect(copy.startsWith(join(runnerTemp, 'ocir-push-docker-config-'))).toBe(true)
    expect(runner.state['created-docker-config']).toBe('true')
    expect(JSON.parse(await readFile(join(copy, 'config.json'), 'utf8'))).toEqual({
      currentContext: 'remote'
    })
    expect(runner.notices).toEqual([
      expect.stringContaining(`${join(home, '.docker', 'config.json')} can be read by other users`)
    ])
  })

  it('masks every Bearer token the engine obtains', async () => {
    const runner = fakeRunner({ inputs: INPUTS, env: { RUNNER_TEMP: runnerTemp } })
    const engine: typeof run = async (_plan, _credentials, deps) => {
      deps.onSecret?.('bearer-from-the-registry')
      return { status: 'failed', error: new RegistryError('denied', { fix: 'x' }) }
    }
    await runMain(runner.environment, { engine })
    expect(runner.secrets).toContain('bearer-from-the-registry')
  })

  it.each([
    ['true', true],
    ['false', false]
  ])(
    'asks the engine for the image size only for the job summary (summary: %s)',
    async (summary, imageSize) => {
      const runner = fakeRunner({
        inputs: { ...INPUTS, summary },
        env: { RUNNER_TEMP: runnerTemp }
      })
      const asked: Array<boolean | undefined> = []
      const engine: typeof run = async (_plan, _credentials, deps) => {
        asked.push(deps.imageSize)
        return { status: 'failed', error: new RegistryError('denied', { fix: 'x' }) }
      }
      await runMain(runner.environment, { engine })
      expect(asked).toEqual([imageSize])
    }
  )

  it('reports a push: digest, pinned reference, summary and pull lines', async () => {
    const { engine, calls } = fakeEngine({
      status: 'succeeded',
      outputs: {
        registry: 'fra.ocir.io',
        username: 'axaxnpcrorw5/jdoe@acme.com',
        repository: REPOSITORY,
        tags: REFERENCES,
        'pull-reference': REFERENCES[0]!,
        digest: DIGEST,
        'pinned-reference': `${REPOSITORY}@${DIGEST}`,
        version: '2.3.4',
        labels: [],
        annotations: [],
        targets: [
          {
            registry: 'fra.ocir.io',
            repository: REPOSITORY,
            tags: REFERENCES,
            'pull-reference': REFERENCES[0]!,
            digest: DIGEST,
            'pinned-reference': `${REPOSITORY}@${DIGEST}`
          }
        ]
      },
      pushes: [{ digest: DIGEST, pushed: REFERENCES, platforms: ['linux/amd64'], size: 1234 }]
    })
    const signal = new AbortController().signal
    const runner = fakeRunner({ inputs: INPUTS, env: { RUNNER_TEMP: runnerTemp } })
    await runMain(runner.environment, { engine, signal })
    expect(calls).toHaveLength(1)
    expect(calls[0]).toMatchObject({
      plan: { mode: 'push', repositoryPath: 'axaxnpcrorw5/project/app', references: REFERENCES },
      credentials: { username: 'axaxnpcrorw5/jdoe@acme.com', token: TOKEN },
      signal
    })
    expect(runner.failures).toEqual([])
    expect(runner.outputs).toMatchObject({
      digest: DIGEST,
      'pinned-reference': `${REPOSITORY}@${DIGEST}`,
      tags: REFERENCES.join('\n')
    })
    expect(runner.summary.join('')).toContain(`### Pushed to OCIR: \`${REPOSITORY}\``)
    expect(runner.log).toContain(`Pull:   docker pull ${REFERENCES[0]}`)
  })

  it('fails a partial push with the outputs of exactly the tags that exist', async () => {
    const failure = new RegistryError('the registry refused tag 2', { fix: 'Run the push again.' })
    const error = new PartialPushError(DIGEST, [REFERENCES[0]!], failure)
    const { engine } = fakeEngine({
      status: 'failed',
      error,
      outputs: {
        registry: 'fra.ocir.io',
        username: 'axaxnpcrorw5/jdoe@acme.com',
        repository: REPOSITORY,
        tags: [REFERENCES[0]!],
        'pull-reference': REFERENCES[0]!,
        digest: DIGEST,
        'pinned-reference': `${REPOSITORY}@${DIGEST}`,
        version: '2.3.4',
        labels: [],
        annotations: [],
        targets: [
          {
            registry: 'fra.ocir.io',
            repository: REPOSITORY,
            tags: [REFERENCES[0]!],
            'pull-reference': REFERENCES[0]!,
            digest: DIGEST,
            'pinned-reference': `${REPOSITORY}@${DIGEST}`,
            error: error.message
          }
        ]
      }
    })
    const runner = fakeRunner({ inputs: INPUTS, env: { RUNNER_TEMP: runnerTemp } })
    await runMain(runner.environment, { engine })
    expect(runner.outputs).toMatchObject({ tags: REFERENCES[0], digest: DIGEST })
    expect(runner.failures).toEqual([
      {
        message: expect.stringMatching(
          /refused tag 2 \(pushed so far: .*\)\nFix: Run the push again/
        ),
        title: 'registry error',
        exitCode: 1
      }
    ])
    const summary = runner.summary.join('')
    expect(summary).toContain(`### OCIR push to \`${REPOSITORY}\` failed: registry error`)
    expect(summary).toContain(`| \`${REFERENCES[0]}\` | pushed |`)
    expect(summary).toContain(`| \`${REFERENCES[1]}\` | not pushed |`)
  })

  it.each([
    ['a success', { ...INPUTS, push: 'false' }],
    ['a failure', { ...INPUTS, tags: 'v1/beta' }]
  ])('with summary: false writes no job summary after %s', async (_, inputs) => {
    const runner = fakeRunner({ inputs: { ...inputs, summary: 'false' } })
    await runMain(runner.environment)
    expect(runner.summary).toEqual([])
  })

  it('fails with 143 when the run was cancelled by SIGTERM', async () => {
    const { engine } = fakeEngine({ status: 'cancelled', reason: new Interrupted('SIGTERM') })
    const runner = fakeRunner({ inputs: INPUTS, env: { RUNNER_TEMP: runnerTemp } })
    await runMain(runner.environment, { engine })
    expect(runner.failures).toEqual([
      { message: expect.stringContaining('SIGTERM'), title: 'cancelled', exitCode: 143 }
    ])
    expect(runner.outputs).toEqual({})
  })

  it('stops a login in flight when the signal is aborted, and fails with 130', async () => {
    const controller = new AbortController()
    const runner = fakeRunner({
      inputs: { ...INPUTS, image: '' },
      env: { RUNNER_TEMP: runnerTemp },
      docker: {
        login: (_host, _username, _token, signal) =>
          new Promise((_resolve, reject) => {
            signal?.addEventListener('abort', () => reject(signal.reason))
            controller.abort(new Interrupted('SIGINT'))
          })
      }
    })
    await runMain(runner.environment, { signal: controller.signal })
    expect(runner.failures).toEqual([
      { message: expect.stringContaining('SIGINT'), title: 'cancelled', exitCode: 130 }
    ])
  })

  it('words a Docker failure once, with the fix', async () => {
    const runner = fakeRunner({
      inputs: { ...INPUTS, image: '' },
      env: { RUNNER_TEMP: runnerTemp },
      docker: {
        login: () =>
          Promise.reject(
            new DockerCommandError('docker login: the engine at unix:///x.sock is not reachable', {
              reason: 'daemon-unreachable',
              command: 'login',
              exitCode: 1,
              stderr: 'Cannot connect to the Docker daemon at unix:///x.sock.',
              dockerHost: 'unix:///x.sock'
            })
          )
      }
    })
    await runMain(runner.environment)
    expect(runner.failures).toEqual([
      {
        message: expect.stringMatching(
          /^Docker is installed but its engine is not running at unix:\/\/\/x\.sock.*\nFix: Start the Docker engine.*'oci:<dir>'/s
        ),
        title: 'Docker error',
        exitCode: 1
      }
    ])
    // Saved before the login, so the post step still cleans up.
    expect(runner.state.registry).toBe('fra.ocir.io')
  })

  it('reports every wrong input at once: one annotation each, the step failed once, nothing stored', async () => {
    const runner = fakeRunner({
      inputs: {
        ...INPUTS,
        region: 'mars',
        namespace: 'AXAX',
        'auth-token': '',
        flavor: 'latest=maybe',
        logout: 'nope'
      }
    })
    await runMain(runner.environment)
    expect(runner.failures).toEqual(
      [
        ['logout', /^input 'logout': must be 'true' or 'false'; got 'nope'\nFix: Write logout: /],
        ['region', /^input 'region': .*\nFix: .*eu-marseille-1/s],
        ['namespace', /^input 'namespace': .*upper case.*\nFix: .*Object Storage namespace/s],
        ['flavor', /^input 'flavor': .*latest='maybe'.*\nFix: flavor accepts/s],
        ['auth-token', /^input 'auth-token': auth-token is empty\nFix: Generate one/]
      ].map(([input, message]) => ({
        message: expect.stringMatching(message as RegExp),
        title: `invalid input '${input as string}'`,
        exitCode: 1
      }))
    )
    expect(runner.exits).toEqual([1])
    expect(runner.state).toEqual({})
    expect(runner.outputs).toEqual({})
    const summary = runner.summary.join('')
    expect(summary).toContain(
      "### OCIR push failed: invalid inputs 'logout', 'region', 'namespace', 'flavor', 'auth-token'"
    )
    for (const input of ['logout', 'region', 'namespace', 'flavor', 'auth-token']) {
      expect(summary).toContain(`Input \`${input}\`: `)
    }
    expect(summary.match(/\*\*Fix:\*\*/g)).toHaveLength(5)
  })

  it('shows what was attempted when only the auth token is wrong', async () => {
    const runner = fakeRunner({ inputs: { ...INPUTS, 'auth-token': '' } })
    await runMain(runner.environment)
    expect(runner.failures).toEqual([
      { message: expect.any(String), title: "invalid input 'auth-token'", exitCode: 1 }
    ])
    expect(runner.summary.join('')).toContain(
      `### OCIR push to \`${REPOSITORY}\` failed: invalid input 'auth-token'`
    )
  })

  it('fails on an invalid input before anything is stored, naming the input', async () => {
    const runner = fakeRunner({ inputs: { ...INPUTS, namespace: 'AXAX' } })
    await runMain(runner.environment)
    expect(runner.failures).toEqual([
      { message: expect.any(String), title: "invalid input 'namespace'", exitCode: 1 }
    ])
    expect(runner.state).toEqual({})
    expect(runner.summary.join('')).toContain("### OCIR push failed: invalid input 'namespace'")
  })
})
