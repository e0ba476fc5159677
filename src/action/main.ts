import * as core from '@actions/core'
import { tmpdir } from 'node:os'
import { DockerCli } from '../docker/cli.js'
import { createDockerConfigDir } from '../docker/config.js'
import { formatError } from '../errors.js'
import { defaultGitIo, resolveGitContext } from '../git/index.js'
import { toOutputs } from '../outputs.js'
import { createPlan } from '../plan.js'
import { login, push } from '../push.js'
import type { Plan } from '../types.js'
import { maskEncodedCredentials, readInputs } from './inputs.js'
import { actionLogger } from './logger.js'
import { setOutputs } from './outputs.js'
import { markMainStepStarted, saveLoginState } from './state.js'
import { describePlan, renderSummary } from './summary.js'

/** The main step: plan, log in, push, report. Any failure fails the step with one message. */
export async function runMain(): Promise<void> {
  markMainStepStarted()
  try {
    await pushWithInputs()
  } catch (error) {
    core.setFailed(formatError(error))
  }
}

async function pushWithInputs(): Promise<void> {
  const { settings, token } = readInputs()
  const git = await resolveGitContext(process.env, defaultGitIo(), { provider: 'github' })
  const plan = createPlan(settings, git)
  const credentials = { username: plan.username, token }
  maskEncodedCredentials(credentials)
  for (const notice of plan.notices) core.notice(notice.message, { title: notice.title })
  for (const line of describePlan(plan)) core.info(line)

  if (!plan.push) {
    core.info('push: false: nothing was logged in to or pushed')
    await report(plan, toOutputs(plan))
    return
  }

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
  await login(plan, credentials, deps)
  const result = plan.source ? await push(plan, credentials, deps) : undefined
  await report(plan, toOutputs(plan, result))
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

async function report(plan: Plan, outputs: ReturnType<typeof toOutputs>): Promise<void> {
  setOutputs(outputs)
  if (process.env.GITHUB_STEP_SUMMARY) {
    await core.summary.addRaw(renderSummary(plan, outputs)).write()
  }
  if (outputs.digest) {
    core.info(`Pull:   docker pull ${outputs['pull-reference']}`)
    core.info(`Pinned: ${outputs['pinned-reference']}`)
  }
}
