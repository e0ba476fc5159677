import { randomUUID } from 'node:crypto'
import { appendFileSync } from 'node:fs'
import { appendFile } from 'node:fs/promises'
import { EOL } from 'node:os'
import { DockerCli } from '../docker/cli.js'
import type { DockerCommands } from '../docker/cli.js'
import type { Logger } from '../common/logger.js'
import { printable } from '../common/text.js'
import { defaultGitIo } from '../git/index.js'
import type { GitIo } from '../git/index.js'
import {
  failStep,
  jobLogger,
  workflowCommand,
  workflowCommands,
  type Annotation
} from './job-log.js'

/**
 * Everything the action reads from and writes to the runner, as one object: the process in
 * production (`runnerEnvironment`), a fake in tests, so both steps run in-process.
 */
export interface ActionEnvironment {
  /** The step's environment variables (GITHUB_*, RUNNER_TEMP, DOCKER_CONFIG, …). */
  env: Record<string, string | undefined>
  getInput(name: string, options?: { trimWhitespace?: boolean }): string
  /** Masks `value` in everything the job log shows from now on. */
  setSecret(value: string): void
  setOutput(name: string, value: string): void
  /** Sets a variable for the later steps of the job. */
  exportVariable(name: string, value: string): void
  saveState(name: string, value: string): void
  getState(name: string): string
  logger: Logger
  notice(message: string, title: string): void
  /** Fails the step once: one error annotation per failure, each titled, and the exit status. */
  fail(failures: readonly Annotation[], exitCode: number): void
  /** Appends Markdown to the job summary, when the runner provides one. */
  appendSummary(markdown: string): Promise<void>
  /** Where the build's git facts come from (the event file, the checkout). */
  git: GitIo
  /** The Docker CLI, run with the client configuration `configDir`. */
  docker(configDir: string): DockerCommands
}

/** The runner, through this process: INPUT_*, workflow commands and command files. */
export function runnerEnvironment(): ActionEnvironment {
  const env = process.env
  const logger = jobLogger(workflowCommands)
  return {
    env,
    getInput: (name, options) => {
      const value = env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? ''
      return options?.trimWhitespace === false ? value : value.trim()
    },
    setSecret: value => workflowCommand('add-mask', value),
    setOutput: (name, value) => fileCommand(env, 'OUTPUT', name, value),
    exportVariable: (name, value) => {
      env[name] = value
      fileCommand(env, 'ENV', name, value)
    },
    saveState: (name, value) => fileCommand(env, 'STATE', name, value),
    getState: name => env[`STATE_${name}`] ?? '',
    logger,
    notice: (message, title) => workflowCommand('notice', printable(message), { title }),
    fail: (failures, exitCode) => failStep(workflowCommands, failures, exitCode),
    appendSummary: async markdown => {
      if (env.GITHUB_STEP_SUMMARY) await appendFile(env.GITHUB_STEP_SUMMARY, markdown)
    },
    git: defaultGitIo(),
    docker: configDir => new DockerCli({ configDir, env, logger })
  }
}

/** The workflow command a runner without command files (GITHUB_OUTPUT, …) reads instead. */
const COMMAND_OF_FILE = { OUTPUT: 'set-output', ENV: 'set-env', STATE: 'save-state' } as const

/**
 * `name=value` for the runner, as @actions/core writes it: appended to the command file
 * `GITHUB_<file>` between delimiters no value can hold, else as a workflow command.
 */
function fileCommand(
  env: Record<string, string | undefined>,
  file: keyof typeof COMMAND_OF_FILE,
  name: string,
  value: string
): void {
  const path = env[`GITHUB_${file}`]
  if (!path) {
    if (file === 'OUTPUT') process.stdout.write(EOL)
    return workflowCommand(COMMAND_OF_FILE[file], value, { name })
  }
  // A random delimiter: a value that ends the entry early cannot be guessed into one.
  const delimiter = `ghadelimiter_${randomUUID()}`
  appendFileSync(path, `${name}<<${delimiter}${EOL}${value}${EOL}${delimiter}${EOL}`)
}
