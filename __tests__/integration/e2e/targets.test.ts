// One step, several targets: the bed's Basic and Bearer registries in one `registry` input,
// run by the bundled action as the runner runs it (main step, then post step).
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { importImage } from '../../support/images.js'
import { writeOciLayout } from '../../support/oci-layout.js'
import { describeIntegration, testbed } from '../../support/testbed.js'
import { manifestDigest } from '../docker/registry-http.js'
import {
  createJob,
  errorAnnotations,
  readFileCommands,
  runMain,
  runPost,
  tagPushEnv
} from './run-action.js'
import type { Job } from './run-action.js'

interface TargetEntry {
  registry: string
  repository: string
  tags: string[]
  digest: string
  'pinned-reference': string
  error?: string
}

describeIntegration('the bundled action with several targets', () => {
  const bed = testbed()
  const hosts = [bed.basicRegistry, bed.bearerRegistry]
  const account = {
    namespace: 'demo',
    username: 'alice@example.com',
    'auth-token': bed.token,
    tags: 'type=semver,pattern={{version}}\ntype=semver,pattern={{major}}'
  }
  const loginOf = (registry: string) => ({ registry, username: bed.username, token: bed.token })
  const TAGS = ['2.3.4', '2', 'latest']

  /** The main step's outputs, its json parsed, and the post step's result. */
  async function runJob(job: Job, inputs: Record<string, string>) {
    const env = await tagPushEnv(job, bed.dockerHost)
    const main = await runMain(job, inputs, env)
    const outputs = await readFileCommands(job.files.output)
    const post = await runPost(job, inputs, env)
    const json = outputs.json
      ? (JSON.parse(outputs.json) as { targets: TargetEntry[]; digest: string })
      : undefined
    return { main, outputs, json, post }
  }

  /** No credentials of the bed's registries are left in the job's Docker config. */
  async function expectLoggedOut(job: Job): Promise<void> {
    const text = await readFile(join(job.home, '.docker', 'config.json'), 'utf8').catch(() => '{}')
    const auths = (JSON.parse(text) as { auths?: Record<string, unknown> }).auths ?? {}
    for (const host of hosts) expect(auths[host]).toBeUndefined()
  }

  it('pushes an OCI layout to both registries: every tag at each resolves to the one digest', async () => {
    const job = await createJob(bed.dir)
    const layout = writeOciLayout(join(job.dir, 'layout'), { seed: `targets-${process.pid}` })
    const repository = `e2e/targets-layout-${process.pid}`
    const { main, outputs, json, post } = await runJob(job, {
      ...account,
      registry: hosts.join('\n'),
      image: `oci:${layout.dir}`,
      repository
    })
    expect({ exitCode: main.exitCode, errors: errorAnnotations(main) }).toEqual({
      exitCode: 0,
      errors: []
    })
    const references = hosts.flatMap(host => TAGS.map(tag => `${host}/demo/${repository}:${tag}`))
    expect(outputs.tags).toBe(references.join('\n'))
    expect(outputs['pull-reference']).toBe(references[0])
    expect(outputs.digest).toBe(layout.root.digest)
    expect(outputs['pinned-reference']).toBe(`${hosts[0]}/demo/${repository}@${layout.root.digest}`)
    expect(json?.targets.map(target => [target.registry, target.digest])).toEqual(
      hosts.map(host => [host, layout.root.digest])
    )
    for (const host of hosts) {
      for (const tag of TAGS) {
        expect(await manifestDigest(loginOf(host), `demo/${repository}`, tag)).toBe(
          layout.root.digest
        )
      }
    }
    expect(main.stdout).toContain(`Log in to ${hosts.join(', ')}`)
    expect({ exitCode: post.exitCode, errors: errorAnnotations(post) }).toEqual({
      exitCode: 0,
      errors: []
    })
    await expectLoggedOut(job)
  })

  it('pushes an image of the Docker engine to both, each digest read back from its registry', async () => {
    const image = `ocir-push-e2e-targets:${process.pid}`
    await importImage(image, { files: { 'hello.txt': `targets ${process.pid}\n` } })
    const job = await createJob(bed.dir)
    const repository = `e2e/targets-docker-${process.pid}`
    const { main, json, post } = await runJob(job, {
      ...account,
      registry: hosts.join(','),
      image,
      repository
    })
    expect({ exitCode: main.exitCode, errors: errorAnnotations(main) }).toEqual({
      exitCode: 0,
      errors: []
    })
    expect(json?.targets).toHaveLength(2)
    for (const [index, host] of hosts.entries()) {
      const entry = json!.targets[index]!
      expect(entry.registry).toBe(host)
      expect(entry.tags).toEqual(TAGS.map(tag => `${host}/demo/${repository}:${tag}`))
      for (const tag of TAGS) {
        expect(await manifestDigest(loginOf(host), `demo/${repository}`, tag)).toBe(entry.digest)
      }
    }
    expect(post.exitCode).toBe(0)
    await expectLoggedOut(job)
  })

  it('pushes to the target that takes the credentials when another refuses them, and names the one that failed', async () => {
    const job = await createJob(bed.dir)
    const layout = writeOciLayout(join(job.dir, 'layout'), {
      seed: `targets-refused-${process.pid}`
    })
    const repository = `e2e/targets-refused-${process.pid}`
    // The API-key registry's realm takes only signed requests: the auth token is refused there.
    const { main, outputs, json, post } = await runJob(job, {
      ...account,
      registry: `${bed.basicRegistry}\n${bed.apiKeyRegistry}`,
      image: `oci:${layout.dir}`,
      repository
    })
    expect(main.exitCode).toBe(1)
    const refused = `${bed.apiKeyRegistry}/demo/${repository}`
    const errors = errorAnnotations(main)
    expect(errors).toEqual([expect.stringContaining(`${refused}: `)])
    expect(errors[0]).not.toContain(`${bed.basicRegistry}/`)
    const pushed = TAGS.map(tag => `${bed.basicRegistry}/demo/${repository}:${tag}`)
    // Only what exists: the refusing target adds no reference.
    expect(outputs.tags).toBe(pushed.join('\n'))
    expect(outputs.digest).toBe(layout.root.digest)
    expect(json?.targets.map(target => ({ tags: target.tags, failed: 'error' in target }))).toEqual(
      [
        { tags: pushed, failed: false },
        { tags: [], failed: true }
      ]
    )
    for (const tag of TAGS) {
      expect(await manifestDigest(loginOf(bed.basicRegistry), `demo/${repository}`, tag)).toBe(
        layout.root.digest
      )
    }
    const summary = await readFile(job.files.summary, 'utf8')
    expect(summary).toContain('1 of 2 targets failed')
    expect(summary).toContain(`| \`${pushed[0]}\` | pushed |`)
    expect(summary).toContain(`| \`${refused}:2.3.4\` | not pushed |`)
    expect(post.exitCode).toBe(0)
  })
})
