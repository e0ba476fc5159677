// The action's runner environment on @actions/core: what @github/local-action stands its own
// @actions/core in for, and the reference `runnerEnvironment` (which writes the runner's
// commands itself) must write the same as.
import * as core from '@actions/core'
import type { ActionEnvironment } from '../../src/action/environment.js'
import { failStep, jobLogger, type JobLogSink } from '../../src/action/job-log.js'
import { printable } from '../../src/common/text.js'
import { DockerCli } from '../../src/docker/cli.js'
import { defaultGitIo } from '../../src/git/index.js'

const coreLog: JobLogSink = {
  info: line => core.info(line),
  warning: (message, title) => core.warning(message, title ? { title } : {}),
  debug: message => core.debug(message),
  error: (message, title) => core.error(message, { title }),
  startGroup: name => core.startGroup(name),
  endGroup: () => core.endGroup()
}

export function coreRunnerEnvironment(): ActionEnvironment {
  const env = process.env
  const logger = jobLogger(coreLog)
  return {
    env,
    getInput: (name, options) => core.getInput(name, options),
    setSecret: value => core.setSecret(value),
    setOutput: (name, value) => core.setOutput(name, value),
    exportVariable: (name, value) => core.exportVariable(name, value),
    saveState: (name, value) => core.saveState(name, value),
    getState: name => core.getState(name),
    logger,
    notice: (message, title) => core.notice(printable(message), { title }),
    fail: (failures, exitCode) => failStep(coreLog, failures, exitCode),
    appendSummary: async markdown => {
      if (env.GITHUB_STEP_SUMMARY) await core.summary.addRaw(markdown).write()
    },
    git: defaultGitIo(),
    docker: configDir => new DockerCli({ configDir, env, logger })
  }
}
