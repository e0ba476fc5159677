// Runs the bundled CLI (dist/cli.js, built by scripts/test.mjs before Jest starts) as a
// user would: a child process with its own environment, standard input and exit status.
import { execFileSync, spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync } from 'node:fs'
import { join } from 'node:path'
import { testbed } from '../../support/testbed.js'

export const CLI = join(import.meta.dirname, '..', '..', '..', 'dist', 'cli.js')

export interface CliRun {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
}

export interface CliOptions {
  /** Added to a minimal environment (PATH, HOME, TMPDIR, DOCKER_HOST of the bed). */
  env?: Record<string, string>
  input?: string
  cwd?: string
  /** Run it in a process group of its own, as a shell runs a foreground job. */
  detached?: boolean
  /** Called with the child once it runs, e.g. to signal it. */
  started?: (child: ReturnType<typeof spawn>) => void
}

/** A fresh directory in the bed for one test, with `home` and `tmp` inside. */
export function workspace(name: string): { dir: string; home: string; tmp: string } {
  const dir = mkdtempSync(join(testbed().dir, `cli-${name}-`))
  const home = join(dir, 'home')
  const tmp = join(dir, 'tmp')
  mkdirSync(home)
  mkdirSync(tmp)
  return { dir, home, tmp }
}

/**
 * The CLI with nothing of this machine's environment but PATH: no CI variables leak in to
 * change provider detection, and HOME and TMPDIR point into the test's workspace.
 */
export function runCli(
  args: string[],
  options: CliOptions & { home: string; tmp: string }
): Promise<CliRun> {
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: options.home,
    TMPDIR: options.tmp,
    DOCKER_HOST: testbed().dockerHost,
    ...options.env
  }
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      env,
      cwd: options.cwd ?? options.home,
      detached: options.detached ?? false
    })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', chunk => (stdout += chunk))
    child.stderr.setEncoding('utf8').on('data', chunk => (stderr += chunk))
    child.on('error', reject)
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }))
    // A command that exits before reading its input (a usage error) closes the pipe: not a failure.
    child.stdin.on('error', () => undefined)
    child.stdin.end(options.input ?? '')
    options.started?.(child)
  })
}

/** A git checkout with one commit on `branch`; resolves to the commit's SHA. */
export function gitCheckout(dir: string, branch = 'main'): string {
  const git = (...args: string[]): string =>
    execFileSync('git', args, {
      cwd: dir,
      encoding: 'utf8',
      env: {
        PATH: process.env.PATH ?? '',
        GIT_AUTHOR_NAME: 'Test',
        GIT_AUTHOR_EMAIL: 'test@example.com',
        GIT_COMMITTER_NAME: 'Test',
        GIT_COMMITTER_EMAIL: 'test@example.com',
        GIT_CONFIG_NOSYSTEM: '1',
        HOME: dir
      }
    }).trim()
  mkdirSync(dir, { recursive: true })
  git('init', '--quiet', `--initial-branch=${branch}`)
  git('commit', '--quiet', '--allow-empty', '--message', 'first')
  return git('rev-parse', 'HEAD')
}
