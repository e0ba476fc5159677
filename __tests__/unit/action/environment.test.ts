import { jest } from '@jest/globals'
import { runnerEnvironment } from '../../../src/action/environment.js'
import { postRunnerEnvironment } from '../../../src/action/post.js'

describe("the runner's job log", () => {
  it('shows image names and registry words, never obeys them as workflow commands', async () => {
    const written: string[] = []
    const write = jest.spyOn(process.stdout, 'write').mockImplementation(chunk => {
      written.push(String(chunk))
      return true
    })
    try {
      const { logger } = runnerEnvironment()
      logger.info('Image: oci:/x\n::set-output name=digest::sha256:evil\n  ##[add-path]/tmp')
      logger.info('Docker said: \u001b[2J\u009b31m::add-mask::x')
    } finally {
      write.mockRestore()
    }
    const log = written.join('')
    expect(log).toBe(
      'Image: oci:/x\n\\::set-output name=digest::sha256:evil\n  \\##[add-path]/tmp\n' +
        'Docker said: [2J31m::add-mask::x\n'
    )
    expect(log).not.toMatch(/^\s*(::|##\[)/m)
  })
})

describe("the post step's job log, written without @actions/core", () => {
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

  const hostile = 'Docker said: 50%\r\n::add-mask::x, a: b\n  ##[add-path]/tmp'
  const title = 'logout failed: a, b: 100%\nnext'

  it('writes the same lines as the main step, which goes through @actions/core', () => {
    const main = runnerEnvironment()
    const post = postRunnerEnvironment()
    for (const use of [
      (e: typeof post) => e.logger.info(hostile),
      (e: typeof post) => e.logger.warning(hostile, title),
      (e: typeof post) => e.logger.debug(hostile),
      (e: typeof post) => e.fail([{ message: hostile, title }], 1)
    ]) {
      expect(stdoutOf(() => use(post))).toBe(stdoutOf(() => use(main)))
    }
  })

  it('escapes an annotation (a carriage return dropped) so that the runner reads one command', () => {
    const line = stdoutOf(() => postRunnerEnvironment().fail([{ message: hostile, title }], 1))
    expect(line).toBe(
      '::error title=logout failed%3A a%2C b%3A 100%25%0Anext::' +
        'Docker said: 50%25%0A::add-mask::x, a: b%0A  ##[add-path]/tmp\n'
    )
  })

  it('reads what the main step saved from STATE_<name>, as the runner hands it over', () => {
    process.env['STATE_docker-config'] = '/runner/_temp/x'
    try {
      expect(postRunnerEnvironment().getState('docker-config')).toBe('/runner/_temp/x')
      expect(postRunnerEnvironment().getState('registry')).toBe('')
    } finally {
      delete process.env['STATE_docker-config']
    }
  })
})
