import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { COMPARTMENT, apiKeyLogin, ociEndpointEnv, privateKeyPem } from '../../support/api-key.js'
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

const TAGS = ['2.3.4', '2.3', '2', 'latest']

describeIntegration('the bundled action with auth: api-key', () => {
  const bed = testbed()
  const apiKeyInputs = (repository: string, image: string): Record<string, string> => ({
    auth: 'api-key',
    registry: bed.apiKeyRegistry,
    region: 'fra',
    'tenancy-ocid': bed.ociTenancy,
    'user-ocid': bed.ociUser,
    fingerprint: bed.ociFingerprint,
    'private-key': privateKeyPem(),
    image,
    repository
  })

  /** Every tag of the tag push resolves to `digest` in the API-key registry. */
  async function expectTagsAt(repository: string, digest: string): Promise<void> {
    const login = await apiKeyLogin()
    for (const tag of TAGS) {
      expect(await manifestDigest(login, `${bed.ociNamespace}/${repository}`, tag)).toBe(digest)
    }
  }

  it('pushes an OCI layout: namespace looked up, repository created then found, BEARER_TOKEN stored and removed', async () => {
    const layout = writeOciLayout(join(bed.dir, `api-key-action-layout-${process.pid}`)).dir
    const repository = `e2e/api-key-layout-${process.pid}`
    const inputs = { ...apiKeyInputs(repository, `oci:${layout}`), compartment: COMPARTMENT }
    const runJob = async () => {
      const job = await createJob(bed.dir)
      const env = { ...(await tagPushEnv(job, bed.dockerHost)), ...ociEndpointEnv() }
      const main = await runMain(job, inputs, env)
      expect({ exitCode: main.exitCode, errors: errorAnnotations(main) }).toEqual({
        exitCode: 0,
        errors: []
      })
      const outputs = await readFileCommands(job.files.output)
      const { DOCKER_CONFIG: dockerConfig } = await readFileCommands(job.files.env)
      const stored = JSON.parse(await readFile(join(dockerConfig, 'config.json'), 'utf8')) as {
        auths: Record<string, { auth: string }>
      }
      const post = await runPost(job, inputs, env)
      expect(post.exitCode).toBe(0)
      return { main, outputs, stored, dockerConfig }
    }

    const first = await runJob()
    const reference = `${bed.apiKeyRegistry}/${bed.ociNamespace}/${repository}`
    expect(first.outputs).toMatchObject({
      registry: bed.apiKeyRegistry,
      username: 'BEARER_TOKEN',
      repository: reference,
      tags: TAGS.map(tag => `${reference}:${tag}`).join('\n'),
      'repository-ocid': expect.stringMatching(/^ocid1\.containerrepo\./)
    })
    await expectTagsAt(repository, first.outputs.digest!)
    expect(first.main.stdout).toContain(
      `Namespace ${bed.ociNamespace} (looked up in Object Storage)`
    )
    expect(first.main.stdout).toContain(`Created private repository ${repository}`)
    const auth = Buffer.from(first.stored.auths[bed.apiKeyRegistry]!.auth, 'base64').toString()
    expect(auth.startsWith('BEARER_TOKEN:')).toBe(true)
    // The stored token is masked, and so is config.json's form of it.
    expect(first.main.stdout.split('\n')).toContain(`::add-mask::${auth.slice(13)}`)
    expect(first.main.stdout.split('\n')).toContain(
      `::add-mask::${Buffer.from(auth).toString('base64')}`
    )
    expect(existsSync(join(first.dockerConfig, 'config.json'))).toBe(false)

    const second = await runJob()
    expect(second.outputs['repository-ocid']).toBe(first.outputs['repository-ocid'])
    expect(second.main.stdout).toContain(`Repository ${repository} exists`)
  })

  it('pushes from the Docker engine with BEARER_TOKEN stored for Docker', async () => {
    const image = `api-key-action:${process.pid}`
    await importImage(image, { files: { hello: `api key action ${process.pid}\n` } })
    const repository = `e2e/api-key-docker-${process.pid}`
    const inputs = { ...apiKeyInputs(repository, image), namespace: bed.ociNamespace }
    const job = await createJob(bed.dir)
    const env = { ...(await tagPushEnv(job, bed.dockerHost)), ...ociEndpointEnv() }
    const main = await runMain(job, inputs, env)
    expect({ exitCode: main.exitCode, errors: errorAnnotations(main) }).toEqual({
      exitCode: 0,
      errors: []
    })
    expect(main.stdout).toContain(`Stored credentials for ${bed.apiKeyRegistry} as BEARER_TOKEN`)
    const outputs = await readFileCommands(job.files.output)
    expect(outputs).not.toHaveProperty('repository-ocid')
    await expectTagsAt(repository, outputs.digest!)
    const post = await runPost(job, inputs, env)
    expect(post.stdout).toContain(`Removed the credentials for ${bed.apiKeyRegistry}`)
  })

  it('pushes from the Docker engine to two repositories of one host, each ensured, with one stored token for both', async () => {
    const image = `api-key-action-two:${process.pid}`
    await importImage(image, { files: { hello: `api key two ${process.pid}\n` } })
    const repositories = ['a', 'b'].map(name => `e2e/api-key-two-${name}-${process.pid}`)
    const inputs = {
      ...apiKeyInputs(repositories.join('\n'), image),
      namespace: bed.ociNamespace,
      compartment: COMPARTMENT
    }
    const job = await createJob(bed.dir)
    const env = { ...(await tagPushEnv(job, bed.dockerHost)), ...ociEndpointEnv() }
    const main = await runMain(job, inputs, env)
    expect({ exitCode: main.exitCode, errors: errorAnnotations(main) }).toEqual({
      exitCode: 0,
      errors: []
    })
    const outputs = await readFileCommands(job.files.output)
    const json = JSON.parse(outputs.json!) as {
      targets: { repository: string; digest: string; 'repository-ocid'?: string }[]
    }
    expect(json.targets.map(target => target.repository)).toEqual(
      repositories.map(repository => `${bed.apiKeyRegistry}/${bed.ociNamespace}/${repository}`)
    )
    for (const [index, repository] of repositories.entries()) {
      // `docker push` of each used the one token stored for the host.
      await expectTagsAt(repository, json.targets[index]!.digest)
      expect(json.targets[index]!['repository-ocid']).toMatch(/^ocid1\.containerrepo\./)
    }
    expect(outputs['repository-ocid']).toBe(json.targets[0]!['repository-ocid'])
    const post = await runPost(job, inputs, env)
    expect(post.exitCode).toBe(0)
  })
})
