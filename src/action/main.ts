import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createDockerConfigDir, keepsSecretsPrivate } from '../docker/config.js'
import { InputChecks } from '../common/checks.js'
import { failuresOf, formatError } from '../common/errors.js'
import { plainProgress } from '../common/logger.js'
import { resolveGitContext } from '../git/index.js'
import { cancelledExitCode } from '../engine/cancel.js'
import { toOutputs } from '../engine/outputs.js'
import { checkAuthToken, run } from '../engine/run.js'
import { isSigned, loadApiKeyCredentials } from '../engine/api-key.js'
import { startOidcCredentials } from '../engine/oidc.js'
import { prepareRun } from '../engine/prepare.js'
import { describeTargets, planHosts } from '../engine/plan.js'
import type { Plan, RunResult } from '../engine/types.js'
import { runnerEnvironment } from './environment.js'
import type { ActionEnvironment } from './environment.js'
import { maskEncodedCredentials, readInputs } from './inputs.js'
import { setOutputs } from './outputs.js'
import { keepDockerConfig } from './kept-docker-config.js'
import { saveLoginState } from './state.js'
import { describePlan, failureTitle, renderFailureSummary, renderSummary } from './summary.js'

export interface MainStepOptions {
  /** Aborted when the job is cancelled: the run stops, and the step fails with 130 or 143. */
  signal?: AbortSignal
  /** The engine; tests replace it to drive a push without a registry. */
  engine?: typeof run
}

/** The plan, once there is one, so that a failure's summary shows what was attempted. */
interface Attempt {
  plan?: Plan
  /** The `summary` input, once read: a failure before that still writes one. */
  summary?: boolean
}

/** The main step: plan, the engine's run, then outputs, summary and exit status. */
export async function runMain(
  environment: ActionEnvironment = runnerEnvironment(),
  options: MainStepOptions = {}
): Promise<void> {
  const attempt: Attempt = {}
  const failed = (error: unknown): RunResult => ({ status: 'failed', error })
  const result = await mainStep(environment, attempt, options).catch(failed)
  await report(environment, attempt, result).catch((error: unknown) =>
    report(environment, attempt, failed(error))
  )
}

/** Everything up to the run's result; throws for what fails before the engine starts. */
async function mainStep(
  environment: ActionEnvironment,
  attempt: Attempt,
  { signal = new AbortController().signal, engine = run }: MainStepOptions
): Promise<RunResult> {
  const { logger } = environment
  // Every input is checked before anything is sent, and all that are wrong are reported together.
  const problems = new InputChecks()
  const inputs = readInputs(environment, problems)
  const { settings, token, summary } = inputs
  attempt.summary = summary
  const ociDeps = {
    endpointEnv: environment.env,
    logger,
    signal,
    onSecret: (value: string) => environment.setSecret(value)
  }
  const { plan, credentials } = await prepareRun(
    settings,
    () => resolveGitContext(environment.env, environment.git, { provider: 'github' }),
    {
      apiKey: async () => loadApiKeyCredentials(inputs.apiKey),
      oidc: () => startOidcCredentials(inputs.oidc.settings, inputs.oidc.source, ociDeps),
      authToken: async () => checkAuthToken(token, logger)
    },
    problems,
    {
      ...ociDeps,
      // A failure's summary shows what was attempted, when the plan itself is right.
      planned: plan => (attempt.plan = plan)
    }
  )
  if (!credentials || !isSigned(credentials)) {
    maskEncodedCredentials(environment, { username: plan.username, token })
  }
  await logger.group(`Plan and tags for ${describeTargets(plan)}`, async () => {
    for (const line of describePlan(plan)) logger.info(line)
    for (const notice of plan.notices) environment.notice(notice.message, notice.title)
  })

  if (!plan.push || !credentials) {
    logger.info('push: false: nothing was logged in to or pushed')
    return { status: 'succeeded', outputs: toOutputs(plan) }
  }

  const runnerTemp = environment.env.RUNNER_TEMP || tmpdir()
  const dockerConfig = await jobDockerConfig(environment, runnerTemp)
  // What the logout must give back: an earlier step's login to this registry, the file's bytes.
  const keptDockerConfig =
    settings.logout && !dockerConfig.createdDockerConfig
      ? await keepDockerConfig(dockerConfig.dockerConfig, runnerTemp)
      : undefined
  // Saved before logging in, so the post step cleans up even after a failed login.
  saveLoginState(environment, {
    registries: planHosts(plan),
    ...dockerConfig,
    logout: settings.logout,
    ...(keptDockerConfig ? { keptDockerConfig } : {})
  })
  environment.exportVariable('DOCKER_CONFIG', dockerConfig.dockerConfig)
  const deps = {
    docker: environment.docker(dockerConfig.dockerConfig),
    dockerConfigDir: dockerConfig.dockerConfig,
    temporaryDirectory: runnerTemp,
    logger,
    // The job log has no live line: every progress line goes in as it is.
    progress: plainProgress(message => logger.info(message)),
    endpointEnv: environment.env,
    // A registry token is masked as it arrives, and so is Docker's config.json form of it.
    onSecret: (value: string) => {
      environment.setSecret(value)
      maskEncodedCredentials(environment, { username: plan.username, token: value })
    },
    // The job summary shows it.
    imageSize: summary
  }
  return engine(plan, credentials, deps, signal)
}

/**
 * The client configuration to log into: the one the job already uses (DOCKER_CONFIG, else
 * ~/.docker), in place, so later steps keep its logins, contexts and builders beside ours.
 * When its config.json can be read by other users, a token must not go there: a job-scoped
 * copy under RUNNER_TEMP then stands in (its other entries linked), removed by the post step.
 */
async function jobDockerConfig(
  environment: ActionEnvironment,
  runnerTemp: string
): Promise<{ dockerConfig: string; createdDockerConfig: boolean }> {
  const { env } = environment
  const existing = env.DOCKER_CONFIG || (env.HOME ? join(env.HOME, '.docker') : undefined)
  if (existing && (await keepsSecretsPrivate(existing))) {
    return { dockerConfig: existing, createdDockerConfig: false }
  }
  if (existing) {
    environment.notice(
      `${join(existing, 'config.json')} can be read by other users, so the login went into a copy of it for this job (DOCKER_CONFIG); chmod 600 it to log in in place`,
      'Docker config readable by others'
    )
  }
  const dockerConfig = await createDockerConfigDir(runnerTemp, existing)
  return { dockerConfig, createdDockerConfig: true }
}

/** Outputs, job summary and exit status of the result. */
async function report(
  environment: ActionEnvironment,
  { plan, summary = true }: Attempt,
  result: RunResult
): Promise<void> {
  switch (result.status) {
    case 'succeeded': {
      const { outputs } = result
      setOutputs(environment, outputs)
      if (summary) await environment.appendSummary(renderSummary(plan!, outputs, result.pushes))
      if (outputs.digest) {
        const pull = outputs['pull-reference'] || outputs['pinned-reference']
        environment.logger.info(`Pull:   docker pull ${pull}`)
        environment.logger.info(`Pinned: ${outputs['pinned-reference']}`)
      }
      return
    }
    case 'failed':
      // Some tags exist: the outputs name exactly those, so later steps use only what is there.
      if (result.outputs) setOutputs(environment, result.outputs)
      // Each input that is wrong gets its own annotation; the step fails once.
      environment.fail(
        failuresOf(result.error).map(failure => ({
          message: formatError(failure),
          title: failureTitle(failure)
        })),
        1
      )
      if (!summary) return
      await environment
        .appendSummary(renderFailureSummary(result.error, plan, result.outputs))
        .catch((summaryError: unknown) =>
          environment.logger.warning(
            `Could not write the job summary: ${formatError(summaryError)}`
          )
        )
      return
    case 'cancelled':
      environment.fail(
        [
          {
            message: `The run was cancelled (${formatError(result.reason)}): nothing more is pushed; the post step removes the login`,
            title: 'cancelled'
          }
        ],
        cancelledExitCode(result.reason)
      )
  }
}
