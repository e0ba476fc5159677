import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { startOciFakes } from '../../../scripts/oci-fakes.mjs'
import { COMPARTMENT, apiKeyLogin, ociCliEnv, ociEndpointEnv } from '../../support/api-key.js'
import { importImage } from '../../support/images.js'
import { writeOciLayout } from '../../support/oci-layout.js'
import { describeIntegration, testbed } from '../../support/testbed.js'
import { manifestDigest } from '../docker/registry-http.js'
import { runCli, workspace } from './run-cli.js'

describeIntegration('ocir-push push --auth api-key (bundled CLI)', () => {
  const bed = testbed()
  const registryRepository = (repository: string): string => `${bed.ociNamespace}/${repository}`

  /** Every reported tag resolves to the reported digest in the API-key registry. */
  async function expectTagsAt(outputs: { tags: string[]; digest: string }): Promise<void> {
    const login = await apiKeyLogin()
    for (const reference of outputs.tags) {
      const [path, tag] = [
        reference.slice(0, reference.lastIndexOf(':')),
        reference.split(':').pop()!
      ]
      const repository = path.slice(`${bed.apiKeyRegistry}/`.length)
      expect(await manifestDigest(login, repository, tag)).toBe(outputs.digest)
    }
  }

  it('pushes an OCI layout with the OCI CLI variables: namespace looked up, repository created once and found after', async () => {
    const { dir, home, tmp } = workspace('api-key-layout')
    const layout = join(dir, 'layout')
    writeOciLayout(layout)
    const repository = `api-key/layout-${process.pid}`
    const push = () =>
      runCli(
        [
          'push',
          '--json',
          '--verbose',
          '--auth',
          'api-key',
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
        { home, tmp, env: ociCliEnv() }
      )

    const first = await push()
    expect({ code: first.code, stderr: first.stderr }).toMatchObject({ code: 0 })
    const outputs = JSON.parse(first.stdout)
    const reference = `${bed.apiKeyRegistry}/${registryRepository(repository)}`
    expect(outputs).toMatchObject({
      registry: bed.apiKeyRegistry,
      username: 'BEARER_TOKEN',
      repository: reference,
      tags: [`${reference}:one`, `${reference}:two`],
      'repository-ocid': expect.stringMatching(/^ocid1\.containerrepo\./)
    })
    await expectTagsAt(outputs)
    expect(first.stderr).toContain(`Namespace ${bed.ociNamespace} (looked up in Object Storage)`)
    expect(first.stderr).toContain(`Created private repository ${repository}`)

    const second = await push()
    expect(second.code).toBe(0)
    expect(JSON.parse(second.stdout)['repository-ocid']).toBe(outputs['repository-ocid'])
    expect(second.stderr).toContain(`Repository ${repository} exists`)
  })

  it('pushes from the Docker engine with BEARER_TOKEN stored for Docker, key from --private-key-file', async () => {
    const { home, tmp } = workspace('api-key-docker')
    const image = `api-key-source:${process.pid}`
    await importImage(image, { files: { hello: `api key ${process.pid}\n` } })
    const repository = `api-key/docker-${process.pid}`
    const run = await runCli(
      [
        'push',
        '--json',
        '--verbose',
        '--auth',
        'api-key',
        '--registry',
        bed.apiKeyRegistry,
        '--region',
        'fra',
        '--namespace',
        bed.ociNamespace,
        '--tenancy-ocid',
        bed.ociTenancy,
        '--user-ocid',
        bed.ociUser,
        '--fingerprint',
        bed.ociFingerprint,
        '--private-key-file',
        bed.ociKeyFile,
        '--image',
        image,
        '--repository',
        repository,
        '--tag',
        'type=raw,value=a',
        '--tag',
        'type=raw,value=b'
      ],
      { home, tmp, env: ociEndpointEnv() }
    )
    expect({ code: run.code, stderr: run.stderr }).toMatchObject({ code: 0 })
    expect(run.stderr).toContain(`Stored credentials for ${bed.apiKeyRegistry} as BEARER_TOKEN`)
    expect(run.stderr).not.toContain('docker login')
    const outputs = JSON.parse(run.stdout)
    expect(outputs.tags).toHaveLength(2)
    expect(outputs).not.toHaveProperty('repository-ocid')
    await expectTagsAt(outputs)
    expect(run.stderr).not.toContain(readFileSync(bed.ociKeyFile, 'utf8').split('\n')[1])
  })

  it("a fingerprint that is not the key's fails before anything is sent, naming the flag and the right one", async () => {
    const { home, tmp } = workspace('api-key-fingerprint')
    const run = await runCli(
      ['login', '--auth', 'api-key', '--registry', bed.apiKeyRegistry, '--region', 'fra'],
      {
        home,
        tmp,
        env: {
          ...ociCliEnv(),
          OCI_CLI_FINGERPRINT: '00:11:22:33:44:55:66:77:88:99:aa:bb:cc:dd:ee:ff'
        }
      }
    )
    expect(run.code).toBe(1)
    expect(run.stderr).toContain(
      `error: --fingerprint: fingerprint 00:11:22:33:44:55:66:77:88:99:aa:bb:cc:dd:ee:ff is not the fingerprint of private-key (${bed.ociFingerprint})`
    )
    expect(run.stderr).toContain(`Fix: Set fingerprint to ${bed.ociFingerprint}`)
  })

  it("a clock 10 minutes behind OCI's fails the namespace lookup, stating the skew and the fix", async () => {
    const { home, tmp } = workspace('api-key-skew')
    const publicKeyPem = readFileSync(bed.ociKeyFile, 'utf8')
    const fakes = await startOciFakes({
      publicKeyPem,
      now: () => new Date(Date.now() + 10 * 60_000)
    })
    try {
      const run = await runCli(
        ['login', '--auth', 'api-key', '--registry', bed.apiKeyRegistry, '--region', 'fra'],
        { home, tmp, env: { ...ociCliEnv(), OCIR_OBJECTSTORAGE_ENDPOINT: fakes.objectStorageUrl } }
      )
      expect(run.code).toBe(1)
      expect(run.stderr).toMatch(/the local clock is (9 min 5\d|10 min [0-2]) s behind OCI's/)
      expect(run.stderr).toContain("Fix: Synchronise this machine's clock (NTP)")
      expect(fakes.requests.map(request => request.rejection)).toEqual(['clock skew'])
    } finally {
      await fakes.close()
    }
  })
})
