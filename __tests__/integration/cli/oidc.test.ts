import { generateKeyPairSync } from 'node:crypto'
import { join } from 'node:path'
import { startOciFakes } from '../../../scripts/oci-fakes.mjs'
import { startOidcFakes } from '../../../scripts/oidc-fakes.mjs'
import { COMPARTMENT, apiKeyLogin } from '../../support/api-key.js'
import { importImage } from '../../support/images.js'
import { writeOciLayout } from '../../support/oci-layout.js'
import { githubOidcEnv, mintOidcToken, oidcCliEnv } from '../../support/oidc.js'
import { describeIntegration, testbed } from '../../support/testbed.js'
import { manifestDigest } from '../docker/registry-http.js'
import { runCli, workspace } from './run-cli.js'

/** A JWT anywhere in the output is a token shown. */
const JWT = /eyJ[\w-]{10,}\.eyJ[\w-]{10,}\.[\w-]{20,}/

describeIntegration('ocir-push push --auth oidc (bundled CLI)', () => {
  const bed = testbed()

  /** Every reported tag resolves to the reported digest in the API-key registry. */
  async function expectTagsAt(outputs: { tags: string[]; digest: string }): Promise<void> {
    const login = await apiKeyLogin()
    for (const reference of outputs.tags) {
      const tag = reference.split(':').pop()!
      const repository = reference
        .slice(0, reference.lastIndexOf(':'))
        .slice(`${bed.apiKeyRegistry}/`.length)
      expect(await manifestDigest(login, repository, tag)).toBe(outputs.digest)
    }
  }

  function expectNoSecretIn(text: string, ...secrets: string[]): void {
    expect(text).not.toMatch(JWT)
    for (const secret of [bed.oidcClientSecret, bed.oidcRequestToken, ...secrets]) {
      expect(text).not.toContain(secret)
    }
  }

  it("pushes an OCI layout with another CI's token in OCIR_OIDC_TOKEN: namespace looked up, repository ensured", async () => {
    const { dir, home, tmp } = workspace('oidc-layout')
    const layout = join(dir, 'layout')
    writeOciLayout(layout)
    const repository = `oidc/layout-${process.pid}`
    const token = await mintOidcToken()
    const run = await runCli(
      [
        'push',
        '--json',
        '--verbose',
        '--registry',
        bed.apiKeyRegistry,
        '--region',
        'fra',
        '--image',
        `oci:${layout}`,
        '--repository',
        repository,
        '--tag',
        'type=raw,value=one',
        '--tag',
        'type=raw,value=two',
        '--compartment',
        COMPARTMENT
      ],
      { home, tmp, env: { ...oidcCliEnv(), OCIR_OIDC_TOKEN: token } }
    )
    expect({ code: run.code, stderr: run.stderr }).toMatchObject({ code: 0 })
    const outputs = JSON.parse(run.stdout)
    const reference = `${bed.apiKeyRegistry}/${bed.ociNamespace}/${repository}`
    expect(outputs).toMatchObject({
      username: 'BEARER_TOKEN',
      tags: [`${reference}:one`, `${reference}:two`],
      'repository-ocid': expect.stringMatching(/^ocid1\.containerrepo\./)
    })
    await expectTagsAt(outputs)
    expect(run.stderr).toContain(
      'Signed in to OCI with the OIDC token of https://token.actions.githubusercontent.com (subject repo:ocir-push/testbed:ref:refs/tags/v2.3.4)'
    )
    expect(run.stderr).toContain(`Namespace ${bed.ociNamespace} (looked up in Object Storage)`)
    expect(run.stderr).toContain(`Created private repository ${repository}`)
    expectNoSecretIn(run.stdout + run.stderr, token)
  })

  it("pushes from the Docker engine in a GitHub job, with GitHub's token: BEARER_TOKEN stored for Docker", async () => {
    const { home, tmp } = workspace('oidc-docker')
    const image = `oidc-source:${process.pid}`
    await importImage(image, { files: { hello: `oidc ${process.pid}\n` } })
    const repository = `oidc/docker-${process.pid}`
    const run = await runCli(
      [
        'push',
        '--json',
        '--verbose',
        '--registry',
        bed.apiKeyRegistry,
        '--region',
        'fra',
        '--namespace',
        bed.ociNamespace,
        '--oidc-domain-url',
        bed.oidcDomain,
        '--oidc-client-id',
        bed.oidcClientId,
        '--image',
        image,
        '--repository',
        repository,
        '--tag',
        'type=raw,value=a',
        '--tag',
        'type=raw,value=b'
      ],
      {
        home,
        tmp,
        env: {
          OCIR_AUTH: 'oidc',
          OCIR_OIDC_CLIENT_SECRET: bed.oidcClientSecret,
          GITHUB_ACTIONS: 'true',
          ...githubOidcEnv()
        }
      }
    )
    expect({ code: run.code, stderr: run.stderr }).toMatchObject({ code: 0 })
    expect(run.stderr).toContain(`Stored credentials for ${bed.apiKeyRegistry} as BEARER_TOKEN`)
    expect(run.stderr).not.toContain('docker login')
    const outputs = JSON.parse(run.stdout)
    expect(outputs.tags).toHaveLength(2)
    await expectTagsAt(outputs)
    expectNoSecretIn(run.stdout + run.stderr)
  })

  it('a GitHub job without id-token: write fails before anything is sent, with that fix', async () => {
    const { home, tmp } = workspace('oidc-permission')
    const run = await runCli(['login', '--registry', bed.apiKeyRegistry, '--region', 'fra'], {
      home,
      tmp,
      env: { ...oidcCliEnv(), GITHUB_ACTIONS: 'true' }
    })
    expect(run.code).toBe(1)
    expect(run.stderr).toContain(
      'error: GitHub gives this job no OIDC token (ACTIONS_ID_TOKEN_REQUEST_URL is not set)'
    )
    expect(run.stderr).toContain('Fix: Give the job `permissions: id-token: write`')
  })

  it('outside GitHub without OCIR_OIDC_TOKEN, says where the token goes', async () => {
    const { home, tmp } = workspace('oidc-no-token')
    const run = await runCli(['login', '--registry', bed.apiKeyRegistry, '--region', 'fra'], {
      home,
      tmp,
      env: oidcCliEnv()
    })
    expect(run.code).toBe(1)
    expect(run.stderr).toContain('error: no OIDC token: OCIR_OIDC_TOKEN is not set')
    expect(run.stderr).toContain('GitLab: an id_tokens entry with aud: <domain URL>')
  })

  it("an audience the domain's trust does not expect: the refusal names the claims and quotes the domain", async () => {
    const { home, tmp } = workspace('oidc-audience')
    const run = await runCli(
      [
        'login',
        '--registry',
        bed.apiKeyRegistry,
        '--region',
        'fra',
        '--oidc-audience',
        'https://cloud.oracle.com'
      ],
      { home, tmp, env: { ...oidcCliEnv(), GITHUB_ACTIONS: 'true', ...githubOidcEnv() } }
    )
    expect(run.code).toBe(1)
    expect(run.stderr).toContain(
      'error: the identity domain refused to exchange the OIDC token (400 invalid_grant)'
    )
    expect(run.stderr).toContain('audience https://cloud.oracle.com')
    expect(run.stderr).toContain(
      'The identity domain said: The audience of the subject token is not valid: https://cloud.oracle.com.'
    )
    expectNoSecretIn(run.stderr)
  })

  it('a wrong client secret names OCIR_OIDC_CLIENT_SECRET, and shows neither secret', async () => {
    const { home, tmp } = workspace('oidc-client')
    const wrong = "Wr0ng]{;)'(-secret"
    const run = await runCli(['login', '--registry', bed.apiKeyRegistry, '--region', 'fra'], {
      home,
      tmp,
      env: {
        ...oidcCliEnv(),
        OCIR_OIDC_CLIENT_SECRET: wrong,
        OCIR_OIDC_TOKEN: await mintOidcToken()
      }
    })
    expect(run.code).toBe(1)
    expect(run.stderr).toContain(
      'error: OCIR_OIDC_CLIENT_SECRET: the identity domain did not accept the client credentials (401)'
    )
    expectNoSecretIn(run.stderr, wrong)
  })

  it("a clock 10 minutes behind OCI's fails the first signed request, stating the skew", async () => {
    const { home, tmp } = workspace('oidc-skew')
    const domain = await startOidcFakes()
    const ahead = await startOciFakes({
      publicKeyPem: generateKeyPairSync('rsa', { modulusLength: 2048 })
        .publicKey.export({ type: 'spki', format: 'pem' })
        .toString(),
      sessionTokenKey: domain.sessionTokenKey,
      now: () => new Date(Date.now() + 10 * 60_000)
    })
    try {
      const run = await runCli(['login', '--registry', bed.apiKeyRegistry, '--region', 'fra'], {
        home,
        tmp,
        env: {
          OCIR_AUTH: 'oidc',
          OCIR_OIDC_DOMAIN_URL: domain.domainUrl,
          OCIR_OIDC_CLIENT_ID: domain.clientId,
          OCIR_OIDC_CLIENT_SECRET: domain.clientSecret,
          GITHUB_ACTIONS: 'true',
          ACTIONS_ID_TOKEN_REQUEST_URL: domain.requestUrl,
          ACTIONS_ID_TOKEN_REQUEST_TOKEN: domain.requestToken,
          OCIR_OBJECTSTORAGE_ENDPOINT: ahead.objectStorageUrl
        }
      })
      expect(run.code).toBe(1)
      expect(run.stderr).toMatch(/the local clock is (9 min 5\d|10 min [0-2]) s behind OCI's/)
      expect(run.stderr).toContain("Fix: Synchronise this machine's clock (NTP)")
      expect(ahead.requests.map(request => request.rejection)).toEqual(['clock skew'])
      expect(domain.exchanges.map(exchange => exchange.status)).toEqual([200])
    } finally {
      await Promise.all([domain.close(), ahead.close()])
    }
  })
})
