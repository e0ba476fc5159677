// A multi-platform image from a build matrix, through the bundled CLI: each platform is pushed
// by digest (no tag), then one run joins the digests into an index under the computed tags.
import { mkdtempSync } from 'node:fs'
import { join } from 'node:path'
import { importImage } from '../../support/images.js'
import { writeOciLayout } from '../../support/oci-layout.js'
import { besidesProgress } from '../../support/progress-lines.js'
import { describeIntegration, testbed } from '../../support/testbed.js'
import { readIndex, tagsOf } from '../../support/registry-index.js'
import { manifestDigest } from '../docker/registry-http.js'
import { gitCheckout, runCli, workspace } from './run-cli.js'

describeIntegration('matrix builds: push by digest, then merge (bundled CLI)', () => {
  const bed = testbed()
  const login = { registry: bed.bearerRegistry, username: bed.username, token: bed.token }
  const namespace = bed.username.split('/')[0]
  const user = bed.username.split('/').slice(1).join('/')
  const target = ['--registry', bed.bearerRegistry, '--namespace', namespace, '--username', user]
  const env = { OCIR_AUTH_TOKEN: bed.token }
  let image: string

  beforeAll(async () => {
    image = `cli-matrix:${process.pid}`
    await importImage(image, { files: { hello: `matrix ${process.pid}\n` } })
  })

  it('pushes two platforms by digest without a tag and joins them into one index under every tag', async () => {
    const { dir, home, tmp } = workspace('matrix')
    const checkout = join(dir, 'app')
    gitCheckout(checkout)
    const repository = `matrix/app-${process.pid}`
    const layout = writeOciLayout(mkdtempSync(join(dir, 'layout-')), {
      flavour: 'docker',
      seed: `cli-matrix-${process.pid}`,
      platforms: [{ os: 'linux', architecture: 'arm64', variant: 'v8' }]
    })

    const platformJobs = await Promise.all(
      [image, `oci:${layout.dir}`].map(source =>
        runCli(
          [
            'push',
            '--json',
            ...target,
            '--image',
            source,
            '--repository',
            repository,
            '--push-by-digest'
          ],
          { home, tmp, cwd: checkout, env }
        )
      )
    )
    const digests: string[] = []
    for (const run of platformJobs) {
      expect({ code: run.code, stderr: besidesProgress(run.stderr) }).toEqual({
        code: 0,
        stderr: []
      })
      const outputs = JSON.parse(run.stdout)
      expect(outputs).toMatchObject({ tags: [], 'pull-reference': '' })
      expect(outputs.digest).toMatch(/^sha256:[0-9a-f]{64}$/)
      expect(outputs['pinned-reference']).toBe(
        `${bed.bearerRegistry}/demo/${repository}@${outputs.digest}`
      )
      digests.push(outputs.digest)
    }
    // The layout's manifest goes up byte for byte, so its digest is the layout's.
    expect(digests[1]).toBe(layout.root.digest)
    for (const digest of digests) {
      expect(await manifestDigest(login, `demo/${repository}`, digest)).toBe(digest)
    }
    expect(await tagsOf(login, `demo/${repository}`)).toEqual([])

    const merge = await runCli(
      [
        'push',
        '--json',
        ...target,
        '--repository',
        repository,
        '--tag',
        'type=raw,value=1.0',
        '--tag',
        'type=raw,value=latest',
        ...digests.flatMap(digest => ['--merge-digest', digest])
      ],
      { home, tmp, cwd: checkout, env }
    )
    expect({ code: merge.code, stderr: merge.stderr }).toEqual({ code: 0, stderr: '' })
    const outputs = JSON.parse(merge.stdout)
    const repositoryReference = `${bed.bearerRegistry}/demo/${repository}`
    expect(outputs).toMatchObject({
      tags: [`${repositoryReference}:1.0`, `${repositoryReference}:latest`],
      'pull-reference': `${repositoryReference}:1.0`,
      'pinned-reference': `${repositoryReference}@${outputs.digest}`
    })

    const index = await readIndex(login, `demo/${repository}`, outputs.digest)
    expect(index.digest).toBe(outputs.digest)
    // docker save of dockerd 20.10 and the layout both give Docker manifests: a manifest list.
    expect(index.document.mediaType).toBe(
      'application/vnd.docker.distribution.manifest.list.v2+json'
    )
    expect(index.document.manifests.map(child => [child.digest, child.platform])).toEqual([
      [digests[0], { os: 'linux', architecture: process.arch === 'x64' ? 'amd64' : process.arch }],
      [digests[1], { os: 'linux', architecture: 'arm64', variant: 'v8' }]
    ])
    for (const tag of ['1.0', 'latest']) {
      expect(await manifestDigest(login, `demo/${repository}`, tag)).toBe(outputs.digest)
    }
    expect((await tagsOf(login, `demo/${repository}`)).sort()).toEqual(['1.0', 'latest'])
  })

  it('names a digest that is not in the repository, and pushes no tag', async () => {
    const { dir, home, tmp } = workspace('matrix-missing')
    const checkout = join(dir, 'app')
    gitCheckout(checkout)
    const repository = `matrix/missing-${process.pid}`
    const layout = writeOciLayout(mkdtempSync(join(dir, 'layout-')), {
      seed: `cli-matrix-missing-${process.pid}`
    })
    const pushed = await runCli(
      ['push', ...target, '--image', `oci:${layout.dir}`, '--repository', repository],
      { home, tmp, cwd: checkout, env: { ...env, OCIR_PUSH_BY_DIGEST: 'true' } }
    )
    expect(pushed.code).toBe(0)
    const absent = `sha256:${'0'.repeat(64)}`
    const run = await runCli(
      ['push', ...target, '--repository', repository, '--tag', 'type=raw,value=1.0'],
      {
        home,
        tmp,
        cwd: checkout,
        env: { ...env, OCIR_MERGE_DIGESTS: `${layout.root.digest}\n${absent}\n` }
      }
    )
    expect(run.code).toBe(1)
    expect(run.stderr).toContain(
      `--merge-digest: digest ${absent} is not in ${bed.bearerRegistry}/demo/${repository}: was it pushed by the platform job to the same repository?`
    )
    expect(run.stderr).toMatch(/Fix: Give every platform job and the merge job the same registry/)
    expect(await tagsOf(login, `demo/${repository}`)).toEqual([])
  })

  it('refuses merge-digests with an image before logging in', async () => {
    const { home, tmp } = workspace('matrix-usage')
    const run = await runCli(
      [
        'push',
        ...target,
        '--image',
        image,
        '--repository',
        'matrix/x',
        '--merge-digest',
        `sha256:${'1'.repeat(64)}`
      ],
      { home, tmp, env: {} }
    )
    expect(run.code).toBe(1)
    expect(run.stderr).toContain('--image: must be empty with merge-digests')
  })
})
