import { jest } from '@jest/globals'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runnerEnvironment, type ActionEnvironment } from '../../../src/action/environment.js'
import { postRunnerEnvironment } from '../../../src/action/post.js'
import { coreRunnerEnvironment } from '../../support/core-environment.js'

/** What `fn` writes to stdout; the exit status it sets is put back. */
function stdoutOf(fn: () => void): string {
  const written: string[] = []
  const exitCode = process.exitCode
  const write = jest.spyOn(process.stdout, 'write').mockImplementation(chunk => {
    written.push(String(chunk))
    return true
  })
  try {
    fn()
  } finally {
    write.mockRestore()
    process.exitCode = exitCode
  }
  return written.join('')
}

/** What `fn` writes to stdout until it settles. */
async function stdoutUntil(fn: () => Promise<void>): Promise<string> {
  const written: string[] = []
  const write = jest.spyOn(process.stdout, 'write').mockImplementation(chunk => {
    written.push(String(chunk))
    return true
  })
  try {
    await fn()
  } finally {
    write.mockRestore()
  }
  return written.join('')
}

/** Runs `fn` with `variables` set in the process environment, then puts it back. */
async function withVariables<T>(
  variables: Record<string, string | undefined>,
  fn: () => T | Promise<T>
): Promise<T> {
  const saved = { ...process.env }
  for (const [name, value] of Object.entries(variables)) {
    if (value === undefined) delete process.env[name]
    else process.env[name] = value
  }
  try {
    return await fn()
  } finally {
    for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name]
    Object.assign(process.env, saved)
  }
}

const hostile = 'Docker said: 50%\r\n::add-mask::x, a: b\n  ##[add-path]/tmp'
const title = 'logout failed: a, b: 100%\nnext'

describe("the runner's job log", () => {
  it('shows image names and registry words, never obeys them as workflow commands', () => {
    const log = stdoutOf(() => {
      const { logger } = runnerEnvironment()
      logger.info('Image: oci:/x\n::set-output name=digest::sha256:evil\n  ##[add-path]/tmp')
      logger.info('Docker said: \u001b[2J\u009b31m::add-mask::x')
    })
    expect(log).toBe(
      'Image: oci:/x\n\\::set-output name=digest::sha256:evil\n  \\##[add-path]/tmp\n' +
        'Docker said: [2J31m::add-mask::x\n'
    )
    expect(log).not.toMatch(/^\s*(::|##\[)/m)
  })

  it('escapes an annotation (a carriage return dropped) so that the runner reads one command', () => {
    const line = stdoutOf(() => postRunnerEnvironment().fail([{ message: hostile, title }], 1))
    expect(line).toBe(
      '::error title=logout failed%3A a%2C b%3A 100%25%0Anext::' +
        'Docker said: 50%25%0A::add-mask::x, a: b%0A  ##[add-path]/tmp\n'
    )
  })
})

describe('the runner environment, written without @actions/core, writes what @actions/core writes', () => {
  type Use = (environment: ActionEnvironment) => void
  const logUses: Array<[string, Use]> = [
    ['a line', e => e.logger.info(hostile)],
    ['a warning with a title', e => e.logger.warning(hostile, title)],
    ['a warning without one', e => e.logger.warning(hostile)],
    ['a debug line', e => e.logger.debug(hostile)],
    ['a failure', e => e.fail([{ message: hostile, title }], 1)],
    ['a failure with an empty title', e => e.fail([{ message: hostile, title: '' }], 1)]
  ]

  it.each(logUses)('in the job log: %s, in the main step and the post step', (_, use) => {
    const expected = stdoutOf(() => use(coreRunnerEnvironment()))
    expect(stdoutOf(() => use(runnerEnvironment()))).toBe(expected)
    expect(stdoutOf(() => use(postRunnerEnvironment() as ActionEnvironment))).toBe(expected)
  })

  it('in the job log: a group, in the main step and the post step', async () => {
    const group = (e: Pick<ActionEnvironment, 'logger'>) => () =>
      e.logger.group(title, async () => e.logger.info('inside'))
    const expected = await stdoutUntil(group(coreRunnerEnvironment()))
    expect(expected).toContain('::group::')
    expect(await stdoutUntil(group(runnerEnvironment()))).toBe(expected)
    expect(await stdoutUntil(group(postRunnerEnvironment()))).toBe(expected)
  })

  it.each<[string, Use]>([
    ['a mask', e => e.setSecret('k]j64r{1sJSSF-;)K8%\n')],
    ['a notice', e => e.notice(hostile, title)]
  ])('as a workflow command: %s', (_, use) => {
    expect(stdoutOf(() => use(runnerEnvironment()))).toBe(
      stdoutOf(() => use(coreRunnerEnvironment()))
    )
  })

  /** The command files after `use`, their random delimiters made alike. */
  async function commandFiles(make: () => ActionEnvironment, use: Use) {
    const dir = mkdtempSync(join(tmpdir(), 'ocir-push-runner-'))
    const files = { GITHUB_OUTPUT: 'output', GITHUB_ENV: 'env', GITHUB_STATE: 'state' }
    const paths = Object.fromEntries(
      Object.entries(files).map(([name, file]) => [name, join(dir, file)])
    )
    for (const path of Object.values(paths)) writeFileSync(path, 'earlier=1\n')
    try {
      const stdout = await withVariables(paths, () => stdoutOf(() => use(make())))
      const contents = Object.values(paths).map(path =>
        readFileSync(path, 'utf8').replace(/ghadelimiter_[0-9a-f-]{36}/g, 'ghadelimiter_X')
      )
      return { stdout, contents }
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }

  const value = 'first line\nsecond: 100%\r\n::set-output name=x::y'
  const fileUses: Use = e => {
    e.setOutput('tags', value)
    e.setOutput('digest', '')
    e.exportVariable('DOCKER_CONFIG', value)
    e.saveState('docker-config', value)
  }

  it('in the command files: outputs, exported variables and state', async () => {
    const ours = await commandFiles(runnerEnvironment, fileUses)
    expect(ours).toEqual(await commandFiles(coreRunnerEnvironment, fileUses))
    expect(ours.contents[0]).toContain(`tags<<ghadelimiter_X\n${value}\nghadelimiter_X\n`)
  })

  it('as workflow commands when the runner gives no command files', async () => {
    const none = { GITHUB_OUTPUT: undefined, GITHUB_ENV: undefined, GITHUB_STATE: undefined }
    const ours = await withVariables(none, () => stdoutOf(() => fileUses(runnerEnvironment())))
    const core = await withVariables(none, () => stdoutOf(() => fileUses(coreRunnerEnvironment())))
    expect(ours).toBe(core)
    expect(ours).toContain('::set-output name=tags::first line%0Asecond: 100%25%0D%0A')
  })

  it('exports a variable to the rest of this process too', async () => {
    const name = 'OCIR_PUSH_EXPORTED'
    await withVariables({ [name]: undefined, GITHUB_ENV: undefined }, () => {
      stdoutOf(() => runnerEnvironment().exportVariable(name, 'v'))
      expect(process.env[name]).toBe('v')
    })
  })

  it.each([
    ['auth-token', { 'INPUT_AUTH-TOKEN': '  k]j64r{1sJSSF-;)K8 \n' }, undefined],
    ['tags', { INPUT_TAGS: '  a\n b \n' }, { trimWhitespace: false }],
    ['repository visibility', { INPUT_REPOSITORY_VISIBILITY: ' private ' }, undefined],
    ['missing', {}, undefined]
  ])('reads input %s as it does', async (name, variables, options) => {
    await withVariables(variables, () => {
      expect(runnerEnvironment().getInput(name, options)).toBe(
        coreRunnerEnvironment().getInput(name, options)
      )
    })
  })

  it('reads what the main step saved from STATE_<name>, as the runner hands it over', async () => {
    await withVariables({ 'STATE_docker-config': '/runner/_temp/x' }, () => {
      for (const environment of [runnerEnvironment(), postRunnerEnvironment()]) {
        expect(environment.getState('docker-config')).toBe('/runner/_temp/x')
        expect(environment.getState('registry')).toBe('')
      }
    })
  })

  it('appends to the job summary', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ocir-push-summary-'))
    try {
      const appended = async (make: () => ActionEnvironment): Promise<string> => {
        const file = join(dir, make.name)
        writeFileSync(file, 'before\n')
        await withVariables({ GITHUB_STEP_SUMMARY: file }, async () => {
          await make().appendSummary('### one\n')
          await make().appendSummary('two')
        })
        return readFileSync(file, 'utf8')
      }
      expect(await appended(runnerEnvironment)).toBe(await appended(coreRunnerEnvironment))
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
