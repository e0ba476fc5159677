import { readFile } from 'node:fs/promises'
import { withoutAuthToken } from '../common/constants.js'

/** The effects resolving a GitContext needs: swapped for fixtures in tests. */
export interface GitIo {
  readFile(path: string): Promise<string>
  /** Runs git; stdout trimmed, undefined when git is missing or fails. */
  git(args: string[]): Promise<string | undefined>
  now(): Date
}

export function defaultGitIo(cwd: string = process.cwd()): GitIo {
  return {
    readFile: path => readFile(path, 'utf8'),
    git: async args => {
      // Loaded on first use: a GitHub event payload usually answers everything git would.
      const { execFile } = await import('node:child_process')
      return new Promise(resolve => {
        execFile(
          'git',
          args,
          { cwd, env: withoutAuthToken(process.env), windowsHide: true },
          (error, stdout) => resolve(error ? undefined : stdout.trim())
        )
      })
    },
    now: () => new Date()
  }
}
