import { Console, styleFor } from '../../../src/cli/console.js'
import type { OutputStream } from '../../../src/cli/console.js'
import { cliLogger, cliProgress, LIVE_STATUS_INTERVAL_MS } from '../../../src/cli/logger.js'
import { LOG_STATUS_INTERVAL_MS } from '../../../src/common/logger.js'
import { renderLogin, renderPlan, renderPushed } from '../../../src/cli/render.js'
import type { GitContext } from '../../../src/tags/context.js'
import { toOutputs } from '../../../src/engine/outputs.js'
import type { Plan, TagPushPlan } from '../../../src/engine/types.js'
import { oneTarget } from '../../support/plan-settings.js'

function recorder(isTTY: boolean): OutputStream & { text: string } {
  return {
    isTTY,
    text: '',
    write(chunk: string) {
      this.text += chunk
    }
  }
}

const plain = styleFor({ write: () => undefined }, {})

const plan: TagPushPlan = oneTarget({
  mode: 'push',
  registry: 'fra.ocir.io',
  namespace: 'demo',
  username: 'demo/<user>',
  repository: 'app',
  repositoryPath: 'demo/app',
  repositoryReference: 'fra.ocir.io/demo/app',
  tags: ['main', 'sha-0123456'],
  references: ['fra.ocir.io/demo/app:main', 'fra.ocir.io/demo/app:sha-0123456'],
  version: 'main',
  labels: ['org.opencontainers.image.revision=0123456789abcdef0123456789abcdef01234567'],
  annotations: [
    'manifest:org.opencontainers.image.revision=0123456789abcdef0123456789abcdef01234567'
  ],
  source: { kind: 'docker', reference: 'app' },
  push: false,
  notices: []
})

const git: GitContext = {
  provider: 'git',
  event: 'branch',
  eventName: 'branch',
  ref: 'refs/heads/main',
  branch: 'main',
  sha: '0123456789abcdef0123456789abcdef01234567',
  date: '2025-01-01T00:00:00.000Z'
}

const digest = `sha256:${'ab'.repeat(32)}`

describe('styleFor', () => {
  it('colors a terminal', () => {
    expect(styleFor({ write: () => 0, isTTY: true }, {}).red('x')).toBe('\u001b[31mx\u001b[39m')
  })

  it.each([
    ['not a terminal', false, {}],
    ['NO_COLOR set', true, { NO_COLOR: '1' }],
    ['TERM=dumb', true, { TERM: 'dumb' }]
  ])('does not color when %s', (_, isTTY, env) => {
    expect(styleFor({ write: () => 0, isTTY }, env).bold('x')).toBe('x')
  })

  it('colors when NO_COLOR is empty (no-color.org)', () => {
    expect(styleFor({ write: () => 0, isTTY: true }, { NO_COLOR: '' }).dim('x')).not.toBe('x')
  })
})

describe('Console', () => {
  it('sends results to stdout and the rest to stderr', () => {
    const stdout = recorder(false)
    const stderr = recorder(false)
    const console = new Console(stdout, stderr, {})
    console.out('result')
    console.err('progress')
    expect([stdout.text, stderr.text]).toEqual(['result\n', 'progress\n'])
  })

  it('replaces every secret it knows, wherever it appears', () => {
    const stdout = recorder(false)
    const stderr = recorder(false)
    const console = new Console(stdout, stderr, {})
    console.addSecret('k]j64r{1sJSSF-;)K8')
    console.addSecret('')
    console.out('a k]j64r{1sJSSF-;)K8 b k]j64r{1sJSSF-;)K8')
    console.err('x k]j64r{1sJSSF-;)K8')
    expect([stdout.text, stderr.text]).toEqual(['a *** b ***\n', 'x ***\n'])
  })
})

describe('cliLogger', () => {
  function logged(isTTY: boolean, options: { verbose: boolean; quiet: boolean }): string {
    const stderr = recorder(isTTY)
    const logger = cliLogger(new Console(recorder(false), stderr, { NO_COLOR: '1' }), options)
    logger.info('info')
    logger.warning('warning', 'Title')
    logger.debug('debug')
    return stderr.text
  }

  it.each([
    ['a terminal', true, { verbose: false, quiet: false }, 'info\nwarning: Title: warning\n'],
    ['a pipe', false, { verbose: false, quiet: false }, 'warning: Title: warning\n'],
    [
      'a pipe with --verbose',
      false,
      { verbose: true, quiet: false },
      'info\nwarning: Title: warning\ndebug\n'
    ],
    ['a terminal with --quiet', true, { verbose: false, quiet: true }, '']
  ])('on %s', (_, isTTY, options, expected) => {
    expect(logged(isTTY, options)).toBe(expected)
  })

  it('drops control characters and breaks workflow commands in what it logs', () => {
    const stderr = recorder(false)
    const console = new Console(recorder(false), stderr, {})
    const logger = cliLogger(console, { verbose: true, quiet: false })
    logger.info('Docker said: \u001b]0;title\u0007done\n::add-mask::x')
    logger.warning('registry said:\n##[error]y', 'Denied')
    expect(stderr.text).toBe(
      'Docker said: ]0;titledone\n\\::add-mask::x\nwarning: Denied: registry said:\n\\##[error]y\n'
    )
  })

  it('runs a group and returns its value', async () => {
    const stderr = recorder(true)
    const logger = cliLogger(new Console(recorder(false), stderr, {}), {
      verbose: false,
      quiet: false
    })
    expect(await logger.group('Pushing', async () => 42)).toBe(42)
    expect(stderr.text).toContain('Pushing')
  })
})

describe('cliProgress', () => {
  const CLEAR = '\r\u001b[K'
  const shown = { verbose: false, quiet: false }

  it('keeps one live line on a terminal: each status replaces it, other output clears it first', () => {
    const stdout = recorder(true)
    const stderr = recorder(true)
    const console = new Console(stdout, stderr, {})
    const progress = cliProgress(console, shown)!
    expect(progress.statusIntervalMs).toBe(LIVE_STATUS_INTERVAL_MS)
    progress.line('Uploading sha256:abababababab (256.0 MiB)')
    progress.status('Pushing: 1.0 MiB of 256.0 MiB (0%)')
    progress.status('Pushing: 2.0 MiB of 256.0 MiB (0%)')
    console.err('warning: a warning')
    progress.status('Pushing: 3.0 MiB of 256.0 MiB (1%)')
    progress.line('Uploads done: 256.0 MiB in 32 s (8.0 MiB/s)')
    console.out('result')
    expect(stderr.text).toBe(
      [
        'Uploading sha256:abababababab (256.0 MiB)\n',
        `${CLEAR}Pushing: 1.0 MiB of 256.0 MiB (0%)`,
        `${CLEAR}Pushing: 2.0 MiB of 256.0 MiB (0%)`,
        `${CLEAR}warning: a warning\n`,
        `${CLEAR}Pushing: 3.0 MiB of 256.0 MiB (1%)`,
        `${CLEAR}Uploads done: 256.0 MiB in 32 s (8.0 MiB/s)\n`
      ].join('')
    )
    // Nothing live was left to clear before the result.
    expect(stdout.text).toBe('result\n')
  })

  it('clears a live line left by a push that failed before the error is printed', () => {
    const stderr = recorder(true)
    const console = new Console(recorder(true), stderr, {})
    cliProgress(console, shown)!.status('Pushing: 1.0 MiB of 2.0 MiB (50%)')
    console.out('partial result')
    expect(stderr.text).toBe(`${CLEAR}Pushing: 1.0 MiB of 2.0 MiB (50%)${CLEAR}`)
  })

  it('cuts a live line to the terminal’s width, so that it cannot wrap', () => {
    const stderr = Object.assign(recorder(true), { columns: 20 })
    const progress = cliProgress(new Console(recorder(true), stderr, {}), shown)!
    progress.status('Pushing: 100.0 MiB of 256.0 MiB (39%)')
    expect(stderr.text).toBe(`${CLEAR}Pushing: 100.0 MiB…`)
    expect([...stderr.text.slice(CLEAR.length)]).toHaveLength(19)
  })

  it('takes 80 columns where the terminal reports none (a pseudo-terminal without a size)', () => {
    const stderr = Object.assign(recorder(true), { columns: 0 })
    const progress = cliProgress(new Console(recorder(true), stderr, {}), shown)!
    const status = `Pushing: ${'x'.repeat(100)}`
    progress.status(status)
    expect(stderr.text).toBe(`${CLEAR}${status.slice(0, 78)}…`)
  })

  it.each([
    ['a pipe', false, {}],
    ['a terminal with TERM=dumb', true, { TERM: 'dumb' }]
  ])('prints plain lines on %s, a status every 10 s, without --verbose', (_, isTTY, env) => {
    const stderr = recorder(isTTY)
    const progress = cliProgress(new Console(recorder(false), stderr, env), shown)!
    expect(progress.statusIntervalMs).toBe(LOG_STATUS_INTERVAL_MS)
    progress.line('Uploading sha256:abababababab (256.0 MiB)')
    progress.status('Pushing: 1.0 MiB of 256.0 MiB (0%)')
    progress.line('Uploads done')
    expect(stderr.text).toBe(
      'Uploading sha256:abababababab (256.0 MiB)\nPushing: 1.0 MiB of 256.0 MiB (0%)\nUploads done\n'
    )
  })

  it('shows nothing with --quiet', () => {
    expect(
      cliProgress(new Console(recorder(true), recorder(true), {}), { verbose: false, quiet: true })
    ).toBeUndefined()
  })

  it('shows Docker’s words without their control characters and masks secrets', () => {
    const stderr = recorder(true)
    const console = new Console(recorder(false), stderr, {})
    console.addSecret('k]j64r{1sJSSF-;)K8')
    const progress = cliProgress(console, shown)!
    progress.status('a\u001b[2Jb k]j64r{1sJSSF-;)K8')
    progress.line('::add-mask::x')
    expect(stderr.text).toBe(`${CLEAR}a[2Jb ***${CLEAR}\\::add-mask::x\n`)
  })
})

describe('render', () => {
  it('shows a plan as aligned rows', () => {
    expect(renderPlan(plan, toOutputs(plan), git, plain)).toEqual([
      'Registry    fra.ocir.io',
      'Username    demo/<user>',
      'Repository  fra.ocir.io/demo/app',
      'Tags        main',
      '            sha-0123456',
      'Pull        docker pull fra.ocir.io/demo/app:main',
      'Source      app (local Docker engine)',
      'Labels      org.opencontainers.image.revision=0123456789abcdef0123456789abcdef01234567',
      'Build       branch main at 0123456, read from git'
    ])
  })

  it('shows the labels that have a value, and no Labels row without one', () => {
    const labelled: Plan = { ...plan, labels: ['a=', 'b=x=', 'c=1'] }
    const lines = renderPlan(labelled, toOutputs(labelled), git, plain)
    expect(lines).toContain('Labels      b=x=')
    expect(lines).toContain('            c=1')
    expect(lines.join('\n')).not.toMatch(/ a=$/m)
    const unlabelled: Plan = { ...plan, labels: ['a='] }
    expect(renderPlan(unlabelled, toOutputs(unlabelled), git, plain).join('\n')).not.toContain(
      'Labels'
    )
  })

  it.each<[Partial<GitContext>, string]>([
    [{ event: 'tag', tag: 'v1.2.3', branch: undefined }, 'tag v1.2.3 at 0123456, read from git'],
    [
      {
        event: 'pull_request',
        prNumber: 7,
        headRef: 'feature',
        baseRef: 'main',
        provider: 'gitlab'
      },
      'pull request #7 (feature → main) at 0123456, read from gitlab'
    ],
    [{ event: 'schedule' }, 'scheduled build of main at 0123456, read from git'],
    [{ event: 'other', ref: '', sha: '' }, 'not a git checkout (no commit, branch or tag)'],
    [{ event: 'other', ref: '' }, 'detached HEAD at 0123456, read from git']
  ])('describes the build %j', (change, expected) => {
    const lines = renderPlan(plan, toOutputs(plan), { ...git, ...change }, plain)
    expect(lines.at(-1)).toBe(`Build       ${expected}`)
  })

  it.each<[TagPushPlan['source'], string]>([
    [{ kind: 'oci', path: './layout', tag: '1.0' }, './layout tag 1.0 (OCI image layout)'],
    [{ kind: 'docker-archive', path: 'app.tar' }, 'app.tar (docker save tarball)']
  ])('describes the source %j', (source, expected) => {
    const lines = renderPlan({ ...plan, source }, toOutputs(plan), git, plain)
    expect(lines).toContain(`Source      ${expected}`)
  })

  it('marks what a plan lacks', () => {
    const empty = oneTarget({ ...plan, tags: [], references: [] })
    expect(renderPlan(empty, toOutputs(empty), git, plain)).toContain('Pull        (none)')
  })

  it('shows a push with the pull command and the pinned reference', () => {
    const outputs = toOutputs(plan, [
      { result: { digest, pushed: plan.references, platforms: [] } }
    ])
    expect(renderPushed(outputs, plain)).toEqual([
      'Pushed  fra.ocir.io/demo/app:main',
      '        fra.ocir.io/demo/app:sha-0123456',
      `Digest  ${digest}`,
      'Pull    docker pull fra.ocir.io/demo/app:main',
      `Pinned  fra.ocir.io/demo/app@${digest}`
    ])
  })

  it('shows a push by digest: no tag, the pinned reference to pull', () => {
    const byDigest: Plan = oneTarget({ ...plan, mode: 'push-by-digest', tags: [], references: [] })
    expect(renderPlan(byDigest, toOutputs(byDigest), git, plain)).toContain(
      'Tags        (none: pushed by digest)'
    )
    const outputs = toOutputs(byDigest, [{ result: { digest, pushed: [], platforms: [] } }])
    expect(renderPushed(outputs, plain)).toEqual([
      'Pushed  no tag (by digest)',
      `Digest  ${digest}`,
      `Pull    docker pull fra.ocir.io/demo/app@${digest}`,
      `Pinned  fra.ocir.io/demo/app@${digest}`
    ])
  })

  it('plans a merge with the digests it joins', () => {
    const arm64 = `sha256:${'cd'.repeat(32)}`
    const merge: Plan = oneTarget({
      mode: 'merge',
      digests: [digest, arm64],
      ...{ registry: plan.registry, namespace: plan.namespace, username: plan.username },
      ...{ repository: plan.repository, repositoryPath: plan.repositoryPath },
      ...{ repositoryReference: plan.repositoryReference, tags: plan.tags },
      ...{ references: plan.references, push: plan.push, notices: plan.notices },
      ...{ version: plan.version, labels: plan.labels, annotations: plan.annotations }
    })
    const lines = renderPlan(merge, toOutputs(merge), git, plain)
    expect(lines).toContain('Source      (none)')
    expect(lines.join('\n')).toContain(`Merge       ${digest}\n            ${arm64}`)
  })

  it('shows a login', () => {
    expect(renderLogin(['fra.ocir.io'], 'demo/jdoe', '/home/u/.docker', plain)).toEqual([
      'Logged in  fra.ocir.io',
      'Username   demo/jdoe',
      'Stored in  /home/u/.docker'
    ])
  })
})
