// The bad-input table: every way a setting can be wrong, through the bundled CLI (all of it)
// and the bundled action (a representative part). Each case asserts the exit status, the
// input named the way that face names it, the fix, and that the registry holds nothing new.
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describeIntegration, testbed } from '../../support/testbed.js'
import { errorAnnotations } from '../e2e/run-action.js'
import type { DockerArgvRecorder } from '../../support/docker-argv-recorder.js'
import { basicCatalog, runAction, runCliScenario } from './harness.js'

const PEM = '-----BEGIN RSA PRIVATE KEY-----MIIEow'

interface BadInput {
  name: string
  /** Flags replacing (by name) or added to the base command line; `null` removes one. */
  flags?: Record<string, string | null>
  /** Extra raw arguments. */
  args?: string[]
  /** OCIR_AUTH_TOKEN; default the bed's token. */
  token?: string
  env?: Record<string, string>
  input?: string
  exit: 1 | 2
  /** How the message names the input: a flag or variable; absent for usage errors about argv. */
  names?: string
  /** The fix, or part of it. */
  fix: RegExp
  /** The same case as action inputs, where the action has one. */
  action?: { inputs: Record<string, string>; names: string }
  /** A value that must reach docker only as an operand, after `--`, never as an option. */
  operand?: string
}

/** A file that is not a tar archive, and a directory that is not an OCI layout. */
function sources(): { garbage: string; empty: string } {
  const dir = join(testbed().dir, `bad-inputs-${process.pid}`)
  const empty = join(dir, 'empty-dir')
  mkdirSync(empty, { recursive: true })
  const garbage = join(dir, 'garbage.tar')
  writeFileSync(garbage, 'not a tar archive')
  return { garbage, empty }
}

const { garbage, empty } = sources()

const CASES: BadInput[] = [
  {
    name: 'unknown region',
    flags: { registry: null, region: 'eu-frankfurt1' },
    exit: 1,
    names: '--region',
    fix: /eu-frankfurt-1/,
    action: { inputs: { registry: '', region: 'eu-frankfurt1' }, names: "input 'region'" }
  },
  {
    name: 'region that is no region',
    flags: { registry: null, region: 'mars' },
    exit: 1,
    names: '--region',
    fix: /eu-marseille-1/
  },
  {
    name: 'neither region nor registry',
    flags: { registry: null },
    exit: 1,
    names: '--region',
    fix: /Set region to a region key/
  },
  {
    name: 'registry with a scheme other than https:// or http://',
    flags: { registry: 'docker://fra.ocir.io' },
    exit: 1,
    names: '--registry',
    fix: /'fra\.ocir\.io' \(no 'docker:\/\/'\)/,
    action: { inputs: { registry: 'docker://fra.ocir.io' }, names: "input 'registry'" }
  },
  {
    name: 'OCIR host with http://',
    flags: { registry: 'http://fra.ocir.io' },
    exit: 1,
    names: '--registry',
    fix: /no 'http:\/\/'/
  },
  {
    name: 'registry with a path',
    flags: { registry: 'fra.ocir.io/axaxnpcrorw5' },
    exit: 1,
    names: '--registry',
    fix: /the namespace goes in namespace/,
    action: { inputs: { registry: 'fra.ocir.io/axaxnpcrorw5' }, names: "input 'registry'" }
  },
  {
    name: 'namespace with upper case',
    flags: { namespace: 'Demo' },
    exit: 1,
    names: '--namespace',
    fix: /Object Storage namespace/,
    action: { inputs: { namespace: 'Demo' }, names: "input 'namespace'" }
  },
  {
    name: 'empty namespace',
    flags: { namespace: '' },
    exit: 1,
    names: '--namespace',
    fix: /oci os ns get/
  },
  {
    name: 'namespace with a repository in it',
    flags: { namespace: 'demo/app' },
    exit: 1,
    names: '--namespace',
    fix: /put 'app' in repository/
  },
  {
    name: 'namespace that is a display name',
    flags: { namespace: 'Demo Corp' },
    exit: 1,
    names: '--namespace',
    fix: /Object Storage namespace/
  },
  {
    name: 'empty username',
    flags: { username: '' },
    exit: 1,
    names: '--username',
    fix: /OCI user name/
  },
  {
    name: 'username qualified twice',
    flags: { username: 'demo/demo/alice@example.com' },
    exit: 1,
    names: '--username',
    fix: /the namespace once/,
    action: { inputs: { username: 'demo/demo/alice@example.com' }, names: "input 'username'" }
  },
  {
    name: 'identity domain with a slash',
    flags: { 'identity-domain': 'acme/Default' },
    exit: 1,
    names: '--identity-domain',
    fix: /only the domain name/,
    action: { inputs: { 'identity-domain': 'acme/Default' }, names: "input 'identity-domain'" }
  },
  {
    name: 'no auth token',
    token: '',
    exit: 1,
    names: 'OCIR_AUTH_TOKEN',
    fix: /Auth tokens/,
    action: { inputs: { 'auth-token': '' }, names: "input 'auth-token'" }
  },
  {
    name: 'auth token of blanks',
    token: '   ',
    exit: 1,
    names: 'OCIR_AUTH_TOKEN',
    fix: /Generate one/
  },
  {
    name: 'auth token that is a PEM key',
    token: PEM,
    exit: 1,
    names: 'OCIR_AUTH_TOKEN',
    fix: /not an API key/,
    action: { inputs: { 'auth-token': PEM }, names: "input 'auth-token'" }
  },
  {
    name: 'auth token of several lines',
    token: 'first\nsecond',
    exit: 1,
    names: 'OCIR_AUTH_TOKEN',
    fix: /one line/
  },
  {
    name: 'empty standard input with --auth-token-stdin',
    args: ['--auth-token-stdin'],
    input: '',
    exit: 1,
    names: '--auth-token-stdin',
    fix: /Pipe an auth token/
  },
  {
    name: 'wrong auth token',
    token: 'wrong]token{;)',
    exit: 1,
    names: 'OCIR_AUTH_TOKEN',
    fix: /auth token of that user/,
    action: { inputs: { 'auth-token': 'wrong]token{;)' }, names: "input 'auth-token'" }
  },
  {
    name: 'token as --auth-token',
    args: ['--auth-token', 'x'],
    exit: 2,
    names: '--auth-token is refused',
    fix: /OCIR_AUTH_TOKEN/
  },
  {
    name: 'token as --password=',
    args: ['--password=x'],
    exit: 2,
    names: '--password is refused',
    fix: /--auth-token-stdin/
  },
  {
    name: 'token as -p',
    args: ['-p', 'x'],
    exit: 2,
    names: '-p is refused',
    fix: /standard input/
  },
  {
    name: 'no image',
    flags: { image: null },
    exit: 1,
    names: '--image',
    fix: /ocir-push login/
  },
  {
    name: 'image given as a URL',
    flags: { image: 'https://example.com/app:1' },
    exit: 1,
    names: '--image',
    fix: /oci:<dir>/,
    action: { inputs: { image: 'https://example.com/app:1' }, names: "input 'image'" }
  },
  {
    name: "'oci:' without a path",
    flags: { image: 'oci:' },
    exit: 1,
    names: '--image',
    fix: /oci:\.\/layout/
  },
  {
    name: "'docker-archive:' without a path",
    flags: { image: 'docker-archive:' },
    exit: 1,
    names: '--image',
    fix: /docker-archive:\.\/app\.tar/
  },
  {
    name: 'OCI layout that does not exist',
    flags: { image: 'oci:/nonexistent/layout' },
    exit: 1,
    names: '--image',
    fix: /oci:<dir>/,
    action: { inputs: { image: 'oci:/nonexistent/layout' }, names: "input 'image'" }
  },
  {
    name: 'directory that is not an OCI layout',
    flags: { image: `oci:${empty}` },
    exit: 1,
    names: '--image',
    fix: /OCI image layout/
  },
  {
    name: 'docker save tarball that does not exist',
    flags: { image: 'docker-archive:/nonexistent.tar' },
    exit: 1,
    names: '--image',
    fix: /not found: \/nonexistent\.tar[\s\S]*Check the path/
  },
  {
    name: 'file that is not a docker save tarball',
    flags: { image: `docker-archive:${garbage}` },
    exit: 1,
    names: '--image',
    fix: /docker save/
  },
  {
    name: 'registry listed twice',
    flags: { registry: null },
    args: ['--registry', '127.0.0.1:5999', '--registry', 'http://127.0.0.1:5999/'],
    exit: 1,
    names: '--registry',
    fix: /Name each registry host once/,
    action: {
      inputs: { registry: '127.0.0.1:5999\nhttp://127.0.0.1:5999' },
      names: "input 'registry'"
    }
  },
  {
    name: 'repository listed twice',
    flags: { repository: 'team/app,team/app' },
    exit: 1,
    names: '--repository',
    fix: /Name each repository once/,
    action: { inputs: { repository: 'team/app\nteam/app' }, names: "input 'repository'" }
  },
  {
    name: 'one of two regions unknown',
    flags: { registry: null },
    args: ['--region', 'fra', '--region', 'frx'],
    exit: 1,
    names: '--region',
    fix: /Did you mean/,
    action: { inputs: { registry: '', region: 'fra\nfrx' }, names: "input 'region'" }
  },
  {
    name: 'image not in the Docker engine',
    flags: { image: 'reliability-missing-image:1' },
    exit: 1,
    names: '--image',
    fix: /docker images/,
    action: { inputs: { image: 'reliability-missing-image:1' }, names: "input 'image'" }
  },
  {
    name: 'image that reads as a docker option',
    flags: { image: null },
    args: ['--image=--help'],
    exit: 1,
    names: '--image',
    fix: /docker images/,
    operand: '--help',
    action: { inputs: { image: '--help' }, names: "input 'image'" }
  },
  {
    name: 'repository with upper case',
    flags: { repository: 'Project/App' },
    exit: 1,
    names: '--repository',
    fix: /'project\/app'/,
    action: { inputs: { repository: 'Project/App' }, names: "input 'repository'" }
  },
  {
    name: "repository starting with '/'",
    flags: { repository: '/app' },
    exit: 1,
    names: '--repository',
    fix: /repository: 'app'/
  },
  {
    name: 'repository with the registry host',
    flags: { repository: 'fra.ocir.io/demo/app' },
    exit: 1,
    names: '--repository',
    fix: /repository: 'app'/
  },
  {
    name: 'repository with a tag',
    flags: { repository: 'app:1.0' },
    exit: 1,
    names: '--repository',
    fix: /includes a tag[\s\S]*repository: 'app'/
  },
  {
    name: 'repository with the namespace',
    flags: { repository: 'demo/app' },
    exit: 1,
    names: '--repository',
    fix: /repository: 'app'/
  },
  {
    name: 'unknown tag rule type',
    flags: { tag: 'type=nonsense' },
    exit: 1,
    names: '--tag',
    fix: /type=semver/,
    action: { inputs: { tags: 'type=nonsense' }, names: "input 'tags'" }
  },
  {
    name: 'raw tag rule without a value',
    flags: { tag: 'type=raw' },
    exit: 1,
    names: '--tag',
    fix: /value=stable/
  },
  {
    name: 'no tag rule applies to the build',
    flags: { tag: 'type=semver,pattern={{version}}' },
    exit: 1,
    names: '--tag',
    fix: /Give a tag written out \(e\.g\. 'v1'\), or run inside a git checkout/
  },
  {
    name: 'flavor latest=maybe',
    flags: { flavor: 'latest=maybe' },
    exit: 1,
    names: '--flavor',
    fix: /latest=auto\|true\|false/,
    action: { inputs: { flavor: 'latest=maybe' }, names: "input 'flavor'" }
  },
  {
    name: 'unknown flavor',
    flags: { flavor: 'colour=red' },
    exit: 1,
    names: '--flavor',
    fix: /prefix=/
  },
  {
    name: 'OCIR_PUSH that is not a boolean',
    env: { OCIR_PUSH: 'maybe' },
    exit: 2,
    names: 'OCIR_PUSH',
    fix: /OCIR_PUSH=false/
  },
  {
    name: 'misspelt flag',
    args: ['--namepsace', 'demo'],
    exit: 2,
    names: '--namepsace',
    fix: /did you mean --namespace/
  },
  {
    name: 'flag given twice',
    args: ['--namespace', 'demo'],
    exit: 2,
    names: '--namespace',
    fix: /give --namespace once/
  },
  {
    name: 'flag without its value',
    args: ['--repository'],
    exit: 2,
    names: '--repository',
    fix: /--repository PATH/
  },
  {
    name: '--verbose with --quiet',
    args: ['--verbose', '--quiet'],
    exit: 2,
    names: '--verbose',
    fix: /give one of them/
  },
  {
    name: 'unknown CI provider',
    args: ['--provider', 'travis'],
    exit: 2,
    names: '--provider',
    fix: /github, gitlab/
  }
]

const ACTION_ONLY: Array<{
  name: string
  inputs: Record<string, string>
  names: string
  fix: RegExp
}> = [
  {
    name: 'push that is not a boolean',
    inputs: { push: 'yes' },
    names: "input 'push'",
    fix: /push: true or push: false/
  },
  {
    name: 'logout that is not a boolean',
    inputs: { logout: 'nope' },
    names: "input 'logout'",
    fix: /logout: true or logout: false/
  }
]

/** Several settings wrong at once: each is named, with its fix, in one run. */
interface SeveralBad {
  name: string
  flags?: Record<string, string | null>
  args?: string[]
  token?: string
  env?: Record<string, string>
  exit: 1 | 2
  /** In the order they are reported: how each is named, and its fix. */
  problems: Array<[names: string, fix: RegExp]>
  action?: { inputs: Record<string, string>; problems: Array<[input: string, fix: RegExp]> }
}

const SEVERAL: SeveralBad[] = [
  {
    name: 'namespace and tag rule',
    flags: { namespace: 'Demo', tag: 'type=nonsense' },
    exit: 1,
    problems: [
      ['--namespace', /Object Storage namespace/],
      ['--tag', /type=semver/]
    ],
    action: {
      inputs: { namespace: 'Demo', tags: 'type=nonsense' },
      problems: [
        ['namespace', /Object Storage namespace/],
        ['tags', /type=semver/]
      ]
    }
  },
  {
    name: 'region, repository and flavor',
    flags: { registry: null, region: 'mars', repository: 'Project/App', flavor: 'latest=maybe' },
    exit: 1,
    problems: [
      ['--region', /eu-marseille-1/],
      ['--repository', /'project\/app'/],
      ['--flavor', /latest=auto\|true\|false/]
    ],
    action: {
      inputs: { registry: '', region: 'mars', repository: 'Project/App', push: 'yes' },
      problems: [
        ['push', /push: true or push: false/],
        ['region', /eu-marseille-1/],
        ['repository', /'project\/app'/]
      ]
    }
  },
  {
    name: 'identity domain, image and auth token',
    flags: { 'identity-domain': 'acme/Default', image: 'https://example.com/app:1' },
    token: '',
    exit: 1,
    problems: [
      ['--identity-domain', /only the domain name/],
      ['--image', /oci:<dir>/],
      ['OCIR_AUTH_TOKEN', /Auth tokens/]
    ],
    action: {
      inputs: {
        'identity-domain': 'acme/Default',
        image: 'https://example.com/app:1',
        'auth-token': ''
      },
      problems: [
        ['identity-domain', /only the domain name/],
        ['image', /oci:<dir>/],
        ['auth-token', /Auth tokens/]
      ]
    }
  },
  {
    name: 'misspelt flag, unknown provider and OCIR_PUSH',
    args: ['--namepsace', 'demo', '--provider', 'travis'],
    env: { OCIR_PUSH: 'maybe' },
    exit: 2,
    problems: [
      ['--namepsace', /did you mean --namespace/],
      ['OCIR_PUSH', /OCIR_PUSH=false/],
      ['--provider', /github, gitlab/]
    ]
  }
]

describeIntegration(
  'bad-input table: exit status, the input named, the fix, nothing pushed',
  () => {
    const bed = testbed()
    const figures = { cli: 0, action: 0 }
    const repository = `bad-inputs-${process.pid}/app`
    /** Repositories this table could create: the one it names, and the image's default. */
    const ours = async (): Promise<string[]> =>
      (await basicCatalog()).filter(
        name => name.startsWith(`demo/${repository}`) || name.includes('reliability-missing-image')
      )

    beforeAll(async () => {
      expect(await ours()).toEqual([])
    })

    /** A bad input never creates a repository: the registry's catalog holds none of ours. */
    async function expectNothingPushed(): Promise<void> {
      expect(await ours()).toEqual([])
    }

    afterAll(() => {
      console.info(`bad-input table: ${figures.cli} CLI cases, ${figures.action} action cases`)
    })

    /** The docker commands that got `operand`, each with `--` before it; at least one. */
    function expectOperandOnly(recorder: DockerArgvRecorder, operand: string): void {
      const calls = recorder
        .calls()
        .filter(call => call.tool === 'docker' && call.argv.includes(operand))
      expect(calls.length).toBeGreaterThan(0)
      for (const { argv } of calls) {
        expect(argv.indexOf('--')).toBeGreaterThanOrEqual(0)
        expect(argv.indexOf('--')).toBeLessThan(argv.indexOf(operand))
      }
    }

    /** The base command line: a push that would succeed but for the case's change. */
    function commandLine(c: Pick<BadInput, 'flags' | 'args'>): string[] {
      const flags: Record<string, string | null> = {
        registry: bed.basicRegistry,
        namespace: 'demo',
        username: 'alice@example.com',
        image: 'reliability-missing-image:base',
        repository,
        tag: 'type=raw,value=one',
        ...c.flags
      }
      const args = Object.entries(flags).flatMap(([name, value]) =>
        value === null ? [] : [`--${name}`, value]
      )
      return ['push', ...args, ...(c.args ?? [])]
    }

    it('has 40 or more cases', () => {
      expect(CASES.length + ACTION_ONLY.length).toBeGreaterThanOrEqual(40)
    })

    it.concurrent.each(CASES.map(c => [c.name, c] as const))(
      'CLI: %s',
      async (_name, c) => {
        const run = await runCliScenario('bad', {
          args: commandLine(c),
          env: { OCIR_AUTH_TOKEN: c.token ?? bed.token, ...c.env },
          input: c.input
        })
        figures.cli += 1
        expect(run.code).toBe(c.exit)
        expect(run.stdout).toBe('')
        const message = run.stderr.trim()
        expect(message.startsWith('error: ')).toBe(true)
        if (c.names) expect(message.split('\n')[0]).toContain(c.names)
        expect(message).toMatch(/\nFix: \S/)
        expect(message).toMatch(c.fix)
        if (c.operand) expectOperandOnly(run.recorder, c.operand)
        await expectNothingPushed()
      },
      60_000
    )

    /** Nothing was run with docker: no login, no push. */
    function expectNoDocker(recorder: DockerArgvRecorder): void {
      expect(recorder.calls().filter(call => call.tool === 'docker')).toEqual([])
    }

    it.concurrent.each(SEVERAL.map(c => [c.name, c] as const))(
      'CLI, several at once: %s',
      async (_name, c) => {
        const run = await runCliScenario('bad', {
          args: commandLine(c),
          env: { OCIR_AUTH_TOKEN: c.token ?? bed.token, ...c.env }
        })
        figures.cli += 1
        expect(run.code).toBe(c.exit)
        expect(run.stdout).toBe('')
        const messages = run.stderr.trim().split(/^(?=error: )/m)
        expect(messages).toHaveLength(c.problems.length)
        c.problems.forEach(([names, fix], i) => {
          expect(messages[i].split('\n')[0]).toContain(names)
          expect(messages[i]).toMatch(/\nFix: \S/)
          expect(messages[i]).toMatch(fix)
        })
        expectNoDocker(run.recorder)
        await expectNothingPushed()
      },
      60_000
    )

    it.concurrent.each(SEVERAL.flatMap(c => (c.action ? [[c.name, c.action] as const] : [])))(
      'action, several at once: %s',
      async (_name, c) => {
        const run = await runAction({
          inputs: {
            registry: bed.basicRegistry,
            namespace: 'demo',
            username: 'alice@example.com',
            'auth-token': bed.token,
            image: 'reliability-missing-image:base',
            repository,
            ...c.inputs
          }
        })
        figures.action += 1
        // One failed step, an annotation per input, each titled with it.
        expect(run.main.exitCode).toBe(1)
        const errors = errorAnnotations(run.main)
        expect(errors).toHaveLength(c.problems.length)
        const titles = run.main.stdout.split('\n').filter(line => line.startsWith('::error'))
        c.problems.forEach(([input, fix], i) => {
          expect(titles[i]).toMatch(new RegExp(`^::error title=invalid input '${input}'::`))
          expect(errors[i].startsWith(`input '${input}': `)).toBe(true)
          expect(errors[i]).toMatch(/\nFix: \S/)
          expect(errors[i]).toMatch(fix)
        })
        expect(run.outputs.digest).toBeUndefined()
        expect(run.dockerConfig).toBe('')
        expectNoDocker(run.recorder)
        expect(run.post?.exitCode).toBe(0)
        await expectNothingPushed()
      },
      60_000
    )

    const actionCases = [
      ...CASES.flatMap(c =>
        c.action ? [{ name: c.name, fix: c.fix, operand: c.operand, ...c.action }] : []
      ),
      ...ACTION_ONLY.map(c => ({ ...c, operand: undefined }))
    ]

    it.concurrent.each(actionCases.map(c => [c.name, c] as const))(
      'action: %s',
      async (_name, c) => {
        const run = await runAction({
          inputs: {
            registry: bed.basicRegistry,
            namespace: 'demo',
            username: 'alice@example.com',
            'auth-token': bed.token,
            image: 'reliability-missing-image:base',
            repository,
            ...c.inputs
          }
        })
        figures.action += 1
        expect(run.main.exitCode).toBe(1)
        const errors = errorAnnotations(run.main)
        expect(errors).toHaveLength(1)
        expect(errors[0].startsWith(`${c.names}: `)).toBe(true)
        expect(errors[0]).toMatch(/\nFix: \S/)
        expect(errors[0]).toMatch(c.fix)
        expect(run.outputs.digest).toBeUndefined()
        if (c.operand) expectOperandOnly(run.recorder, c.operand)
        expect(run.post?.exitCode).toBe(0)
        await expectNothingPushed()
      },
      60_000
    )
  }
)
