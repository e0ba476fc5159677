import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { formatError, RegistryError } from '../../../src/common/errors.js'
import type { Logger } from '../../../src/common/logger.js'
import type { DockerCommands } from '../../../src/docker/cli.js'
import { Interrupted } from '../../../src/engine/cancel.js'
import { fanOutTags } from '../../../src/engine/daemonless.js'
import { PartialPushError } from '../../../src/engine/partial-push.js'
import { run } from '../../../src/engine/run.js'
import type { RunDeps } from '../../../src/engine/run.js'
import type { Plan } from '../../../src/engine/types.js'
import { oneTarget } from '../../support/plan-settings.js'
import type { RegistryClient } from '../../../src/registry/client.js'
import { sha256Digest } from '../../../src/image/digest.js'
import { serversPerTest, type TestServer } from '../../support/http-server.js'

const quiet: Logger = {
  info: () => undefined,
  warning: () => undefined,
  debug: () => undefined,
  group: (_name, fn) => fn()
}
const credentials = { username: 'demo/jdoe', token: 'k]j64r{1sJSSF-;)K8' }

const LOGIN: Plan = oneTarget({
  registry: 'fra.ocir.io',
  hostInput: 'region',
  namespace: 'demo',
  username: credentials.username,
  push: true,
  notices: [],
  mode: 'login',
  repository: '',
  repositoryPath: '',
  repositoryReference: '',
  tags: [],
  references: [],
  version: '',
  labels: [],
  annotations: []
})

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ocir-push-engine-test-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

function deps(docker: Partial<DockerCommands>): RunDeps {
  const refuse = () => Promise.reject(new Error('not expected'))
  return {
    docker: {
      login: refuse,
      logout: refuse,
      tag: refuse,
      push: refuse,
      save: refuse,
      findImage: refuse,
      ...docker
    },
    dockerConfigDir: dir,
    temporaryDirectory: dir,
    logger: quiet,
    endpointEnv: {}
  }
}

describe('run', () => {
  it('logs in only: succeeded, with the outputs of the login', async () => {
    const hosts: string[] = []
    const result = await run(
      LOGIN,
      credentials,
      deps({ login: async host => void hosts.push(host) }),
      new AbortController().signal
    )
    expect(hosts).toEqual(['fra.ocir.io'])
    expect(result).toEqual({
      status: 'succeeded',
      outputs: expect.objectContaining({ registry: 'fra.ocir.io', digest: '' })
    })
  })

  it('resolves to failed with the diagnosis, never throwing', async () => {
    const result = await run(
      LOGIN,
      credentials,
      deps({ login: () => Promise.reject(new RegistryError('denied', { fix: 'Check it' })) }),
      new AbortController().signal
    )
    expect(result).toMatchObject({ status: 'failed', error: { message: 'denied' } })
    expect(result).not.toHaveProperty('outputs')
  })

  it('sends the login to config.json past a credential helper, and gives the helper back when it is refused', async () => {
    const config = JSON.stringify({ credsStore: 'desktop' })
    await writeFile(join(dir, 'config.json'), config)
    const seen: string[] = []
    const result = await run(
      LOGIN,
      credentials,
      deps({
        login: async () => {
          seen.push(await readFile(join(dir, 'config.json'), 'utf8'))
          throw new RegistryError('denied', { fix: 'Check it' })
        }
      }),
      new AbortController().signal
    )
    expect(result).toMatchObject({ status: 'failed' })
    expect(JSON.parse(seen[0]!)).toEqual({
      credsStore: 'desktop',
      credHelpers: { 'fra.ocir.io': '' }
    })
    expect(JSON.parse(await readFile(join(dir, 'config.json'), 'utf8'))).toEqual({
      credsStore: 'desktop',
      credHelpers: {}
    })
  })

  it('resolves to cancelled with the signal’s reason once the work stopped', async () => {
    const controller = new AbortController()
    const result = await run(
      LOGIN,
      credentials,
      deps({
        login: (_host, _username, _token, signal) =>
          new Promise((_resolve, reject) => {
            signal?.addEventListener('abort', () => reject(signal.reason))
            controller.abort(new Interrupted('SIGTERM'))
          })
      }),
      controller.signal
    )
    expect(result).toEqual({ status: 'cancelled', reason: new Interrupted('SIGTERM') })
    expect((result as { reason: Interrupted }).reason.exitCode).toBe(143)
  })

  it('stores the credentials without Docker when merging digests', async () => {
    const merge: Plan = oneTarget({
      ...LOGIN,
      mode: 'merge',
      digests: [`sha256:${'a'.repeat(64)}`],
      repository: 'app',
      repositoryPath: 'demo/app',
      repositoryReference: 'fra.ocir.io/demo/app',
      tags: ['1'],
      references: ['fra.ocir.io/demo/app:1']
    })
    const controller = new AbortController()
    // Cancelled before the push reaches the registry: only the login has happened.
    controller.abort(new Interrupted('SIGINT'))
    const result = await run(merge, credentials, deps({}), controller.signal)
    expect(result.status).toBe('cancelled')
    const config = JSON.parse(await readFile(join(dir, 'config.json'), 'utf8')) as {
      auths: Record<string, unknown>
    }
    expect(Object.keys(config.auths)).toEqual(['fra.ocir.io'])
  })
})

const serve = serversPerTest()

describe('a push by digest from the Docker engine', () => {
  it('exports into the temporary directory it is given and removes the export when cancelled', async () => {
    const server = await serve((_request, response) => void response.end('{}'))
    const plan: Plan = oneTarget({
      ...LOGIN,
      registry: server.host,
      mode: 'push-by-digest',
      source: { kind: 'docker', reference: 'app:1' },
      repository: 'app',
      repositoryPath: 'demo/app',
      repositoryReference: `${server.host}/demo/app`
    })
    const controller = new AbortController()
    let exported = ''
    // No `docker login`: the credentials are written, and the pre-flight proves them.
    const docker: Partial<DockerCommands> = {
      findImage: async () => ({
        id: 'sha256:1',
        repoTags: [],
        repoDigests: [],
        platform: 'linux/amd64'
      }),
      save: async (_reference, file) => {
        exported = file
        await stat(join(file, '..'))
        // The job is cancelled while Docker writes the export.
        controller.abort(new Interrupted('SIGTERM'))
        throw controller.signal.reason
      }
    }
    const result = await run(plan, credentials, deps(docker), controller.signal)
    expect(result.status).toBe('cancelled')
    expect(exported.startsWith(join(dir, 'ocir-push-save-'))).toBe(true)
    expect((await readdir(dir)).filter(name => name.startsWith('ocir-push-save-'))).toEqual([])
  })
})

describe('a push from the Docker engine', () => {
  /** What the registry holds after the push: a config of 7 bytes and a layer of 100. */
  const MANIFEST = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: {
        mediaType: 'application/vnd.oci.image.config.v1+json',
        digest: 'sha256:c',
        size: 7
      },
      layers: [
        { mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: 'sha256:l', size: 100 }
      ]
    })
  )
  const DIGEST = sha256Digest(MANIFEST)
  const basic = `Basic ${Buffer.from(`${credentials.username}:${credentials.token}`).toString('base64')}`

  /** A Basic registry that knows only the bed's credentials and holds one manifest. */
  async function registry(): Promise<{ server: TestServer; plan: Plan }> {
    const server = await serve((request, response) => {
      if (request.headers.authorization !== basic) {
        response.writeHead(401, { 'WWW-Authenticate': 'Basic realm="test"' })
        return void response.end()
      }
      if (request.url === '/v2/') return void response.end('{}')
      response.writeHead(200, {
        'Content-Type': 'application/vnd.oci.image.manifest.v1+json',
        'Docker-Content-Digest': DIGEST
      })
      response.end(MANIFEST)
    })
    const plan: Plan = oneTarget({
      ...LOGIN,
      registry: server.host,
      mode: 'push',
      source: { kind: 'docker', reference: 'app:1' },
      repository: 'app',
      repositoryPath: 'demo/app',
      repositoryReference: `${server.host}/demo/app`,
      tags: ['1'],
      references: [`${server.host}/demo/app:1`]
    })
    return { server, plan }
  }

  const image = async () => ({
    id: 'sha256:1',
    repoTags: ['app:1'],
    repoDigests: [],
    platform: 'linux/amd64'
  })

  it('writes the credentials to config.json instead of running docker login', async () => {
    const { server, plan } = await registry()
    const pushedRefs: string[] = []
    const result = await run(
      plan,
      credentials,
      deps({
        findImage: image,
        tag: async () => undefined,
        push: async reference => (pushedRefs.push(reference), DIGEST)
      }),
      new AbortController().signal
    )
    expect(result).toMatchObject({ status: 'succeeded', outputs: { digest: DIGEST } })
    expect(pushedRefs).toEqual([`${server.host}/demo/app:1`])
    const config = JSON.parse(await readFile(join(dir, 'config.json'), 'utf8')) as {
      auths: Record<string, { auth: string }>
    }
    expect(`Basic ${config.auths[server.host]!.auth}`).toBe(basic)
  })

  it.each([
    [true, 1, 107],
    [false, 0, undefined]
  ])(
    'reads the pushed manifest for the size only when the result is to state it (%s)',
    async (imageSize, manifestReads, size) => {
      const { server, plan } = await registry()
      const docker = { findImage: image, tag: async () => undefined, push: async () => DIGEST }
      const result = await run(
        plan,
        credentials,
        { ...deps(docker), imageSize },
        new AbortController().signal
      )
      expect(result).toMatchObject({ status: 'succeeded', pushes: [{ digest: DIGEST, size }] })
      const reads = server.seen.filter(seen => seen.url.includes('/manifests/'))
      expect(reads).toHaveLength(manifestReads)
    }
  )

  it("shows Docker's lines, and a status of its own while Docker says nothing", async () => {
    const { plan } = await registry()
    const lines: string[] = []
    const statuses: string[] = []
    const progress = {
      line: (message: string) => void lines.push(message),
      status: (message: string) => void statuses.push(message),
      statusIntervalMs: 5
    }
    const result = await run(
      plan,
      credentials,
      {
        ...deps({
          findImage: image,
          tag: async () => undefined,
          // One layer state, then silence far longer than the status interval.
          push: async (_reference, _signal, onLine) => {
            onLine?.('abc: Pushing')
            await new Promise(resolve => setTimeout(resolve, 200))
            onLine?.('abc: Pushed')
            return DIGEST
          }
        }),
        progress
      },
      new AbortController().signal
    )
    expect(result).toMatchObject({ status: 'succeeded' })
    expect(lines).toEqual(['abc: Pushing', 'abc: Pushed'])
    expect(statuses.length).toBeGreaterThan(0)
    expect(statuses[0]).toMatch(/^docker push \S+:1: still pushing after \d/)
  })

  it('fails a wrong token with the diagnosis of the credentials, stopping docker push', async () => {
    const { plan } = await registry()
    let pushStopped = false
    const result = await run(
      plan,
      { ...credentials, token: 'wrong]token{;)' },
      deps({
        findImage: image,
        tag: async () => undefined,
        // Docker, given the wrong token too, would retry; it only ends when stopped.
        push: (_reference, signal) =>
          new Promise((_resolve, reject) =>
            signal?.addEventListener('abort', () => {
              pushStopped = true
              reject(new Error('docker push was stopped'))
            })
          )
      }),
      new AbortController().signal
    )
    expect(result.status).toBe('failed')
    const error = (result as { error: RegistryError }).error
    expect(error.input).toBe('auth-token')
    expect(error.fix).toMatch(/auth token of that user/)
    expect(formatError(error)).not.toContain('wrong]token')
    expect(pushStopped).toBe(true)
  })

  it('names a missing image as the failure, whatever docker tag and push said', async () => {
    const { plan } = await registry()
    const result = await run(
      plan,
      credentials,
      deps({
        findImage: async () => undefined,
        tag: () => Promise.reject(new Error('No such image: app:1'))
      }),
      new AbortController().signal
    )
    expect(result).toMatchObject({
      status: 'failed',
      error: { input: 'image', message: expect.stringContaining('not in the local Docker engine') }
    })
  })
})

describe('secrets the registry hands out', () => {
  it('masks each Bearer token on receipt and redacts every credential form a registry echoes', async () => {
    let issued = 0
    const server: TestServer = await serve((request, response) => {
      if (request.url?.startsWith('/token')) {
        return void response.end(
          JSON.stringify({ token: `bearer-${++issued}-Zq9`, expires_in: 300 })
        )
      }
      const authorization = request.headers.authorization
      if (!authorization?.startsWith('Bearer ')) {
        response.writeHead(401, {
          'WWW-Authenticate': `Bearer realm="${server.origin}/token",service="test"`
        })
        return void response.end()
      }
      // A hostile or careless registry quotes the request back, credentials included.
      response.writeHead(400, { 'Content-Type': 'application/json' })
      response.end(
        JSON.stringify({
          errors: [{ code: 'UNSUPPORTED', message: `cannot do that; you sent ${authorization}` }]
        })
      )
    })
    const merge: Plan = oneTarget({
      ...LOGIN,
      registry: server.host,
      mode: 'merge',
      digests: [`sha256:${'a'.repeat(64)}`],
      repository: 'app',
      repositoryPath: 'demo/app',
      repositoryReference: `${server.host}/demo/app`,
      tags: ['1'],
      references: [`${server.host}/demo/app:1`]
    })
    const masked: string[] = []
    const result = await run(
      merge,
      credentials,
      { ...deps({}), onSecret: value => masked.push(value) },
      new AbortController().signal
    )
    expect(masked).toEqual(['bearer-1-Zq9'])
    expect(result.status).toBe('failed')
    const shown = formatError((result as { error: unknown }).error)
    expect(shown).toContain('UNSUPPORTED')
    expect(shown).toContain('Bearer ***')
    expect(shown).not.toContain('bearer-1-Zq9')
  })
})

describe('a tag fan-out', () => {
  it('keeps the other tags going at a permanent failure, and reports every tag that landed', async () => {
    const manifest = {
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      bytes: Buffer.from('{}'),
      digest: 'sha256:x'
    }
    const denied = new RegistryError('denied: tag b', { fix: 'Check the policy' })
    let release: () => void = () => undefined
    const slowTagWritten = new Promise<void>(resolve => (release = resolve))
    const client = {
      registry: 'fra.ocir.io',
      getManifest: async () => manifest,
      putManifest: (_repository: string, tag: string) => {
        if (tag === 'a') return Promise.resolve('sha256:x')
        if (tag === 'b') {
          // Refused while c is still on its way.
          release()
          return Promise.reject(denied)
        }
        return slowTagWritten.then(() => 'sha256:x')
      }
    } as unknown as RegistryClient
    const failure = await fanOutTags(client, 'demo/app', 'sha256:x', ['a', 'b', 'c']).catch(
      (error: unknown) => error
    )
    expect(failure).toBeInstanceOf(PartialPushError)
    expect(failure).toMatchObject({
      pushed: ['fra.ocir.io/demo/app:a', 'fra.ocir.io/demo/app:c'],
      failure: denied
    })
  })
})
