import * as core from '@actions/core'
import { tmpdir } from 'node:os'
import { DockerCli } from '../docker/cli.js'
import { createDockerConfigDir } from '../docker/config.js'
import { formatError } from '../common/errors.js'
import { defaultGitIo, resolveGitContext } from '../git/index.js'
import { partialOutputs, toOutputs } from '../engine/outputs.js'
import { createPlan, pushesImage } from '../engine/plan.js'
import { checkCredentials, login, push } from '../engine/run.js'
import { PartialPushError } from '../engine/daemonless.js'
import type { Plan, PushResult } from '../engine/types.js'
import { maskEncodedCredentials, readInputs } from './inputs.js'
import { actionLogger, failStep } from './logger.js'
import { setOutputs } from './outputs.js'
import { markMainStepStarted, saveLoginState } from './state.js'
import { describePlan, failureTitle, renderFailureSummary, renderSummary } from './summary.js'

/** The main step: plan, log in, push, report. Any failure fails the step with one message. */
export async function runMain(): Promise<void> {
  markMainStepStarted()
  // The plan, once there is one, so that a failure's summary shows what was attempted.
  const attempt: { plan?: Plan } = {}
  try {
    await pushWithInputs(attempt)
  } catch (error) {
    // Some tags exist: the outputs name exactly those, so later steps use only what is there.
    if (error instanceof PartialPushError && attempt.plan) {
      setOutputs(partialOutputs(attempt.plan, error.digest, error.pushed))
    }
    failStep(formatError(error), failureTitle(error))
    await writeSummary(renderFailureSummary(error, attempt.plan)).catch((summaryError: unknown) =>
      core.warning(`Could not write the job summary: ${formatError(summaryError)}`)
    )
  }
}

async function pushWithInputs(attempt: { plan?: Plan }): Promise<void> {
  const { settings, token } = readInputs()
  const git = await resolveGitContext(process.env, defaultGitIo(), { provider: 'github' })
  const plan = createPlan(settings, git)
  attempt.plan = plan
  maskEncodedCredentials({ username: plan.username, token })
  await actionLogger.group(
    `Plan and tags for ${plan.repositoryReference || plan.registry}`,
    async () => {
      for (const line of describePlan(plan)) core.info(line)
      for (const notice of plan.notices) core.notice(notice.message, { title: notice.title })
    }
  )

  if (!plan.push) {
    core.info('push: false: nothing was logged in to or pushed')
    await report(plan)
    return
  }

  const credentials = checkCredentials(plan, token, actionLogger)
  const dockerConfig = await jobDockerConfig()
  // Saved before logging in, so the post step cleans up even after a failed login.
  saveLoginState({ registry: plan.registry, ...dockerConfig, logout: settings.logout })
  core.exportVariable('DOCKER_CONFIG', dockerConfig.dockerConfig)
  const deps = {
    docker: new DockerCli({
      configDir: dockerConfig.dockerConfig,
      env: process.env,
      logger: actionLogger
    }),
    dockerConfigDir: dockerConfig.dockerConfig,
    logger: actionLogger
  }
  await actionLogger.group(`Log in to ${plan.registry}`, () => login(plan, credentials, deps))
  const result = pushesImage(plan)
    ? await actionLogger.group(`Push to ${plan.repositoryReference}`, () =>
        push(plan, credentials, deps)
      )
    : undefined
  await report(plan, result)
}

/**
 * The client configuration to log into: the job's DOCKER_CONFIG when a step already set
 * one, otherwise a new directory under RUNNER_TEMP, so ~/.docker is never touched.
 */
async function jobDockerConfig(): Promise<{ dockerConfig: string; createdDockerConfig: boolean }> {
  const existing = process.env.DOCKER_CONFIG
  if (existing) return { dockerConfig: existing, createdDockerConfig: false }
  const dockerConfig = await createDockerConfigDir(process.env.RUNNER_TEMP || tmpdir())
  return { dockerConfig, createdDockerConfig: true }
}

async function report(plan: Plan, result?: PushResult): Promise<void> {
  const outputs = toOutputs(plan, result)
  setOutputs(outputs)
  await writeSummary(renderSummary(plan, outputs, result))
  if (outputs.digest) {
    core.info(`Pull:   docker pull ${outputs['pull-reference'] || outputs['pinned-reference']}`)
    core.info(`Pinned: ${outputs['pinned-reference']}`)
  }
}

/** Appends to the job summary, when the runner provides one. */
async function writeSummary(markdown: string): Promise<void> {
  if (process.env.GITHUB_STEP_SUMMARY) await core.summary.addRaw(markdown).write()
}
