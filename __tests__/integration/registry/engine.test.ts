import { mkdtempSync } from 'node:fs'
import { join } from 'node:path'
import { DockerCli } from '../../../src/docker/cli.js'
import { createDockerConfigDir } from '../../../src/docker/config.js'
import { RegistryClient } from '../../../src/registry/client.js'
import { run, type RunDeps } from '../../../src/engine/run.js'
import type { Credentials } from '../../../src/registry/credentials.js'
import type { Logger } from '../../../src/common/logger.js'
import type { ImageSource, Plan, PushResult } from '../../../src/engine/types.js'
import { oneTarget } from '../../support/plan-settings.js'
import { accepted, startFaultProxy, type FaultProxy } from '../../support/fault-proxy.js'
import { importImage } from '../../support/images.js'
import { writeOciLayout } from '../../support/oci-layout.js'
import { describeIntegration, dockerEnv, testbed } from '../../support/testbed.js'

const quiet: Logger = {
  info: () => undefined,
  warning: () => undefined,
  debug: () => undefined,
  group: (_name, fn) => fn()
}

function planFor(registry: string, repository: string, tags: string[], source: ImageSource): Plan {
  const repositoryReference = `${registry}/demo/${repository}`
  return oneTarget({
    mode: 'push',
    registry,
    hostInput: 'registry',
    namespace: 'demo',
    username: testbed().username,
    repository,
    repositoryPath: `demo/${repository}`,
    repositoryReference,
    tags,
    references: tags.map(tag => `${repositoryReference}:${tag}`),
    version: tags[0] ?? '',
    labels: [],
    annotations: [],
    source,
    push: true,
    notices: []
  })
}

async function engineDeps(): Promise<RunDeps> {
  const dockerConfigDir = await createDockerConfigDir(testbed().dir)
  const docker = new DockerCli({ configDir: dockerConfigDir, env: dockerEnv(), logger: quiet })
  return {
    docker,
    dockerConfigDir,
    temporaryDirectory: dockerConfigDir,
    logger: quiet,
    endpointEnv: {}
  }
}

/** The engine's run (log in, push) as a promise of the push, rejected with its failure. */
async function push(plan: Plan, credentials: Credentials, deps: RunDeps): Promise<PushResult> {
  const result = await run(plan, credentials, deps, new AbortController().signal)
  if (result.status === 'failed') throw result.error
  const [pushed] = result.status === 'succeeded' ? (result.pushes ?? []) : []
  if (!pushed) throw new Error(`run ${result.status}`)
  return pushed
}

/**
 * Waits (at most 10 s) until the proxy has answered a `method` request for each of `paths`.
 * A push that fails on one blob leaves its sibling lookups in flight; closing the proxy under
 * them would make them retry in the background, past the end of the test.
 */
async function answered(proxy: FaultProxy, method: string, paths: string[]): Promise<void> {
  const done = (): boolean =>
    paths.every(path =>
      proxy.stats.log.some(
        entry => entry.method === method && entry.path.endsWith(path) && entry.status !== 0
      )
    )
  for (let waited = 0; waited < 10_000 && !done(); waited += 20) {
    await new Promise(resolve => setTimeout(resolve, 20))
  }
}

describeIntegration('push engine (src/push.ts) on the registry client', () => {
  const credentials = () => ({ username: testbed().username, token: testbed().token })

  it('pushes from the Docker engine once, then gives the other tags by manifest PUTs', async () => {
    const bed = testbed()
    const proxy = await startFaultProxy({ target: bed.basicRegistry })
    try {
      const name = `engine-docker-${process.pid}`
      await importImage(`${name}:src`, { layers: 2, sizeBytes: 200_000 })
      const tags = ['1.2.3', '1.2', '1', 'latest']
      const plan = planFor(proxy.address, `engine/docker-${process.pid}`, tags, {
        kind: 'docker',
        reference: `${name}:src`
      })
      const deps = await engineDeps()
      const result = await push(plan, credentials(), deps)
      expect(result.pushed).toEqual(plan.references)

      const sent = accepted(proxy.stats.log)
      const blobUploads = sent.filter(entry => entry.method === 'POST')
      expect(blobUploads).toHaveLength(3)
      const manifestPuts = sent
        .filter(entry => entry.method === 'PUT' && entry.path.includes('/manifests/'))
        .map(entry => entry.path.split('/manifests/')[1])
      expect(manifestPuts.sort()).toEqual([...tags].sort())

      const client = new RegistryClient({ registry: bed.basicRegistry, credentials: credentials() })
      for (const tag of tags) {
        expect((await client.headManifest(`demo/${plan.repository}`, tag))?.digest).toBe(
          result.digest
        )
      }
    } finally {
      await proxy.close()
    }
  }, 120_000)

  it('pushes an OCI layout with no Docker at all', async () => {
    const bed = testbed()
    const written = writeOciLayout(mkdtempSync(join(bed.dir, 'engine-layout-')), {
      tag: 'v2',
      seed: `engine-${process.pid}`,
      platforms: [
        { os: 'linux', architecture: 'amd64' },
        { os: 'linux', architecture: 'arm', variant: 'v7' }
      ]
    })
    const plan = planFor(bed.bearerRegistry, `engine/oci-${process.pid}`, ['2.0', 'latest'], {
      kind: 'oci',
      path: written.dir,
      tag: 'v2'
    })
    const deps = await engineDeps()
    const noDocker = {
      ...deps,
      docker: new DockerCli({
        configDir: deps.dockerConfigDir,
        env: {},
        binary: '/nonexistent/docker'
      })
    }
    const result = await push(plan, credentials(), noDocker)
    expect(result).toEqual({
      digest: written.root.digest,
      pushed: plan.references,
      platforms: ['linux/amd64', 'linux/arm/v7'],
      size: undefined
    })
  })

  it('pushes an OCI layout in rounds: challenge, blob lookups, uploads, tags', async () => {
    const bed = testbed()
    const proxy = await startFaultProxy({ target: bed.basicRegistry })
    try {
      const written = writeOciLayout(mkdtempSync(join(bed.dir, 'engine-rounds-')), {
        seed: `rounds-${process.pid}`,
        layerSizes: [1000, 2000, 3000, 4000, 5000]
      })
      const tags = ['1', '2', '3']
      const plan = planFor(proxy.address, `engine/rounds-${process.pid}`, tags, {
        kind: 'oci',
        path: written.dir
      })
      await push(plan, credentials(), await engineDeps())
      // Lookups and uploads run in parallel: assert the relations that must hold and the
      // sets of requests, never their sequence. The log is in order of arrival.
      const log = accepted(proxy.stats.log).map(entry => {
        const [path, query = ''] = entry.path.split('?')
        return { method: entry.method, path, digest: new URLSearchParams(query).get('digest') }
      })
      const requests = log.map(entry => `${entry.method} ${entry.path}`)
      // No credential check of its own (the blob lookups prove Basic credentials), and no
      // lookups after the tag PUTs (their answers name the digest).
      expect(requests.filter(request => request.startsWith('GET '))).toEqual(['GET /v2/'])
      const tagPuts = log.flatMap((entry, index) =>
        entry.method === 'PUT' && entry.path.includes('/manifests/') ? [index] : []
      )
      expect(tagPuts.map(index => requests[index]).sort()).toEqual(
        tags.map(tag => `PUT /v2/demo/${plan.repository}/manifests/${tag}`).sort()
      )
      // Config and five layers (written.blobs): each looked up once, then uploaded after its lookup.
      const lookups = new Map(
        log.flatMap((entry, index) =>
          entry.method === 'HEAD' ? [[entry.path.split('/blobs/')[1], index] as const] : []
        )
      )
      const uploads = new Map(
        log.flatMap((entry, index) =>
          entry.method === 'PUT' && entry.digest ? [[entry.digest, index] as const] : []
        )
      )
      const blobs = written.blobs.map(blob => blob.digest)
      expect([...lookups.keys()].sort()).toEqual([...blobs].sort())
      expect(requests.filter(request => request.startsWith('HEAD '))).toHaveLength(blobs.length)
      expect([...uploads.keys()].sort()).toEqual([...blobs].sort())
      for (const blob of blobs) expect(lookups.get(blob)).toBeLessThan(uploads.get(blob) ?? -1)
      // No tag PUT before every blob upload was answered: the client sent each final
      // upload PUT, and waits for its answer, before it sends the first tag.
      expect(Math.max(...uploads.values())).toBeLessThan(Math.min(...tagPuts))
    } finally {
      await proxy.close()
    }
  })

  it('fails before uploading anything when the token is wrong (Basic, OCI layout)', async () => {
    const bed = testbed()
    const proxy = await startFaultProxy({ target: bed.basicRegistry })
    try {
      const written = writeOciLayout(mkdtempSync(join(bed.dir, 'engine-denied-basic-')), {
        seed: `denied-basic-${process.pid}`
      })
      const plan = planFor(proxy.address, 'engine/denied', ['1'], {
        kind: 'oci',
        path: written.dir
      })
      await expect(
        push(plan, { username: bed.username, token: 'console-password' }, await engineDeps())
      ).rejects.toMatchObject({ status: 401, input: 'auth-token' })
      await answered(
        proxy,
        'HEAD',
        written.blobs.map(blob => `/blobs/${blob.digest}`)
      )
      // Upload sessions are asked for beside the lookups (and refused alike); no byte goes up.
      const methods = new Set(proxy.stats.log.map(entry => entry.method))
      expect([...methods].filter(method => method !== 'POST').sort()).toEqual(['GET', 'HEAD'])
      expect(proxy.stats.log.every(entry => entry.method !== 'POST' || entry.status === 401)).toBe(
        true
      )
    } finally {
      await proxy.close()
    }
  })

  it('fails before uploading anything when the token is wrong', async () => {
    const bed = testbed()
    const proxy = await startFaultProxy({ target: bed.bearerRegistry })
    try {
      const written = writeOciLayout(mkdtempSync(join(bed.dir, 'engine-denied-')), {
        seed: `denied-${process.pid}`
      })
      const plan = planFor(proxy.address, 'engine/denied', ['1'], {
        kind: 'oci',
        path: written.dir
      })
      await expect(
        push(plan, { username: bed.username, token: 'console-password' }, await engineDeps())
      ).rejects.toMatchObject({ status: 401, input: 'auth-token' })
      expect(proxy.stats.log.map(entry => entry.method)).toEqual(['GET'])
    } finally {
      await proxy.close()
    }
  })
})
