import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import manifest from '../../../package.json' with { type: 'json' }
import { describeIntegration, testbed } from '../../support/testbed.js'

const run = promisify(execFile)
const ROOT = join(import.meta.dirname, '..', '..', '..')

describeIntegration('the npm package', () => {
  let dir: string
  let tarball: string
  /** npm with a cache of its own, so nothing already downloaded can help. */
  let npmEnv: NodeJS.ProcessEnv

  beforeAll(async () => {
    dir = mkdtempSync(join(testbed().dir, 'cli-package-'))
    npmEnv = {
      PATH: process.env.PATH,
      HOME: dir,
      npm_config_cache: join(dir, 'npm-cache'),
      npm_config_update_notifier: 'false',
      npm_config_fund: 'false',
      npm_config_audit: 'false'
    }
    const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', dir], {
      cwd: ROOT,
      env: npmEnv
    })
    const [packed] = JSON.parse(stdout) as Array<{
      filename: string
      files: Array<{ path: string }>
    }>
    tarball = join(dir, packed.filename)
    const allowed = ['LICENSE', 'README.md', 'dist/cli.js', 'dist/package.json', 'package.json']
    const paths = packed.files.map(file => file.path)
    expect(paths).toEqual(expect.arrayContaining(['dist/cli.js', 'dist/package.json']))
    expect(paths.filter(path => !allowed.includes(path))).toEqual([])
  })

  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('runs from the unpacked tarball with nothing installed', async () => {
    await run('tar', ['-xzf', tarball, '-C', dir])
    const { stdout } = await run(
      process.execPath,
      [join(dir, 'package', 'dist', 'cli.js'), '--version'],
      {
        cwd: dir,
        env: npmEnv
      }
    )
    expect(stdout).toBe(`${manifest.version}\n`)
  })

  it('needs no runtime dependencies: the bundle holds everything', () => {
    expect('dependencies' in manifest).toBe(false)
  })

  it('runs through npx offline', async () => {
    const { stdout } = await run(
      'npx',
      ['--yes', '--offline', `./${tarball.split('/').pop()}`, '--help'],
      { cwd: dir, env: npmEnv }
    )
    expect(stdout).toMatch(/^ocir-push \d+\.\d+\.\d+: push a container image/)
  })
})
