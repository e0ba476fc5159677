// A `docker` wrapper for tests (and `git`, or any other tool, on request): put its directory
// first on PATH and every command the code under test runs is appended to a log (argv and the
// child's environment), then handed to the real tool with the same stdin, stdout, stderr and
// exit status.
import {
  accessSync,
  chmodSync,
  constants,
  existsSync,
  mkdirSync,
  readFileSync,
  writeFileSync
} from 'node:fs'
import { delimiter, join } from 'node:path'

export interface RecordedCall {
  /** `docker`, or another recorded tool. */
  tool: string
  argv: string[]
  /** The child's whole environment, so a test can check no secret was handed down in it. */
  env: Record<string, string>
}

export interface DockerArgvRecorder {
  /** Put this first on PATH. */
  binDir: string
  /** One JSON line per command. */
  logFile: string
  /** Every call recorded so far, in order. */
  calls(): RecordedCall[]
}

/** The executable a wrapper hands over to: the first `tool` on PATH outside `except`. */
export function realExecutable(tool: string, except?: string): string {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir || dir === except) continue
    const candidate = join(dir, tool)
    try {
      accessSync(candidate, constants.X_OK)
      return candidate
    } catch {
      // Not here.
    }
  }
  throw new Error(`no ${tool} executable on PATH to record`)
}

/** Writes a wrapper for each of `tools` under `dir` (created if needed). */
export function createDockerArgvRecorder(dir: string, tools = ['docker']): DockerArgvRecorder {
  const binDir = join(dir, 'recorder-bin')
  const logFile = join(dir, 'argv.jsonl')
  mkdirSync(binDir, { recursive: true })
  for (const tool of tools) {
    const wrapper = join(binDir, tool)
    const record = JSON.stringify({ tool })
    // CommonJS on purpose: the file has no extension and no package.json governs it.
    writeFileSync(
      wrapper,
      [
        `#!${process.execPath}`,
        "const { appendFileSync } = require('node:fs')",
        "const { spawnSync } = require('node:child_process')",
        'const argv = process.argv.slice(2)',
        `const call = { ...${record}, argv, env: process.env }`,
        `appendFileSync(${JSON.stringify(logFile)}, JSON.stringify(call) + '\\n')`,
        `const result = spawnSync(${JSON.stringify(realExecutable(tool, binDir))}, argv, { stdio: 'inherit' })`,
        'process.exit(result.status ?? 1)',
        ''
      ].join('\n')
    )
    chmodSync(wrapper, 0o755)
  }
  return {
    binDir,
    logFile,
    calls: () =>
      existsSync(logFile)
        ? readFileSync(logFile, 'utf8')
            .split('\n')
            .filter(Boolean)
            .map(line => JSON.parse(line) as RecordedCall)
        : []
  }
}
