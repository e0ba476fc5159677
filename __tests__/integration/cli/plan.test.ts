import { readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describeIntegration } from '../../support/testbed.js'
import { gitCheckout, runCli, workspace } from './run-cli.js'

const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures')
const FIRST_RUN = ['plan', '--region', 'fra', '--namespace', 'demo', '--image', 'app']

interface Fixture {
  env: Record<string, string>
  payload?: unknown
  git?: Record<string, string>
  rules?: string[]
  tags: string[]
}

/**
 * Each CI's recorded environment whose tags follow from the environment alone: fixtures
 * that also script git's answers or format the build date need the unit tests' fakes.
 */
const ciBuilds = readdirSync(FIXTURES, { withFileTypes: true })
  .filter(entry => entry.isDirectory())
  .flatMap(directory =>
    readdirSync(join(FIXTURES, directory.name))
      // Only the recorded builds: github/metadata-action holds that project's own cases.
      .filter(file => file.endsWith('.json'))
      .map(file => ({
        provider: directory.name,
        name: file.replace(/\.json$/, ''),
        fixture: JSON.parse(readFileSync(join(FIXTURES, directory.name, file), 'utf8')) as Fixture
      }))
  )
  .filter(({ fixture }) => !fixture.git && !fixture.rules?.some(rule => rule.includes('{{date')))

describeIntegration('ocir-push plan (bundled CLI)', () => {
  it('shows a first-time user what a push would do, with no account, token or network', async () => {
    const { dir, home, tmp } = workspace('first-run')
    const checkout = join(dir, 'app')
    const sha = gitCheckout(checkout)
    const run = await runCli(FIRST_RUN, { home, tmp, cwd: checkout })
    expect(run).toMatchObject({ code: 0, stderr: '' })
    expect(run.stdout.split('\n')).toEqual([
      'Registry    fra.ocir.io',
      'Username    demo/<user>',
      'Repository  fra.ocir.io/demo/app',
      'Tags        main',
      `            sha-${sha.slice(0, 7)}`,
      'Pull        docker pull fra.ocir.io/demo/app:main',
      'Source      app (local Docker engine)',
      expect.stringMatching(/^Labels {6}org\.opencontainers\.image\.created=\d{4}-\d\d-\d\dT/),
      `            org.opencontainers.image.revision=${sha}`,
      '            org.opencontainers.image.version=main',
      `Build       branch main at ${sha.slice(0, 7)}, read from git`,
      '',
      "Nothing was pushed. To push: set OCIR_AUTH_TOKEN and run 'ocir-push push' with these flags and --username.",
      ''
    ])
  })

  it("prints the action's json object with --json", async () => {
    const { dir, home, tmp } = workspace('plan-json')
    const checkout = join(dir, 'app')
    const sha = gitCheckout(checkout, 'feature/x')
    const plan = await runCli(
      ['plan', '--json', '--username', 'jdoe@acme.com', '--image', 'project/app:1'],
      { home, tmp, cwd: checkout, env: { OCIR_REGION: 'eu-frankfurt-1', OCIR_NAMESPACE: 'demo' } }
    )
    expect(plan.code).toBe(0)
    // Notices go to stderr; stdout stays one JSON object.
    expect(plan.stderr).toBe(
      "warning: Tag changed to be valid: 'feature/x' is pushed as 'feature-x': characters other than letters, digits, _ . - became -.\n"
    )
    expect(JSON.parse(plan.stdout)).toEqual({
      registry: 'fra.ocir.io',
      username: 'demo/jdoe@acme.com',
      repository: 'fra.ocir.io/demo/project/app',
      tags: [
        'fra.ocir.io/demo/project/app:feature-x',
        `fra.ocir.io/demo/project/app:sha-${sha.slice(0, 7)}`
      ],
      'pull-reference': 'fra.ocir.io/demo/project/app:feature-x',
      digest: '',
      'pinned-reference': '',
      version: 'feature-x',
      labels: expect.arrayContaining([`org.opencontainers.image.revision=${sha}`]),
      annotations: expect.arrayContaining([`manifest:org.opencontainers.image.revision=${sha}`]),
      targets: [
        {
          registry: 'fra.ocir.io',
          repository: 'fra.ocir.io/demo/project/app',
          tags: [
            'fra.ocir.io/demo/project/app:feature-x',
            `fra.ocir.io/demo/project/app:sha-${sha.slice(0, 7)}`
          ],
          'pull-reference': 'fra.ocir.io/demo/project/app:feature-x',
          digest: '',
          'pinned-reference': ''
        }
      ]
    })
  })

  it('computes the labels and annotations for a build to come, without an image', async () => {
    const { dir, home, tmp } = workspace('plan-labels')
    const checkout = join(dir, 'app')
    const sha = gitCheckout(checkout)
    const args = ['plan', '--region', 'fra', '--namespace', 'demo', '--repository', 'project/app']
    const env = { OCIR_LABELS: 'maintainer=ops\norg.opencontainers.image.title=app' }
    const json = await runCli(
      [...args, '--json', '--annotation', 'org.opencontainers.image.vendor=Acme'],
      { home, tmp, cwd: checkout, env }
    )
    expect(json).toMatchObject({ code: 0, stderr: '' })
    const outputs = JSON.parse(json.stdout)
    expect(outputs).toMatchObject({
      tags: ['main', `sha-${sha.slice(0, 7)}`].map(tag => `fra.ocir.io/demo/project/app:${tag}`),
      version: 'main'
    })
    expect(outputs.labels).toEqual(
      expect.arrayContaining([
        'maintainer=ops',
        'org.opencontainers.image.title=app',
        `org.opencontainers.image.revision=${sha}`
      ])
    )
    expect(outputs.annotations).toContain('manifest:org.opencontainers.image.vendor=Acme')

    const shown = await runCli(args, { home, tmp, cwd: checkout, env })
    expect(shown.code).toBe(0)
    const lines = shown.stdout.split('\n')
    expect(lines).toContain('Source      (none)')
    expect(lines).toContain('Labels      maintainer=ops')
    expect(lines).toContain('            org.opencontainers.image.title=app')
  })

  it('plans outside a git checkout: names the rules that cannot apply and uses the rest', async () => {
    const { home, tmp } = workspace('plan-outside-git')
    const args = ['plan', '--region', 'fra', '--namespace', 'demo', '--image', 'app:1']
    const run = await runCli([...args, '--tag', 'type=sha', '--tag', 'v1'], { home, tmp, cwd: tmp })
    expect(run.code).toBe(0)
    expect(run.stderr).toBe(
      'warning: Not a git checkout: No commit, branch or tag is known, so these rules cannot apply: type=sha. The other tags are used.\n'
    )
    const lines = run.stdout.split('\n')
    expect(lines).toContain('Tags        v1')
    expect(lines).toContain('Build       not a git checkout (no commit, branch or tag)')

    const defaults = await runCli(args, { home, tmp, cwd: tmp })
    expect(defaults.code).toBe(1)
    expect(defaults.stderr).toMatch(
      /^error: --tag: no tag rule applies to a build outside a git checkout \(no commit\); the default rules tried: /
    )
    expect(defaults.stderr).toContain(
      "Fix: Give a tag written out (e.g. 'v1'), or run inside a git checkout"
    )
  })

  it('exits 1 naming the flag when a label line is wrong', async () => {
    const { home, tmp } = workspace('plan-label-error')
    const run = await runCli([...FIRST_RUN, '--label', 'a=1', '--label', 'b={{nope}}'], {
      home,
      tmp
    })
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/^error: --label: line 2 'b=\{\{nope\}\}': unknown expression/)
    expect(run.stderr).toMatch(/\nFix: /)
  })

  it('exits 1 naming the flag when a setting is wrong', async () => {
    const { home, tmp } = workspace('plan-error')
    const run = await runCli(['plan', '--region', 'fra', '--namespace', 'Demo', '--image', 'app'], {
      home,
      tmp
    })
    expect(run.code).toBe(1)
    expect(run.stdout).toBe('')
    expect(run.stderr).toMatch(/^error: --namespace: namespace 'Demo' has upper case/)
    expect(run.stderr).toMatch(/\nFix: /)
  })

  it('reads the build from a forced provider', async () => {
    const { home, tmp } = workspace('plan-provider')
    const gitlab = ciBuilds.find(build => build.provider === 'gitlab' && build.name === 'tag')
    const run = await runCli([...FIRST_RUN, '--json', '--provider', 'GitLab'], {
      home,
      tmp,
      env: { ...gitlab?.fixture.env, GITLAB_CI: '' }
    })
    expect(run).toMatchObject({ code: 0, stderr: '' })
    expect(JSON.parse(run.stdout)['pull-reference']).toBe('fra.ocir.io/demo/app:2.3.4')
  })

  it('covers every CI', () => {
    expect(new Set(ciBuilds.map(build => build.provider))).toEqual(
      new Set(['azure', 'bitbucket', 'buildkite', 'circleci', 'github', 'gitlab', 'jenkins'])
    )
  })

  it.each(ciBuilds)('tags a $provider build ($name) from its environment', async ({ fixture }) => {
    const { dir, home, tmp } = workspace('plan-ci')
    const env: Record<string, string> = { ...fixture.env }
    if (fixture.payload !== undefined) {
      env.GITHUB_EVENT_PATH = join(dir, 'event.json')
      writeFileSync(env.GITHUB_EVENT_PATH, JSON.stringify(fixture.payload))
    }
    if (fixture.rules) env.OCIR_TAGS = fixture.rules.join('\n')
    const run = await runCli([...FIRST_RUN, '--json'], { home, tmp, env })
    expect(run.code).toBe(0)
    expect(run.stderr).not.toMatch(/error/)
    expect(JSON.parse(run.stdout).tags).toEqual(
      fixture.tags.map(tag => `fra.ocir.io/demo/app:${tag}`)
    )
  })
})
