// examples/github/multi-arch.yml run by the bundled action: two platform jobs push by digest,
// the merge job joins the digests into one index under the tags of a tag push v2.3.4.
import { mkdtemp, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { importImage, runDocker } from '../../support/images.js'
import { writeOciLayout } from '../../support/oci-layout.js'
import { readIndex, tagsOf } from '../../support/registry-index.js'
import { describeIntegration, dockerEnv, testbed } from '../../support/testbed.js'
import { manifestDigest } from '../docker/registry-http.js'
import {
  createJob,
  errorAnnotations,
  everythingShown,
  readFileCommands,
  runMain,
  runPost,
  tagPushEnv
} from './run-action.js'
import type { Job } from './run-action.js'

describeIntegration('the bundled action in a build matrix', () => {
  const bed = testbed()
  const login = { registry: bed.bearerRegistry, username: bed.username, token: bed.token }
  const repository = `e2e/matrix-${process.pid}`
  const repositoryReference = `${bed.bearerRegistry}/demo/${repository}`
  const account = {
    registry: bed.bearerRegistry,
    namespace: 'demo',
    username: 'alice@example.com',
    'auth-token': bed.token,
    repository
  }
  const image = `ocir-push-e2e-matrix:${process.pid}`

  beforeAll(async () => {
    await importImage(image, { files: { 'hello.txt': `matrix ${process.pid}\n` } })
  })

  const eventEnv = (job: Job): Promise<Record<string, string>> => tagPushEnv(job, bed.dockerHost)

  /** A step's environment without docker on the PATH: only the Docker-engine source needs it. */
  async function withoutDocker(job: Job): Promise<Record<string, string>> {
    const empty = await mkdtemp(join(job.dir, 'bin-'))
    return { ...(await eventEnv(job)), PATH: empty, DOCKER_HOST: 'unix:///nonexistent' }
  }

  async function succeeded(
    job: Job,
    inputs: Record<string, string>,
    env: Record<string, string>
  ): Promise<Record<string, string>> {
    const main = await runMain(job, inputs, env)
    expect({ exitCode: main.exitCode, errors: errorAnnotations(main) }).toEqual({
      exitCode: 0,
      errors: []
    })
    return readFileCommands(job.files.output)
  }

  it('pushes each platform by digest and merges them into one index under every tag', async () => {
    const amd64Job = await createJob(bed.dir)
    const amd64 = await succeeded(
      amd64Job,
      { ...account, image, 'push-by-digest': 'true' },
      await eventEnv(amd64Job)
    )
    const arm64Job = await createJob(bed.dir)
    const layout = writeOciLayout(join(arm64Job.dir, 'layout'), {
      seed: `e2e-matrix-${process.pid}`,
      platforms: [{ os: 'linux', architecture: 'arm64', variant: 'v8' }]
    })
    const arm64 = await succeeded(
      arm64Job,
      { ...account, image: `oci:${layout.dir}`, 'push-by-digest': 'true' },
      await withoutDocker(arm64Job)
    )
    for (const outputs of [amd64, arm64]) {
      // No tag: tags and pull-reference stay unset, the json output has them empty.
      expect(outputs.tags).toBeUndefined()
      expect(outputs['pull-reference']).toBeUndefined()
      expect(JSON.parse(outputs.json)).toMatchObject({
        repository: repositoryReference,
        tags: [],
        'pull-reference': '',
        digest: outputs.digest,
        'pinned-reference': `${repositoryReference}@${outputs.digest}`
      })
      expect(await manifestDigest(login, `demo/${repository}`, outputs.digest)).toBe(outputs.digest)
    }
    expect(arm64.digest).toBe(layout.root.digest)
    expect(await tagsOf(login, `demo/${repository}`)).toEqual([])
    const amd64Summary = await readFile(amd64Job.files.summary, 'utf8')
    expect(amd64Summary).toContain(`docker pull ${amd64['pinned-reference']}`)

    const mergeJob = await createJob(bed.dir)
    const mergeInputs = {
      ...account,
      'merge-digests': `${amd64.digest}\n${arm64.digest}\n`,
      tags: 'type=semver,pattern={{version}}\ntype=semver,pattern={{major}}'
    }
    const mergeEnv = await withoutDocker(mergeJob)
    const merged = await succeeded(mergeJob, mergeInputs, mergeEnv)
    const references = ['2.3.4', '2', 'latest'].map(tag => `${repositoryReference}:${tag}`)
    expect(merged).toMatchObject({
      tags: references.join('\n'),
      'pull-reference': references[0],
      'pinned-reference': `${repositoryReference}@${merged.digest}`
    })
    const index = await readIndex(login, `demo/${repository}`, 'latest')
    expect(index.digest).toBe(merged.digest)
    // docker save gives a Docker manifest, the layout an OCI one: mixed, so an OCI index.
    expect(index.document.mediaType).toBe('application/vnd.oci.image.index.v1+json')
    expect(index.document.manifests.map(child => [child.digest, child.platform])).toEqual([
      [
        amd64.digest,
        { os: 'linux', architecture: process.arch === 'x64' ? 'amd64' : process.arch }
      ],
      [arm64.digest, { os: 'linux', architecture: 'arm64', variant: 'v8' }]
    ])
    for (const tag of ['2.3.4', '2', 'latest']) {
      expect(await manifestDigest(login, `demo/${repository}`, tag)).toBe(merged.digest)
    }
    expect((await tagsOf(login, `demo/${repository}`)).sort()).toEqual(['2', '2.3.4', 'latest'])

    const summary = await readFile(mergeJob.files.summary, 'utf8')
    expect(summary).toContain('index of 2 images pushed by digest')
    expect(summary).toContain('`linux/amd64`, `linux/arm64/v8`')

    // A later step of the merge job reads the index with the credentials the action stored.
    const { DOCKER_CONFIG: dockerConfig } = await readFileCommands(mergeJob.files.env)
    const { stdout } = await runDocker(
      ['manifest', 'inspect', '--insecure', merged['pinned-reference']],
      { env: { ...dockerEnv(), DOCKER_CONFIG: dockerConfig } }
    )
    expect(stdout.match(/"architecture"/g)).toHaveLength(2)

    const post = await runPost(mergeJob, mergeInputs, mergeEnv)
    expect({ exitCode: post.exitCode, errors: errorAnnotations(post) }).toEqual({
      exitCode: 0,
      errors: []
    })
    for (const job of [amd64Job, arm64Job, mergeJob]) {
      const shown = await everythingShown(job)
      expect(shown).not.toContain(bed.token)
    }
  })

  it('fails the merge job on a digest the platform jobs did not push, naming the input', async () => {
    const job = await createJob(bed.dir)
    const absent = `sha256:${'0'.repeat(64)}`
    const main = await runMain(
      job,
      { ...account, repository: `${repository}-other`, 'merge-digests': absent },
      await withoutDocker(job)
    )
    expect(main.exitCode).toBe(1)
    expect(errorAnnotations(main)).toEqual([
      expect.stringContaining(
        `input 'merge-digests': digest ${absent} is not in ${repositoryReference}-other`
      )
    ])
    const summary = await readFile(job.files.summary, 'utf8')
    expect(summary).toContain("invalid input 'merge-digests'")
  })
})
