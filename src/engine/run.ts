import { BEARER_TOKEN_USERNAME } from '../common/constants.js'
import type { DockerCommands } from '../docker/cli.js'
import { dropLoginInFile, storeLoginInFile, writeAuth } from '../docker/config.js'
import { RegistryError, TargetError, TargetErrors } from '../common/errors.js'
import { ocirTokenRealm, validateAuthToken } from '../ocir/index.js'
import { RegistryClient } from '../registry/client.js'
import { mergeIndex, pushImageToTargets } from './daemonless.js'
import { pushDockerImageByDigest, pushFromDockerEngine } from './docker-engine.js'
import { PartialPushError } from './partial-push.js'
import { diagnosed, explainFailure, failureContext } from './diagnosis.js'
import type { Credentials, RegistryAuth } from '../registry/credentials.js'
import type { EndpointEnvironment } from '../oci/index.js'
import {
  ensurePlannedRepository,
  isSigned,
  signedTokenSource,
  type RunCredentials,
  type SignedCredentials
} from './api-key.js'
import {
  labelledLogger,
  labelledProgress,
  type Logger,
  type ProgressSink
} from '../common/logger.js'
import { toOutputs, type TargetState } from './outputs.js'
import { planHosts, pushesImage } from './plan.js'
import type { Plan, PushPlan, PushResult, RunResult, TagPushPlan } from './types.js'

/** The effects the engine uses; each face builds them (the action for a job, the CLI per invocation). */
export interface EngineDeps {
  docker: DockerCommands
  /** The client configuration directory `docker` runs with (same as the DockerCli's). */
  dockerConfigDir: string
  /**
   * Where the run puts the files it removes once it ends (a `docker save` export): the job's
   * RUNNER_TEMP, the CLI's own temporary directory. Never the shared system one.
   */
  temporaryDirectory: string
  logger: Logger
  /** Where a push's progress goes (blobs, bytes, Docker's layer states); none without it. */
  progress?: ProgressSink
  /** Masks a secret the run obtains (a registry's Bearer token) in everything the face prints. */
  onSecret?(value: string): void
  /**
   * The result states the image's size (the action's job summary shows it): a push from the
   * Docker engine of one tag reads the pushed manifest for it, one request more.
   */
  imageSize?: boolean
}

/** What a run needs besides: for signed runs (API key, OIDC), OCI's endpoints. */
export interface RunDeps extends EngineDeps {
  /** Where OCI's endpoint overrides are read (`OCIR_ARTIFACTS_ENDPOINT`, …), for signed runs. */
  endpointEnv: EndpointEnvironment
}

/**
 * Signed in: the credentials stored for Docker and later steps (for signed runs, `BEARER_TOKEN`
 * and a registry token) and what the run's registry clients authenticate with.
 */
interface SignedIn {
  credentials: Credentials
  /** A signed run's token source renews tokens during a long push; an auth token is Basic. */
  auth: RegistryAuth
  signed?: SignedCredentials
}

/**
 * The auth token the engine sends with the username the plan qualified: checked and trimmed
 * once (a notice says when whitespace was removed).
 */
export function checkAuthToken(rawToken: string, logger: Logger): string {
  const { token, notices } = validateAuthToken(rawToken)
  for (const notice of notices) logger.warning(notice.message, notice.title)
  return token
}

/**
 * The one run both faces start: logs in to every host of the plan, pushes what the plan says
 * to each target, and tells how it ended. It never throws for a failure of the run: the result
 * carries it, with the outputs of what was pushed before it. A target that fails does not stop
 * the others. Aborting `signal` stops docker commands and registry requests and resolves to
 * `cancelled` once nothing is left in flight.
 */
export async function run(
  plan: Plan,
  credentials: RunCredentials,
  deps: RunDeps,
  signal: AbortSignal
): Promise<RunResult> {
  const { logger } = deps
  try {
    const hosts = hostPlans(plan)
    const logins = await logger.group(`Log in to ${planHosts(plan).join(', ')}`, () =>
      logInEach(hosts, credentials, deps, signal)
    )
    // Cancelled: whatever each part made of it, the run stopped.
    if (signal.aborted) return { status: 'cancelled', reason: signal.reason }
    if (!pushesImage(plan)) return loggedIn(plan, hosts, logins)
    const states = await pushToTargets(plan, logins, deps, signal)
    if (signal.aborted) return { status: 'cancelled', reason: signal.reason }
    return ended(plan, states)
  } catch (error) {
    if (signal.aborted) return { status: 'cancelled', reason: signal.reason }
    return { status: 'failed', error }
  }
}

/** The plan of each of its targets alone: what a run with that one target would do. */
function targetPlans<P extends Plan>(plan: P): P[] {
  return plan.targets.map(target => ({ ...plan, ...target, targets: [target] }))
}

/**
 * The plan of each registry host alone, in the plan's order, with the targets there (a login
 * is per host): its own fields are its first target's.
 */
function hostPlans(plan: Plan): Plan[] {
  return planHosts(plan).map(host => {
    const targets = plan.targets.filter(target => target.registry === host)
    return { ...plan, ...targets[0]!, targets }
  })
}

/** Each host's login, by host: signed in and stored, or why not. */
type Logins = Map<string, PromiseSettledResult<SignedIn>>

/**
 * Signs in to every host at once, then stores each login in turn (one client configuration
 * file holds them all, and two writers at once would lose one).
 */
async function logInEach(
  hosts: readonly Plan[],
  credentials: RunCredentials,
  deps: RunDeps,
  signal: AbortSignal
): Promise<Logins> {
  const signedIn = await Promise.allSettled(
    hosts.map(host => signIn(host, credentials, deps, signal))
  )
  const logins: Logins = new Map()
  for (const [index, host] of hosts.entries()) {
    const signed = signedIn[index]!
    if (signed.status === 'fulfilled') {
      try {
        await login(host, signed.value.credentials, deps, signal)
      } catch (error) {
        logins.set(host.registry, { status: 'rejected', reason: error })
        continue
      }
    }
    logins.set(host.registry, signed)
  }
  return logins
}

/** A run that only logs in: it failed where a host's login did. */
function loggedIn(plan: Plan, hosts: readonly Plan[], logins: Logins): RunResult {
  const failures = hosts.flatMap(host => {
    const login = logins.get(host.registry)
    return login?.status === 'rejected' ? [new TargetError(host.registry, login.reason)] : []
  })
  if (failures.length === 0) return { status: 'succeeded', outputs: toOutputs(plan) }
  return {
    status: 'failed',
    error: hosts.length === 1 ? failures[0]!.failure : new TargetErrors(failures, hosts.length)
  }
}

/**
 * How the run ended from each target's state: succeeded when every target was pushed; else
 * failed with the one target's failure, or each failed target's (`TargetErrors`), and the
 * outputs of what exists when any target holds something.
 */
function ended(plan: PushPlan, states: readonly TargetState[]): RunResult {
  const failures = plan.targets.flatMap((target, index) => {
    const state = states[index]!
    return 'error' in state
      ? [new TargetError(target.repositoryReference || target.registry, state.error)]
      : []
  })
  if (failures.length === 0) {
    const pushes = states.flatMap(state => ('result' in state ? [state.result] : []))
    return { status: 'succeeded', outputs: toOutputs(plan, states), pushes }
  }
  const holds = states.some(state => 'result' in state || state.digest)
  return {
    status: 'failed',
    error: states.length === 1 ? failures[0]!.failure : new TargetErrors(failures, states.length),
    ...(holds ? { outputs: toOutputs(plan, states) } : {})
  }
}

/**
 * The credentials to store for the host of `plan`: an auth token's as they are; for signed
 * runs, a registry token got by a signed request (with push scope for every repository the
 * run pushes to there, for `docker push` to use), under `BEARER_TOKEN`.
 */
async function signIn(
  plan: Plan,
  credentials: RunCredentials,
  deps: RunDeps,
  signal: AbortSignal
): Promise<SignedIn> {
  if (!isSigned(credentials)) return { credentials, auth: credentials }
  const tokenSource = signedTokenSource(credentials.principal)
  const client = registryClient(plan, tokenSource, { ...deps, signal })
  const repositories = plan.targets.flatMap(target =>
    target.repositoryPath ? [target.repositoryPath] : []
  )
  const token = await diagnosed(
    failureContext(plan, { username: BEARER_TOKEN_USERNAME, token: '' }),
    () => client.loginToken(repositories)
  )
  if (!token) {
    throw new RegistryError(`${plan.registry} does not ask for bearer tokens`, {
      fix: `Signing in with auth: ${credentials.kind} needs OCIR (a registry whose /v2/ answers with a Bearer challenge); set region or registry to an OCIR host, or sign in with auth: auth-token`
    })
  }
  return {
    credentials: { username: BEARER_TOKEN_USERNAME, token },
    auth: tokenSource,
    signed: credentials
  }
}

/**
 * Stores the registry credentials (the token from `checkAuthToken`) in the client configuration,
 * always in config.json, never a credential helper. A push writes them directly, as
 * `docker login` would, and the push's pre-flight proves them against the registry before
 * anything is uploaded: that saves a Docker process and its round trips. A run that only
 * logs in has nothing else to prove them, so `docker login` does.
 */
async function login(
  plan: Plan,
  credentials: Credentials,
  deps: EngineDeps,
  signal: AbortSignal
): Promise<void> {
  const { username, token } = credentials
  if (plan.mode !== 'login') {
    await writeAuth(deps.dockerConfigDir, plan.registry, username, token)
    deps.logger.info(`Stored credentials for ${plan.registry} as ${credentials.username}`)
    return
  }
  const overridden = await storeLoginInFile(deps.dockerConfigDir, plan.registry)
  await diagnosed(failureContext(plan, credentials), () =>
    deps.docker.login(plan.registry, username, token, signal)
  ).catch(async (error: unknown) => {
    // A refused login stored nothing: the user's credential helper applies again.
    if (overridden) await dropLoginInFile(deps.dockerConfigDir, plan.registry)
    throw error
  })
  deps.logger.info(`Logged in to ${plan.registry} as ${credentials.username}`)
}

/** One target of the push: its plan, login, controller, and its own log when there are several. */
interface TargetRun {
  plan: PushPlan
  signedIn: SignedIn
  /**
   * Aborted by the run's signal, and by the first part of this target's push that fails for
   * good, so that its parallel siblings stop rather than retry; other targets go on.
   */
  controller: AbortController
  deps: PushDeps
}

/** The effects of one push, all stopped by `signal`. */
type PushDeps = RunDeps & { signal: AbortSignal }

/**
 * Ensures each target's repository where the plan asks (signed runs with `compartment`), then
 * pushes the plan's source to every target whose login and repository are in order, or joins
 * the plan's digests into one index in each; resolves to each target's state, in order.
 */
async function pushToTargets(
  plan: PushPlan,
  logins: Logins,
  deps: RunDeps,
  signal: AbortSignal
): Promise<TargetState[]> {
  // Cancelled while logging in: nothing is sent.
  signal.throwIfAborted()
  const targets = targetPlans(plan)
  const several = targets.length > 1
  // Grows with every Bearer token the registries hand out: a registry that quotes one back in
  // an error body gets it redacted like the auth token.
  const secrets = [...logins.values()].flatMap(login =>
    login.status === 'fulfilled' ? [login.value.credentials.token] : []
  )
  const onSecret = (value: string): void => {
    secrets.push(value)
    deps.onSecret?.(value)
  }
  const controllers = targets.map(() => new AbortController())
  const cancel = (): void => {
    for (const controller of controllers) controller.abort(signal.reason)
  }
  signal.addEventListener('abort', cancel, { once: true })
  try {
    const runs = targets.map((target, index): TargetRun | { error: unknown } => {
      const login = logins.get(target.registry)!
      if (login.status === 'rejected') return { error: login.reason }
      const controller = controllers[index]!
      const label = target.repositoryReference
      return {
        plan: target,
        signedIn: login.value,
        controller,
        deps: {
          ...deps,
          ...(several ? labelled(deps, label) : {}),
          onSecret,
          signal: controller.signal
        }
      }
    })
    const context = (run: TargetRun) => ({
      ...failureContext(run.plan, run.signedIn.credentials),
      secrets
    })
    // Before any blob: a repository must be where it belongs before a push creates it.
    const ensured = await ensureRepositories(runs, deps.logger)
    const ready = runs.map((run, index) => {
      const ensure = ensured[index]
      return 'error' in run || ensure?.status !== 'rejected' ? run : { error: ensure.reason }
    })
    const live = ready.filter((run): run is TargetRun => !('error' in run))
    const outcomes = await deps.logger.group(
      `Push to ${live.map(run => run.plan.repositoryReference).join(', ')}`,
      () =>
        // The source itself could not be read (a missing image, no Docker): the run's failure.
        pushLive(plan, live, deps, signal).catch((error: unknown) => {
          throw explainFailure(error, context(live[0]!))
        })
    )
    return ready.map((run, index) => {
      if ('error' in run) return failedState(run.error)
      const outcome = outcomes[live.indexOf(run)]!
      if (outcome.status === 'rejected') {
        return failedState(explainFailure(outcome.reason, context(run)))
      }
      const ocid = ensured[index]
      const repositoryOcid = ocid?.status === 'fulfilled' ? ocid.value : undefined
      return { result: repositoryOcid ? { ...outcome.value, repositoryOcid } : outcome.value }
    })
  } finally {
    signal.removeEventListener('abort', cancel)
  }
}

/** A target's state from its failure: a partial push names what exists there. */
function failedState(error: unknown): TargetState {
  return error instanceof PartialPushError
    ? { error, digest: error.digest, pushed: error.pushed }
    : { error, pushed: [] }
}

/** `deps`' log and progress with each line starting with `label`: targets' lines interleave. */
function labelled(deps: EngineDeps, label: string): Pick<EngineDeps, 'logger' | 'progress'> {
  return {
    logger: labelledLogger(deps.logger, label),
    ...(deps.progress ? { progress: labelledProgress(deps.progress, label) } : {})
  }
}

/**
 * Makes each target's repository exist in its compartment (signed runs with `compartment`),
 * all at once; settles with each one's OCID, or is undefined where nothing was asked.
 */
async function ensureRepositories(
  runs: readonly (TargetRun | { error: unknown })[],
  logger: Logger
): Promise<(PromiseSettledResult<string | undefined> | undefined)[]> {
  const wanted = (run: TargetRun | { error: unknown }): run is TargetRun =>
    !('error' in run) &&
    run.signedIn.signed !== undefined &&
    run.plan.ensureRepository !== undefined
  const names = [...new Set(runs.filter(wanted).map(run => run.plan.repository))]
  if (names.length === 0) return []
  return logger.group(
    `Ensure ${names.length > 1 ? 'repositories' : 'repository'} ${names.join(', ')}`,
    () =>
      Promise.all(
        runs.map(run =>
          wanted(run)
            ? settled(ensurePlannedRepository(run.plan, run.signedIn.signed!, run.deps))
            : undefined
        )
      )
  )
}

/** How `promise` settles, as `Promise.allSettled` tells it. */
async function settled<T>(promise: Promise<T>): Promise<PromiseSettledResult<T>> {
  return promise.then(
    value => ({ status: 'fulfilled', value }),
    (reason: unknown) => ({ status: 'rejected', reason })
  )
}

/** Pushes to every target that can be pushed to, by the plan's source; settles per target. */
function pushLive(
  plan: PushPlan,
  runs: readonly TargetRun[],
  deps: EngineDeps,
  signal: AbortSignal
): Promise<PromiseSettledResult<PushResult>[]> {
  if (runs.length === 0) return Promise.resolve([])
  const clientOf = (run: TargetRun) => registryClient(run.plan, run.signedIn.auth, run.deps)
  const pushTarget = (run: TargetRun) => ({
    client: clientOf(run),
    repository: run.plan.repositoryPath,
    tags: run.plan.tags,
    controller: run.controller,
    ...(run.deps.progress ? { progress: run.deps.progress } : {})
  })
  if (plan.mode === 'merge') {
    return Promise.allSettled(
      runs.map(run => mergeIndex(clientOf(run), run.plan.repositoryPath, plan.digests, plan.tags))
    )
  }
  const source = plan.source
  const dockerDeps = {
    docker: deps.docker,
    signal,
    temporaryDirectory: deps.temporaryDirectory,
    logger: deps.logger,
    imageSize: deps.imageSize === true
  }
  switch (source.kind) {
    case 'docker':
      return plan.mode === 'push-by-digest'
        ? pushDockerImageByDigest(source, runs.map(pushTarget), dockerDeps)
        : pushFromDockerEngine(
            source,
            runs.map(run => ({
              ...pushTarget(run),
              plan: run.plan as TagPushPlan,
              logger: run.deps.logger
            })),
            dockerDeps
          )
    case 'oci':
    case 'docker-archive':
      // No Docker involved: the registry API directly, blobs in parallel, tags by fan-out.
      return pushImageToTargets(source, runs.map(pushTarget), {
        scratchParent: deps.temporaryDirectory
      })
  }
}

/**
 * The one place the engine makes a registry client. For an OCIR host the token realm is
 * known, so the client asks for a token at once rather than pinging `/v2/` first.
 */
function registryClient(plan: Plan, auth: RegistryAuth, deps: PushDeps): RegistryClient {
  const known = ocirTokenRealm(plan.registry)
  return new RegistryClient({
    registry: plan.registry,
    scheme: plan.registryScheme,
    ...(known ? { knownChallenge: { scheme: 'bearer', params: known } } : {}),
    ...(typeof auth === 'function' ? { tokenSource: auth } : { credentials: auth }),
    logger: deps.logger,
    signal: deps.signal,
    ...(deps.onSecret ? { onSecret: deps.onSecret } : {})
  })
}
