import * as core from '@actions/core'
import { DockerCli } from '../docker/cli.js'
import type { DockerCommands } from '../docker/cli.js'
import type { Logger } from '../common/logger.js'
import { printable } from '../common/text.js'
import { defaultGitIo } from '../git/index.js'
import type { GitIo } from '../git/index.js'
import { failStep, jobLogger, type Annotation, type JobLogSink } from './job-log.js'

/**
 * Everything the action reads from and writes to the runner, as one object: @actions/core and
 * the process in production (`runnerEnvironment`), a fake in tests, so both steps run in-process.
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

/** The job log through @actions/core (which @github/local-action, for one, replaces). */
const coreLog: JobLogSink = {
  info: line => core.info(line),
  warning: (message, title) => core.warning(message, title ? { title } : {}),
  debug: message => core.debug(message),
  error: (message, title) => core.error(message, { title }),
  startGroup: name => core.startGroup(name),
  endGroup: () => core.endGroup()
}
const coreLogger = jobLogger(coreLog)

/** The runner, through @actions/core and this process. */
export function runnerEnvironment(): ActionEnvironment {
  const env = process.env
  return {
    env,
    getInput: (name, options) => core.getInput(name, options),
    setSecret: value => core.setSecret(value),
    setOutput: (name, value) => core.setOutput(name, value),
    exportVariable: (name, value) => core.exportVariable(name, value),
    saveState: (name, value) => core.saveState(name, value),
    getState: name => core.getState(name),
    logger: coreLogger,
    notice: (message, title) => core.notice(printable(message), { title }),
    fail: (failures, exitCode) => failStep(coreLog, failures, exitCode),
    appendSummary: async markdown => {
      if (env.GITHUB_STEP_SUMMARY) await core.summary.addRaw(markdown).write()
    },
    git: defaultGitIo(),
    docker: configDir => new DockerCli({ configDir, env, logger: coreLogger })
  }
}
