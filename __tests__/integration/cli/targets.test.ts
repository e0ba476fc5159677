// Several targets through the bundled CLI (`--registry A --registry B`): the matrix flow
// across both, a target that refuses, and login and logout of every host.
import { mkdtempSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { importImage } from '../../support/images.js'
import { writeOciLayout } from '../../support/oci-layout.js'
import { besidesProgress } from '../../support/progress-lines.js'
import { readIndex } from '../../support/registry-index.js'
import { describeIntegration, testbed } from '../../support/testbed.js'
import { manifestDigest } from '../docker/registry-http.js'
import { gitCheckout, runCli, workspace } from './run-cli.js'

describeIntegration('several targets (bundled CLI)', () => {
  const bed = testbed()
  const hosts = [bed.basicRegistry, bed.bearerRegistry]
  const namespace = bed.username.split('/')[0]!
  const user = bed.username.split('/').slice(1).join('/')
  const identity = ['--namespace', namespace, '--username', user]
  const bothRegistries = hosts.flatMap(host => ['--registry', host])
  const env = { OCIR_AUTH_TOKEN: bed.token }
  const loginOf = (registry: string) => ({ registry, username: bed.username, token: bed.token })

  it('pushes each platform by digest to both registries and merges them at both into one index', async () => {
    const image = `cli-targets-matrix:${process.pid}`
    await importImage(image, { files: { hello: `targets matrix ${process.pid}\n` } })
    const { dir, home, tmp } = workspace('targets-matrix')
    const checkout = join(dir, 'app')
    gitCheckout(checkout)
    const repository = `targets/matrix-${process.pid}`
    const layout = writeOciLayout(mkdtempSync(join(dir, 'layout-')), {
      seed: `cli-targets-matrix-${process.pid}`,
      platforms: [{ os: 'linux', architecture: 'arm64', variant: 'v8' }]
    })
    const digests: string[] = []
    for (const source of [image, `oci:${layout.dir}`]) {
      const run = await runCli(
        [
          'push',
          '--json',
          ...bothRegistries,
          ...identity,
          '--image',
          source,
          '--repository',
          repository,
          '--push-by-digest'
        ],
        { home, tmp, cwd: checkout, env }
      )
      expect({ code: run.code, stderr: besidesProgress(run.stderr) }).toEqual({
        code: 0,
        stderr: []
      })
      const outputs = JSON.parse(run.stdout) as { digest: string; targets: { digest: string }[] }
      // Read once and sent as it is: the same digest at both, confirmed by each.
      expect(outputs.targets.map(target => target.digest)).toEqual([outputs.digest, outputs.digest])
      for (const host of hosts) {
        expect(await manifestDigest(loginOf(host), `demo/${repository}`, outputs.digest)).toBe(
          outputs.digest
        )
      }
      digests.push(outputs.digest)
    }
    const merged = await runCli(
      [
        'push',
        '--json',
        `--registry=${hosts.join(',')}`,
        ...identity,
        '--repository',
        repository,
        ...digests.flatMap(digest => ['--merge-digest', digest]),
        '--tag',
        'type=raw,value=multi'
      ],
      { home, tmp, cwd: checkout, env }
    )
    expect({ code: merged.code, stderr: besidesProgress(merged.stderr) }).toEqual({
      code: 0,
      stderr: []
    })
    const outputs = JSON.parse(merged.stdout) as { digest: string; tags: string[] }
    expect(outputs.tags).toEqual(hosts.map(host => `${host}/demo/${repository}:multi`))
    for (const host of hosts) {
      const index = await readIndex(loginOf(host), `demo/${repository}`, 'multi')
      expect(index.digest).toBe(outputs.digest)
      expect(index.document.manifests.map(child => child.digest)).toEqual(digests)
    }
  })

  it('pushes to the registry that takes the token, names the one that refuses it, and exits 1', async () => {
    const { dir, home, tmp } = workspace('targets-refused')
    const checkout = join(dir, 'app')
    gitCheckout(checkout)
    const repository = `targets/refused-${process.pid}`
    const layout = writeOciLayout(mkdtempSync(join(dir, 'layout-')), {
      seed: `cli-targets-refused-${process.pid}`
    })
    const run = await runCli(
      [
        'push',
        '--registry',
        bed.basicRegistry,
        // Its realm takes only signed requests: the auth token is refused there.
        '--registry',
        bed.apiKeyRegistry,
        ...identity,
        '--image',
        `oci:${layout.dir}`,
        '--repository',
        repository,
        '--tag',
        'type=raw,value=1'
      ],
      { home, tmp, cwd: checkout, env }
    )
    expect(run.code).toBe(1)
    const pushed = `${bed.basicRegistry}/demo/${repository}`
    const refused = `${bed.apiKeyRegistry}/demo/${repository}`
    const stderr = besidesProgress(run.stderr).join('\n')
    expect(stderr).toContain(
      [
        'Pushed before the failure:',
        `  ${pushed}, at ${layout.root.digest}:`,
        `    ${pushed}:1`,
        `  ${refused}: nothing`
      ].join('\n')
    )
    expect(stderr).toMatch(new RegExp(`^error: ${refused.replace(/\./g, '\\.')}: .+\nFix: `, 'm'))
    expect(stderr).not.toContain(bed.token)
    expect(await manifestDigest(loginOf(bed.basicRegistry), `demo/${repository}`, '1')).toBe(
      layout.root.digest
    )
  })

  it('logs in to every registry and logs out of each', async () => {
    const { dir, home, tmp } = workspace('targets-login')
    const config = join(dir, 'docker-config')
    const flags = [...bothRegistries, '--docker-config', config]
    const loggedIn = await runCli(['login', ...flags, ...identity], { home, tmp, env })
    expect(loggedIn.code).toBe(0)
    expect(loggedIn.stdout).toContain(`Logged in  ${hosts[0]}\n           ${hosts[1]}\n`)
    const stored = JSON.parse(readFileSync(join(config, 'config.json'), 'utf8')) as {
      auths: Record<string, unknown>
    }
    expect(Object.keys(stored.auths).sort()).toEqual([...hosts].sort())
    const loggedOut = await runCli(['logout', ...flags], { home, tmp })
    expect(loggedOut).toMatchObject({
      code: 0,
      stdout: `Logged out of ${hosts.join(', ')} (${join(config, 'config.json')})\n`
    })
    const after = JSON.parse(readFileSync(join(config, 'config.json'), 'utf8')) as {
      auths?: Record<string, unknown>
    }
    expect(after.auths ?? {}).toEqual({})
  })
})
