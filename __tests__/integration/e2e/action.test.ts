import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readFile, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { importImage, runDocker } from '../../support/images.js'
import { writeOciLayout } from '../../support/oci-layout.js'
import { describeIntegration, testbed } from '../../support/testbed.js'
import { listTags, manifestDigest } from '../docker/registry-http.js'
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

describeIntegration('the bundled action, run as the GitHub runner runs it', () => {
  const bed = testbed()
  const image = `ocir-push-e2e-app:${process.pid}`
  const secretForms = [
    bed.token,
    encodeURIComponent(bed.token),
    Buffer.from(`${bed.username}:${bed.token}`).toString('base64')
  ]

  beforeAll(async () => {
    await importImage(image, { files: { 'hello.txt': `end to end ${process.pid}\n` } })
  })

  /** The tag push event for a job, and the bed's Docker engine. */
  const eventEnv = (job: Job): Promise<Record<string, string>> => tagPushEnv(job, bed.dockerHost)

  async function expectNoSecret(job: Job): Promise<void> {
    const shown = await everythingShown(job)
    for (const form of secretForms) expect(shown).not.toContain(form)
  }

  it('pushes a tag push v2.3.4 under every tag through the token registry; the post step logs out', async () => {
    const job = await createJob(bed.dir)
    const repository = `e2e/app-${process.pid}`
    const inputs = {
      registry: bed.bearerRegistry,
      namespace: 'demo',
      username: 'alice@example.com',
      'auth-token': bed.token,
      image,
      repository
    }
    const env = await eventEnv(job)

    const main = await runMain(job, inputs, env)
    expect({ exitCode: main.exitCode, errors: errorAnnotations(main) }).toEqual({
      exitCode: 0,
      errors: []
    })
    expect(main.stdout.split('\n')).toContain(`::add-mask::${bed.token}`)

    const repositoryReference = `${bed.bearerRegistry}/demo/${repository}`
    const outputs = await readFileCommands(job.files.output)
    const digest = outputs.digest
    expect(digest).toMatch(/^sha256:[0-9a-f]{64}$/)
    const references = ['2.3.4', '2.3', '2', 'latest'].map(tag => `${repositoryReference}:${tag}`)
    // The labels and annotations carry the build date: their content is the unit tests' matter.
    const { labels, annotations } = outputs
    expect(labels.split('\n')).toContain('org.opencontainers.image.version=2.3.4')
    expect(annotations.split('\n')).toContain('manifest:org.opencontainers.image.version=2.3.4')
    const expected = {
      registry: bed.bearerRegistry,
      username: 'demo/alice@example.com',
      repository: repositoryReference,
      tags: references.join('\n'),
      'pull-reference': references[0],
      digest,
      'pinned-reference': `${repositoryReference}@${digest}`,
      version: '2.3.4',
      labels,
      annotations
    }
    expect(outputs).toEqual({
      ...expected,
      json: JSON.stringify({
        ...expected,
        tags: references,
        labels: labels.split('\n'),
        annotations: annotations.split('\n'),
        targets: [
          {
            registry: bed.bearerRegistry,
            repository: repositoryReference,
            tags: references,
            'pull-reference': references[0],
            digest,
            'pinned-reference': `${repositoryReference}@${digest}`
          }
        ]
      })
    })

    const login = { registry: bed.bearerRegistry, username: bed.username, token: bed.token }
    expect((await listTags(login, `demo/${repository}`)).sort()).toEqual([
      '2',
      '2.3',
      '2.3.4',
      'latest'
    ])
    for (const tag of ['2.3.4', '2.3', '2', 'latest']) {
      expect(await manifestDigest(login, `demo/${repository}`, tag)).toBe(digest)
    }

    const logLines = main.stdout.trimEnd().split('\n')
    // Docker's own progress reaches the job log, one line per layer state.
    expect(logLines).toEqual(
      expect.arrayContaining([expect.stringMatching(/^[0-9a-f]{12}: Pushed$/)])
    )
    expect(logLines.slice(-2)).toEqual([
      `Pull:   docker pull ${references[0]}`,
      `Pinned: ${repositoryReference}@${digest}`
    ])
    const summary = await readFile(job.files.summary, 'utf8')
    expect(summary).toContain(`### Pushed to OCIR: \`${repositoryReference}\`\n`)
    expect(summary).toContain(`\nDigest \`${digest}\`, size `)
    expect(summary).toContain(`docker pull ${references[0]}`)

    // The job's own Docker config (~/.docker), exported for later steps, private, holding our login.
    const { DOCKER_CONFIG: dockerConfig } = await readFileCommands(job.files.env)
    expect(dockerConfig).toBe(join(job.home, '.docker'))
    expect((await stat(dockerConfig)).mode & 0o777).toBe(0o700)
    expect((await stat(join(dockerConfig, 'config.json'))).mode & 0o777).toBe(0o600)
    const stored = JSON.parse(await readFile(join(dockerConfig, 'config.json'), 'utf8')) as {
      auths: Record<string, unknown>
    }
    expect(Object.keys(stored.auths)).toEqual([bed.bearerRegistry])

    const post = await runPost(job, inputs, env)
    expect({ exitCode: post.exitCode, errors: errorAnnotations(post) }).toEqual({
      exitCode: 0,
      errors: []
    })
    expect(post.stdout).toContain(`Removed the credentials for ${bed.bearerRegistry}`)
    // There was no config.json before the step: there is none after it.
    expect(existsSync(join(dockerConfig, 'config.json'))).toBe(false)
    await expectNoSecret(job)
  })

  it('pushes a two-platform OCI layout with no Docker on the machine; the post step logs out', async () => {
    const job = await createJob(bed.dir)
    const layout = writeOciLayout(join(job.dir, 'layout'), {
      tag: '1.0',
      platforms: [
        { os: 'linux', architecture: 'amd64' },
        { os: 'linux', architecture: 'arm64', variant: 'v8' }
      ],
      seed: `e2e-${process.pid}`
    })
    const repository = `e2e/layout-${process.pid}`
    const inputs = {
      registry: bed.bearerRegistry,
      namespace: 'demo',
      username: 'alice@example.com',
      'auth-token': bed.token,
      image: `oci:${layout.dir}:1.0`,
      repository
    }
    // A PATH without docker, and no engine: this source needs neither.
    const noDocker = await mkdtemp(join(job.dir, 'bin-'))
    const env = { ...(await eventEnv(job)), PATH: noDocker, DOCKER_HOST: 'unix:///nonexistent' }

    const main = await runMain(job, inputs, env)
    expect({ exitCode: main.exitCode, errors: errorAnnotations(main) }).toEqual({
      exitCode: 0,
      errors: []
    })
    const outputs = await readFileCommands(job.files.output)
    expect(outputs.digest).toBe(layout.root.digest)
    const login = { registry: bed.bearerRegistry, username: bed.username, token: bed.token }
    for (const tag of ['2.3.4', '2.3', '2', 'latest']) {
      expect(await manifestDigest(login, `demo/${repository}`, tag)).toBe(layout.root.digest)
    }

    const { DOCKER_CONFIG: dockerConfig } = await readFileCommands(job.files.env)
    const stored = JSON.parse(await readFile(join(dockerConfig, 'config.json'), 'utf8')) as {
      auths: Record<string, unknown>
    }
    expect(Object.keys(stored.auths)).toEqual([bed.bearerRegistry])

    const post = await runPost(job, inputs, env)
    expect({ exitCode: post.exitCode, errors: errorAnnotations(post) }).toEqual({
      exitCode: 0,
      errors: []
    })
    expect(existsSync(join(dockerConfig, 'config.json'))).toBe(false)
    await expectNoSecret(job)
  })

  it('with push: false computes every output but the digest, logs in nowhere and leaves nothing', async () => {
    const job = await createJob(bed.dir)
    const inputs = {
      region: 'eu-frankfurt-1',
      namespace: 'axaxnpcrorw5',
      username: 'jdoe@acme.com',
      image,
      repository: 'project/app',
      push: 'false'
    }
    const env = await eventEnv(job)
    const main = await runMain(job, inputs, env)
    expect(main.exitCode).toBe(0)
    const outputs = await readFileCommands(job.files.output)
    expect(outputs).toMatchObject({
      registry: 'fra.ocir.io',
      username: 'axaxnpcrorw5/jdoe@acme.com',
      repository: 'fra.ocir.io/axaxnpcrorw5/project/app',
      'pull-reference': 'fra.ocir.io/axaxnpcrorw5/project/app:2.3.4'
    })
    expect(outputs.digest).toBeUndefined()
    expect(outputs['pinned-reference']).toBeUndefined()
    expect(await readFileCommands(job.files.env)).toEqual({})

    const post = await runPost(job, inputs, env)
    expect(post.exitCode).toBe(0)
    expect(post.stdout).toContain('Nothing to clean up')
  })

  it('with push: false and no image stands in for metadata-action: tags, version, labels, annotations', async () => {
    const job = await createJob(bed.dir)
    const inputs = {
      region: 'fra',
      namespace: 'axaxnpcrorw5',
      username: 'jdoe@acme.com',
      repository: 'project/app',
      push: 'false',
      labels: 'org.opencontainers.image.vendor=Acme, Inc.\n# the team\nmaintainer=ops {{tag}}\n',
      annotations: 'org.opencontainers.image.title=app'
    }
    const env = await eventEnv(job)
    const main = await runMain(job, inputs, env)
    expect({ exitCode: main.exitCode, errors: errorAnnotations(main) }).toEqual({
      exitCode: 0,
      errors: []
    })
    const outputs = await readFileCommands(job.files.output)
    const references = ['2.3.4', '2.3', '2', 'latest'].map(
      tag => `fra.ocir.io/axaxnpcrorw5/project/app:${tag}`
    )
    expect(outputs).toMatchObject({ tags: references.join('\n'), version: '2.3.4' })
    const labels = outputs.labels!.split('\n')
    expect(labels).toEqual(
      expect.arrayContaining([
        'maintainer=ops v2.3.4',
        'org.opencontainers.image.vendor=Acme, Inc.',
        'org.opencontainers.image.version=2.3.4'
      ])
    )
    expect(labels).toEqual([...labels].sort())
    expect(outputs.annotations!.split('\n')).toContain(
      'manifest:org.opencontainers.image.title=app'
    )
    expect(JSON.parse(outputs.json!)).toMatchObject({ labels, version: '2.3.4', digest: '' })
    // Nothing to log in to: no token was given, no Docker config exported.
    expect(await readFileCommands(job.files.env)).toEqual({})
    expect(await readFile(job.files.summary, 'utf8')).toContain('Version `2.3.4`')

    const quiet = await createJob(bed.dir)
    const silent = await runMain(quiet, { ...inputs, summary: 'false' }, await eventEnv(quiet))
    expect(silent.exitCode).toBe(0)
    expect(await readFile(quiet.files.summary, 'utf8')).toBe('')
  })

  it("takes tags as other tools hand them over: literals, lists, metadata-action's references", async () => {
    const job = await createJob(bed.dir)
    const repository = 'fra.ocir.io/axaxnpcrorw5/project/app'
    const inputs = {
      region: 'fra',
      namespace: 'axaxnpcrorw5',
      username: 'jdoe@acme.com',
      repository: 'project/app',
      push: 'false',
      tags: `stable, candidate\n${repository}:2.3.4\n${repository}:2.3`
    }
    const env = await eventEnv(job)
    const main = await runMain(job, inputs, env)
    expect(main.exitCode).toBe(0)
    const outputs = await readFileCommands(job.files.output)
    expect(outputs.tags).toBe(
      ['stable', 'candidate', '2.3.4', '2.3'].map(tag => `${repository}:${tag}`).join('\n')
    )

    const other = await createJob(bed.dir)
    const refused = await runMain(
      other,
      { ...inputs, tags: 'v1/beta\nghcr.io/acme/app:1' },
      await eventEnv(other)
    )
    expect(refused.exitCode).toBe(1)
    expect(errorAnnotations(refused).join('\n')).toContain(
      "input 'tags': line 1: 'v1/beta' is not a valid tag: only letters, digits, '_', '.', '-', at most 128, not starting with '.' or '-'"
    )
    const elsewhere = await createJob(bed.dir)
    const wrongRepository = await runMain(
      elsewhere,
      { ...inputs, tags: 'ghcr.io/acme/app:1' },
      await eventEnv(elsewhere)
    )
    expect(errorAnnotations(wrongRepository).join('\n')).toContain(
      `'ghcr.io/acme/app:1' names ghcr.io/acme/app, not the repository this step pushes to (${repository})`
    )
  })

  it('with no image logs in only; with logout: false the credentials stay for the job', async () => {
    const job = await createJob(bed.dir)
    const inputs = {
      registry: bed.basicRegistry,
      namespace: 'demo',
      username: bed.username,
      'auth-token': bed.token,
      logout: 'false'
    }
    const env = await eventEnv(job)
    const main = await runMain(job, inputs, env)
    expect({ exitCode: main.exitCode, errors: errorAnnotations(main) }).toEqual({
      exitCode: 0,
      errors: []
    })
    const outputs = await readFileCommands(job.files.output)
    expect(outputs).toMatchObject({ registry: bed.basicRegistry, username: bed.username })
    expect(outputs.tags).toBeUndefined()

    const post = await runPost(job, inputs, env)
    expect(post.exitCode).toBe(0)
    expect(post.stdout).toContain('logout: false')
    const { DOCKER_CONFIG: dockerConfig } = await readFileCommands(job.files.env)
    const stored = JSON.parse(await readFile(join(dockerConfig, 'config.json'), 'utf8')) as {
      auths: Record<string, unknown>
    }
    expect(Object.keys(stored.auths)).toEqual([bed.basicRegistry])
    await expectNoSecret(job)
  })

  it('logs into a DOCKER_CONFIG an earlier step set, and the post step removes only its own entry', async () => {
    const job = await createJob(bed.dir)
    const dockerConfig = join(job.dir, 'earlier-step-docker-config')
    const other = { auth: Buffer.from('someone:else').toString('base64') }
    await mkdir(dockerConfig, { mode: 0o700 })
    await writeFile(
      join(dockerConfig, 'config.json'),
      JSON.stringify({ auths: { 'x.io': other } }),
      {
        mode: 0o600
      }
    )
    const inputs = {
      registry: bed.basicRegistry,
      namespace: 'demo',
      username: bed.username,
      'auth-token': bed.token
    }
    const env = { ...(await eventEnv(job)), DOCKER_CONFIG: dockerConfig }

    expect((await runMain(job, inputs, env)).exitCode).toBe(0)
    const auths = async () =>
      (
        JSON.parse(await readFile(join(dockerConfig, 'config.json'), 'utf8')) as {
          auths: Record<string, unknown>
        }
      ).auths
    expect(Object.keys(await auths()).sort()).toEqual([bed.basicRegistry, 'x.io'].sort())

    expect((await runPost(job, inputs, env)).exitCode).toBe(0)
    expect(await auths()).toEqual({ 'x.io': other })
    await expectNoSecret(job)
  })

  it('keeps the logins and the Docker context of earlier steps for later ones, and gives ~/.docker back as it was', async () => {
    const job = await createJob(bed.dir)
    // The job's steps reach the engine through a context, not DOCKER_HOST.
    const noHost = await eventEnv(job)
    delete noHost.DOCKER_HOST
    const stepDocker = (env: Record<string, string> = {}): NodeJS.ProcessEnv => ({
      PATH: process.env.PATH,
      HOME: job.home,
      ...env
    })
    // Earlier steps: docker/login-action's way into ~/.docker, a context made current, a push.
    await runDocker(['context', 'create', 'testbed', '--docker', `host=${bed.dockerHost}`], {
      env: stepDocker()
    })
    await runDocker(['context', 'use', 'testbed'], { env: stepDocker() })
    await runDocker(['login', '--username', bed.username, '--password-stdin', bed.basicRegistry], {
      input: bed.token,
      env: stepDocker()
    })
    const earlier = `${bed.basicRegistry}/demo/kept-${process.pid}:1`
    await runDocker(['tag', image, earlier], { env: stepDocker() })
    await runDocker(['push', earlier], { env: stepDocker() })
    const configFile = join(job.home, '.docker', 'config.json')
    const before = await readFile(configFile, 'utf8')

    const repository = `e2e/kept-${process.pid}`
    const inputs = {
      registry: bed.bearerRegistry,
      namespace: 'demo',
      username: 'alice@example.com',
      'auth-token': bed.token,
      image,
      repository
    }
    const main = await runMain(job, inputs, noHost)
    expect({ exitCode: main.exitCode, errors: errorAnnotations(main) }).toEqual({
      exitCode: 0,
      errors: []
    })

    // A later step, with what the main step exported: the earlier login, the context and ours.
    const later = stepDocker(await readFileCommands(job.files.env))
    expect((await runDocker(['context', 'show'], { env: later })).stdout.trim()).toBe('testbed')
    await runDocker(['rmi', earlier], { env: later })
    await runDocker(['pull', earlier], { env: later })
    await runDocker(['pull', `${bed.bearerRegistry}/demo/${repository}:2.3.4`], { env: later })

    expect((await runPost(job, inputs, noHost)).exitCode).toBe(0)
    expect(await readFile(configFile, 'utf8')).toBe(before)
    expect((await runDocker(['context', 'show'], { env: stepDocker() })).stdout.trim()).toBe(
      'testbed'
    )
    await expectNoSecret(job)
  })

  const failures: Array<{
    name: string
    inputs: (bedInputs: Record<string, string>) => Record<string, string>
    input: string
    says: RegExp
    /** Whether the main step stored credentials, which the post step then says it removed. */
    stored: boolean
  }> = [
    {
      name: 'a wrong auth token',
      inputs: base => ({ ...base, 'auth-token': `${bed.token}x` }),
      input: 'auth-token',
      says: /auth token/i,
      // A push writes the login before its first request proves it; the post step removes it.
      stored: true
    },
    {
      name: 'an unknown region',
      inputs: ({ registry: _registry, ...base }) => ({ ...base, region: 'eu-frankfurt1' }),
      input: 'region',
      says: /eu-frankfurt-1/,
      stored: false
    },
    {
      name: 'an image that is not in the engine',
      inputs: base => ({ ...base, image: 'ocir-push-no-such-image:1' }),
      input: 'image',
      says: /not in the local Docker engine/,
      stored: true
    },
    {
      name: 'an OCI layout directory that does not exist',
      inputs: base => ({ ...base, image: 'oci:/nonexistent/layout:1' }),
      input: 'image',
      says: /^input 'image': not found: \/nonexistent\/layout\n/,
      stored: true
    },
    {
      name: 'a docker save tarball that does not exist',
      inputs: base => ({ ...base, image: 'docker-archive:/nonexistent/app.tar' }),
      input: 'image',
      says: /^input 'image': not found: \/nonexistent\/app\.tar\n/,
      stored: true
    }
  ]

  it.each(failures)(
    'fails on $name with one message naming input $input and the fix, leaking nothing',
    async ({ inputs, input, says, stored }) => {
      const job = await createJob(bed.dir)
      const stepInputs = inputs({
        registry: bed.bearerRegistry,
        namespace: 'demo',
        username: 'alice@example.com',
        'auth-token': bed.token,
        image,
        repository: 'e2e/failing'
      })
      const env = await eventEnv(job)
      const main = await runMain(job, stepInputs, env)
      expect(main.exitCode).not.toBe(0)
      const errors = errorAnnotations(main)
      expect(errors).toHaveLength(1)
      expect(errors[0]).toMatch(new RegExp(`^input '${input}': `))
      expect(errors[0]).toMatch(says)
      expect(errors[0]).toMatch(/\nFix: \S/)

      const post = await runPost(job, stepInputs, env)
      expect(post.exitCode).toBe(0)
      expect(post.stdout.includes('Removed the credentials')).toBe(stored)
      // Whether or not the failed main step got as far as a login, no credential is left.
      expect(existsSync(join(job.home, '.docker', 'config.json'))).toBe(false)
      await expectNoSecret(job)
      for (const form of [stepInputs['auth-token'], encodeURIComponent(stepInputs['auth-token'])]) {
        expect(await everythingShown(job)).not.toContain(form)
      }
    }
  )
})
