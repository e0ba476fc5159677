import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { COMPARTMENT, apiKeyLogin, ociEndpointEnv } from '../../support/api-key.js'
import { importImage } from '../../support/images.js'
import { writeOciLayout } from '../../support/oci-layout.js'
import { githubOidcEnv, oidcInputs } from '../../support/oidc.js'
import { describeIntegration, testbed } from '../../support/testbed.js'
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

const TAGS = ['2.3.4', '2.3', '2', 'latest']
const JWT = /eyJ[\w-]{10,}\.eyJ[\w-]{10,}\.[\w-]{20,}/g

describeIntegration('the bundled action with auth: oidc', () => {
  const bed = testbed()

  async function expectTagsAt(repository: string, digest: string): Promise<void> {
    const login = await apiKeyLogin()
    for (const tag of TAGS) {
      expect(await manifestDigest(login, `${bed.ociNamespace}/${repository}`, tag)).toBe(digest)
    }
  }

  it("pushes an OCI layout with the job's OIDC token: repository ensured, every token masked", async () => {
    const layout = writeOciLayout(join(bed.dir, `oidc-action-layout-${process.pid}`)).dir
    const repository = `e2e/oidc-layout-${process.pid}`
    const inputs = {
      ...oidcInputs(),
      registry: bed.apiKeyRegistry,
      region: 'fra',
      image: `oci:${layout}`,
      repository,
      compartment: COMPARTMENT
    }
    const job = await createJob(bed.dir)
    const env = {
      ...(await tagPushEnv(job, bed.dockerHost)),
      ...ociEndpointEnv(),
      ...githubOidcEnv()
    }
    const main = await runMain(job, inputs, env)
    expect({ exitCode: main.exitCode, errors: errorAnnotations(main) }).toEqual({
      exitCode: 0,
      errors: []
    })
    const outputs = await readFileCommands(job.files.output)
    const reference = `${bed.apiKeyRegistry}/${bed.ociNamespace}/${repository}`
    expect(outputs).toMatchObject({
      username: 'BEARER_TOKEN',
      repository: reference,
      tags: TAGS.map(tag => `${reference}:${tag}`).join('\n'),
      'repository-ocid': expect.stringMatching(/^ocid1\.containerrepo\./)
    })
    await expectTagsAt(repository, outputs.digest!)
    expect(main.stdout).toContain(`Namespace ${bed.ociNamespace} (looked up in Object Storage)`)

    // Masked as they came: the client secret and request token, GitHub's token, the session
    // token, the registry token (and config.json's form of it).
    const masks = main.stdout
      .split('\n')
      .filter(line => line.startsWith('::add-mask::'))
      .map(line => line.slice('::add-mask::'.length))
    expect(masks.slice(0, 2)).toEqual([bed.oidcClientSecret, bed.oidcRequestToken])
    const maskedJwts = masks.filter(mask => /^eyJ[\w-]+\.[\w-]+\.[\w-]+$/.test(mask))
    const { DOCKER_CONFIG: dockerConfig } = await readFileCommands(job.files.env)
    const stored = JSON.parse(await readFile(join(dockerConfig, 'config.json'), 'utf8')) as {
      auths: Record<string, { auth: string }>
    }
    const bearer = Buffer.from(stored.auths[bed.apiKeyRegistry]!.auth, 'base64')
      .toString()
      .slice('BEARER_TOKEN:'.length)
    expect(maskedJwts).toContain(bearer)
    // GitHub's token and the session token, then the registry tokens.
    expect(maskedJwts.length).toBeGreaterThanOrEqual(3)
    const claims = maskedJwts.map(
      jwt => JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString()) as { iss: string }
    )
    expect(claims.slice(0, 2).map(claim => claim.iss)).toEqual([
      'https://token.actions.githubusercontent.com',
      'authService.oracle.com'
    ])
    const post = await runPost(job, inputs, env)
    expect(post.exitCode).toBe(0)
    const shown = await everythingShown(job)
    expect(shown.match(JWT)).toBeNull()
    expect(shown).not.toContain(bed.oidcClientSecret)
    expect(shown).not.toContain(bed.oidcRequestToken)
  })

  it('pushes from the Docker engine with BEARER_TOKEN stored for Docker', async () => {
    const image = `oidc-action:${process.pid}`
    await importImage(image, { files: { hello: `oidc action ${process.pid}\n` } })
    const repository = `e2e/oidc-docker-${process.pid}`
    const inputs = {
      ...oidcInputs(),
      registry: bed.apiKeyRegistry,
      region: 'fra',
      namespace: bed.ociNamespace,
      image,
      repository
    }
    const job = await createJob(bed.dir)
    const env = { ...(await tagPushEnv(job, bed.dockerHost)), ...githubOidcEnv() }
    const main = await runMain(job, inputs, env)
    expect({ exitCode: main.exitCode, errors: errorAnnotations(main) }).toEqual({
      exitCode: 0,
      errors: []
    })
    expect(main.stdout).toContain(`Stored credentials for ${bed.apiKeyRegistry} as BEARER_TOKEN`)
    const outputs = await readFileCommands(job.files.output)
    await expectTagsAt(repository, outputs.digest!)
    const post = await runPost(job, inputs, env)
    expect(post.stdout).toContain(`Removed the credentials for ${bed.apiKeyRegistry}`)
  })

  it('fails a job without permissions id-token: write with exactly that fix', async () => {
    const inputs = {
      ...oidcInputs(),
      registry: bed.apiKeyRegistry,
      region: 'fra',
      image: 'never-pushed:1'
    }
    const job = await createJob(bed.dir)
    const main = await runMain(job, inputs, await tagPushEnv(job, bed.dockerHost))
    expect(main.exitCode).toBe(1)
    const [annotation, ...others] = errorAnnotations(main)
    expect(others).toEqual([])
    expect(annotation).toContain(
      'GitHub gives this job no OIDC token (ACTIONS_ID_TOKEN_REQUEST_URL is not set)'
    )
    expect(annotation).toContain(
      'Fix: Give the job `permissions: id-token: write` (with `contents: read`) in the workflow.'
    )
    const summary = await readFile(job.files.summary, 'utf8')
    expect(summary).toContain('permissions: id-token: write')
  })
})
