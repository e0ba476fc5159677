import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { importImage, runDocker } from '../../support/images.js'
import { writeOciLayout } from '../../support/oci-layout.js'
import { besidesProgress } from '../../support/progress-lines.js'
import { describeIntegration, dockerEnv, testbed } from '../../support/testbed.js'
import { listTags, manifestDigest } from '../docker/registry-http.js'
import { gitCheckout, runCli, workspace } from './run-cli.js'
import type { CliRun } from './run-cli.js'

const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures')

function fixtureEnv(path: string): Record<string, string> {
  return (JSON.parse(readFileSync(join(FIXTURES, path), 'utf8')) as { env: Record<string, string> })
    .env
}

/** Every file under `dir`, so a test can show that a secret was written to none of them. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map(name => join(dir, name))
    .filter(path => statSync(path).isFile())
}

function expectNoTrace(secret: string, run: CliRun, ...dirs: string[]): void {
  expect(run.stdout).not.toContain(secret)
  expect(run.stderr).not.toContain(secret)
  for (const file of dirs.flatMap(filesUnder)) {
    expect(readFileSync(file, 'utf8')).not.toContain(secret)
  }
}

describeIntegration('ocir-push push, login, logout (bundled CLI)', () => {
  const bed = testbed()
  const [namespace, user] = [bed.username.split('/')[0], bed.username.split('/').slice(1).join('/')]
  const login = { registry: bed.bearerRegistry, username: bed.username, token: bed.token }
  let image: string

  beforeAll(async () => {
    image = `cli-source:${process.pid}`
    await importImage(image, { files: { hello: `ocir-push cli ${process.pid}\n` } })
  })

  it('pushes with OCIR_AUTH_TOKEN, prints the json object, and leaves no credential behind', async () => {
    const { dir, home, tmp } = workspace('push-env')
    const checkout = join(dir, 'app')
    const sha = gitCheckout(checkout)
    const run = await runCli(
      [
        'push',
        '--json',
        '--verbose',
        '--registry',
        bed.bearerRegistry,
        '--namespace',
        namespace,
        '--username',
        user,
        '--image',
        image,
        '--repository',
        'cli/env-token'
      ],
      { home, tmp, cwd: checkout, env: { OCIR_AUTH_TOKEN: bed.token } }
    )
    expect(run.code).toBe(0)
    const outputs = JSON.parse(run.stdout)
    const repository = `${bed.bearerRegistry}/demo/cli/env-token`
    const digest = await manifestDigest(login, 'demo/cli/env-token', 'main')
    expect(outputs).toEqual({
      registry: bed.bearerRegistry,
      username: bed.username,
      repository,
      tags: [`${repository}:main`, `${repository}:sha-${sha.slice(0, 7)}`],
      'pull-reference': `${repository}:main`,
      digest,
      'pinned-reference': `${repository}@${digest}`,
      version: 'main',
      labels: expect.arrayContaining([`org.opencontainers.image.revision=${sha}`]),
      annotations: expect.arrayContaining([`manifest:org.opencontainers.image.revision=${sha}`]),
      targets: [
        {
          registry: bed.bearerRegistry,
          repository,
          tags: [`${repository}:main`, `${repository}:sha-${sha.slice(0, 7)}`],
          'pull-reference': `${repository}:main`,
          digest,
          'pinned-reference': `${repository}@${digest}`
        }
      ]
    })
    expect(await manifestDigest(login, 'demo/cli/env-token', `sha-${sha.slice(0, 7)}`)).toBe(digest)
    // --verbose shows the work on stderr, with the token masked where Docker echoes anything.
    // A push writes the login to config.json; the pre-flight proves it, no `docker login`.
    expect(run.stderr).toContain(`Stored credentials for ${bed.bearerRegistry} as ${bed.username}`)
    expect(run.stderr).not.toContain('docker login')
    expectNoTrace(bed.token, run, dir)
    expect(readdirSync(tmp)).toEqual([])
    expect(existsSync(join(home, '.docker'))).toBe(false)
  })

  it('pushes with --auth-token-stdin and every setting from OCIR_* in a GitLab tag pipeline', async () => {
    const { dir, home, tmp } = workspace('push-stdin')
    const run = await runCli(['push', '--auth-token-stdin'], {
      home,
      tmp,
      input: `${bed.token}\n`,
      env: {
        ...fixtureEnv('gitlab/tag.json'),
        OCIR_REGISTRY: bed.bearerRegistry,
        OCIR_NAMESPACE: namespace,
        OCIR_USERNAME: user,
        OCIR_IMAGE: image,
        OCIR_REPOSITORY: 'cli/gitlab'
      }
    })
    expect(run.code).toBe(0)
    // Only Docker's progress, no warning: nothing else was worth saying.
    expect(besidesProgress(run.stderr)).toEqual([])
    expect(run.stderr).toMatch(/^[0-9a-f]{12}: (Pushed|Layer already exists|Mounted from .+)$/m)
    const repository = `${bed.bearerRegistry}/demo/cli/gitlab`
    const digest = await manifestDigest(login, 'demo/cli/gitlab', '2.3.4')
    expect(run.stdout.split('\n')).toEqual([
      `Pushed  ${repository}:2.3.4`,
      `        ${repository}:2.3`,
      `        ${repository}:2`,
      `        ${repository}:latest`,
      `Digest  ${digest}`,
      `Pull    docker pull ${repository}:2.3.4`,
      `Pinned  ${repository}@${digest}`,
      ''
    ])
    expect((await listTags(login, 'demo/cli/gitlab')).sort()).toEqual([
      '2',
      '2.3',
      '2.3.4',
      'latest'
    ])
    expectNoTrace(bed.token, run, dir)
    expect(readdirSync(tmp)).toEqual([])
  })

  it('pushes to a Basic-auth registry from a Jenkins multibranch tag build', async () => {
    const { home, tmp } = workspace('push-jenkins')
    const run = await runCli(
      ['--registry', bed.basicRegistry, '--namespace', namespace, '--image', image, '--json'],
      {
        home,
        tmp,
        env: {
          ...fixtureEnv('jenkins/multibranch-tag.json'),
          OCIR_USERNAME: bed.username,
          OCIR_AUTH_TOKEN: bed.token
        }
      }
    )
    expect(run.code).toBe(0)
    const outputs = JSON.parse(run.stdout)
    const basic = { ...login, registry: bed.basicRegistry }
    const tag = outputs['pull-reference'].split(':').pop()
    expect(await manifestDigest(basic, 'demo/cli-source', tag)).toBe(outputs.digest)
  })

  it('pushes a two-platform OCI image layout without a Docker engine', async () => {
    const { dir, home, tmp } = workspace('push-oci')
    const layout = writeOciLayout(join(dir, 'layout'), {
      platforms: [
        { os: 'linux', architecture: 'amd64' },
        { os: 'linux', architecture: 'arm64', variant: 'v8' }
      ],
      seed: `cli-oci-${process.pid}`
    })
    const run = await runCli(
      ['push', '--json', '--image', `oci:${layout.dir}`, '--repository', 'cli/layout'],
      {
        home,
        tmp,
        env: {
          DOCKER_HOST: 'unix:///nonexistent/docker.sock',
          OCIR_REGISTRY: bed.bearerRegistry,
          OCIR_NAMESPACE: namespace,
          OCIR_USERNAME: user,
          OCIR_AUTH_TOKEN: bed.token,
          OCIR_TAGS: 'type=raw,value=multi'
        }
      }
    )
    expect(run.code).toBe(0)
    expect(JSON.parse(run.stdout).digest).toBe(layout.root.digest)
    expect(await manifestDigest(login, 'demo/cli/layout', 'multi')).toBe(layout.root.digest)
    expect(readdirSync(tmp)).toEqual([])
  })

  it('computes and prints without pushing with --dry-run, needing no token', async () => {
    const { dir, home, tmp } = workspace('push-dry')
    const checkout = join(dir, 'app')
    gitCheckout(checkout)
    const args = ['push', '--dry-run', '--registry', bed.bearerRegistry, '--namespace', namespace]
    const run = await runCli([...args, '--image', image, '--repository', 'cli/dry-run'], {
      home,
      tmp,
      cwd: checkout,
      env: { OCIR_USERNAME: user }
    })
    expect(run.code).toBe(0)
    expect(run.stdout).toContain(`Repository  ${bed.bearerRegistry}/demo/cli/dry-run`)
    expect(await listTags(login, 'demo/cli/dry-run').catch(() => [])).toEqual([])
  })

  it('exits 1 on a wrong token with the fix, never showing it, and removes the login', async () => {
    const { dir, home, tmp } = workspace('push-denied')
    const wrong = `${bed.token}-revoked`
    const run = await runCli(
      ['--registry', bed.bearerRegistry, '--namespace', namespace, '--username', user],
      {
        home,
        tmp,
        env: { OCIR_AUTH_TOKEN: wrong, OCIR_IMAGE: image, OCIR_TAGS: 'type=raw,value=1' }
      }
    )
    expect(run.code).toBe(1)
    expect(run.stdout).toBe('')
    expect(run.stderr).toMatch(
      /^error: OCIR_AUTH_TOKEN \(or --auth-token-stdin\): .*did not accept username 'demo\/alice@example.com'/
    )
    expect(run.stderr).toMatch(/\nFix: /)
    expectNoTrace(wrong, run, dir)
    expect(readdirSync(tmp)).toEqual([])
  })

  it('stays logged in with login --docker-config, and logout removes only its entry', async () => {
    const { dir, home, tmp } = workspace('login')
    const config = join(dir, 'docker-config')
    const run = async (args: string[], input?: string): Promise<CliRun> =>
      runCli([...args, '--docker-config', config, '--registry', bed.bearerRegistry], {
        home,
        tmp,
        input,
        env: { OCIR_NAMESPACE: namespace }
      })
    const other = { auth: Buffer.from('someone:else').toString('base64') }
    mkdirSync(config)
    writeFileSync(
      join(config, 'config.json'),
      JSON.stringify({ auths: { 'other.example.com': other }, psFormat: 'table {{.ID}}' })
    )

    const loggedIn = await run(['login', '--username', user, '--auth-token-stdin'], bed.token)
    expect(loggedIn.code).toBe(0)
    expect(loggedIn.stdout.split('\n')).toEqual([
      `Logged in  ${bed.bearerRegistry}`,
      `Username   ${bed.username}`,
      `Stored in  ${config}`,
      ''
    ])
    const stored = JSON.parse(readFileSync(join(config, 'config.json'), 'utf8'))
    expect(stored.auths[bed.bearerRegistry].auth).toBe(
      Buffer.from(`${bed.username}:${bed.token}`).toString('base64')
    )
    expect(stored.auths['other.example.com']).toEqual(other)
    expect(stored.psFormat).toBe('table {{.ID}}')
    expectNoTrace(bed.token, loggedIn)

    // The stored login works for plain docker afterwards.
    const target = `${bed.bearerRegistry}/demo/cli/logged-in:1`
    await runDocker(['tag', image, target])
    await runDocker(['push', target], { env: { ...dockerEnv(), DOCKER_CONFIG: config } })

    const loggedOut = await run(['logout'])
    expect(loggedOut).toMatchObject({
      code: 0,
      stdout: `Logged out of ${bed.bearerRegistry} (${join(config, 'config.json')})\n`
    })
    const after = JSON.parse(readFileSync(join(config, 'config.json'), 'utf8'))
    expect(after.auths).toEqual({ 'other.example.com': other })
    expect(after.psFormat).toBe('table {{.ID}}')
    expect(readdirSync(tmp)).toEqual([])
  })

  it('logs in to ~/.docker by default', async () => {
    const { home, tmp } = workspace('login-home')
    const run = await runCli(
      ['login', '--registry', bed.basicRegistry, '--namespace', namespace, '--username', user],
      { home, tmp, env: { OCIR_AUTH_TOKEN: bed.token } }
    )
    expect(run.code).toBe(0)
    const file = join(home, '.docker', 'config.json')
    expect(Object.keys(JSON.parse(readFileSync(file, 'utf8')).auths)).toEqual([bed.basicRegistry])
    expect(statSync(file).mode & 0o077).toBe(0)
  })

  it('refuses a token given as a flag value: exit 2, and the value appears nowhere', async () => {
    const { dir, home, tmp } = workspace('token-flag')
    for (const args of [
      ['--auth-token', bed.token],
      [`--password=${bed.token}`],
      ['--token', bed.token]
    ]) {
      const run = await runCli(
        ['push', '--registry', bed.bearerRegistry, '--namespace', namespace, ...args],
        { home, tmp, env: { OCIR_USERNAME: user, OCIR_IMAGE: image } }
      )
      expect(run.code).toBe(2)
      expect(run.stdout).toBe('')
      expect(run.stderr).toMatch(/^error: --(auth-token|password|token) is refused: /)
      expect(run.stderr).toContain('OCIR_AUTH_TOKEN')
      expectNoTrace(bed.token, run, dir)
    }
  })
})
