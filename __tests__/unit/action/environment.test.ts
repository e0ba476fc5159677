import { jest } from '@jest/globals'
import { runnerEnvironment } from '../../../src/action/environment.js'

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
