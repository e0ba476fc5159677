import { mkdtemp, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { BEARER_TOKEN_USERNAME, Inputs } from '../common/constants.js'
import type { DockerCommands, DockerImage } from '../docker/cli.js'
import { dropLoginInFile, storeLoginInFile, writeAuth } from '../docker/config.js'
import { InputError, RegistryError } from '../common/errors.js'
import { ocirTokenRealm, validateAuthToken } from '../ocir/index.js'
import { RegistryClient } from '../registry/client.js'
import type { Manifest } from '../image/content.js'
import { fanOutTags, manifestSize, mergeIndex, pushImageFromSource } from './daemonless.js'
import { PartialPushError } from './partial-push.js'
import { diagnosed, failureContext } from './diagnosis.js'
import type { Credentials, RegistryAuth } from '../registry/credentials.js'
import type { EndpointEnvironment } from '../oci/index.js'
import {
  ensurePlannedRepository,
  isSigned,
  signedTokenSource,
  type RunCredentials,
  type SignedCredentials
} from './api-key.js'
import type { Logger, ProgressSink } from '../common/logger.js'
import { formatDuration } from '../common/text.js'
import { partialOutputs, toOutputs } from './outputs.js'
import { pushesImage } from './plan.js'
import type {
  DigestPushPlan,
  ImageSource,
  Plan,
  PushPlan,
  PushResult,
  RunResult,
  TagPushPlan
} from './types.js'

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
 * The one run both faces start: logs in, pushes what the plan says, and tells how it ended.
 * It never throws for a failure of the run: the result carries it, with the outputs of what
 * was pushed before it. Aborting `signal` stops docker commands and registry requests and
 * resolves to `cancelled` once nothing is left in flight.
 */
export async function run(
  plan: Plan,
  credentials: RunCredentials,
  deps: RunDeps,
  signal: AbortSignal
): Promise<RunResult> {
  const { logger } = deps
  try {
    const signedIn = await logger.group(`Log in to ${plan.registry}`, async () => {
      const signed = await signIn(plan, credentials, deps, signal)
      await login(plan, signed.credentials, deps, signal)
      return signed
    })
    if (!pushesImage(plan)) return { status: 'succeeded', outputs: toOutputs(plan) }
    const { signed } = signedIn
    // Before any blob: the repository must be where it belongs before a push creates it.
    const repositoryOcid =
      signed && plan.ensureRepository
        ? await logger.group(`Ensure repository ${plan.repository}`, () =>
            ensurePlannedRepository(plan, signed, { ...deps, signal })
          )
        : undefined
    const pushed = await logger.group(`Push to ${plan.repositoryReference}`, () =>
      push(plan, signedIn, deps, signal)
    )
    const result = repositoryOcid ? { ...pushed, repositoryOcid } : pushed
    return { status: 'succeeded', outputs: toOutputs(plan, result), push: result }
  } catch (error) {
    if (signal.aborted) return { status: 'cancelled', reason: signal.reason }
    return {
      status: 'failed',
      error,
      ...(error instanceof PartialPushError
        ? { outputs: partialOutputs(plan, error.digest, error.pushed) }
        : {})
    }
  }
}

/**
 * The credentials to store: an auth token's as they are; for signed runs, a registry token got
 * by a signed request (with push scope for the plan's repository), under `BEARER_TOKEN`.
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
  const token = await diagnosed(
    failureContext(plan, { username: BEARER_TOKEN_USERNAME, token: '' }),
    () => client.loginToken(plan.repositoryPath || undefined)
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

/**
 * Pushes the plan's source under every tag (or by digest alone), or joins the plan's digests
 * into one index under every tag, and returns the one digest they all resolve to. One
 * controller for the whole push: the run's signal aborts it, and so does the first part of it
 * that fails for good, so that parallel siblings stop rather than retry.
 */
async function push(
  plan: PushPlan,
  signedIn: SignedIn,
  deps: EngineDeps,
  signal: AbortSignal
): Promise<PushResult> {
  // Cancelled while logging in: nothing is sent.
  signal.throwIfAborted()
  const controller = new AbortController()
  const cancel = (): void => controller.abort(signal.reason)
  signal.addEventListener('abort', cancel, { once: true })
  // Grows with every Bearer token the registry hands out: a registry that quotes one back in
  // an error body gets it redacted like the auth token.
  const secrets = [signedIn.credentials.token]
  const onSecret = (value: string): void => {
    secrets.push(value)
    deps.onSecret?.(value)
  }
  try {
    return await diagnosed({ ...failureContext(plan, signedIn.credentials), secrets }, () =>
      pushWith(plan, signedIn.auth, { ...deps, onSecret, signal: controller.signal }, controller)
    )
  } finally {
    signal.removeEventListener('abort', cancel)
  }
}

/** The effects of one push, all stopped by `signal`. */
type PushDeps = EngineDeps & { signal: AbortSignal }

function pushWith(
  plan: PushPlan,
  credentials: RegistryAuth,
  deps: PushDeps,
  controller: AbortController
): Promise<PushResult> {
  if (plan.mode === 'merge') {
    const client = registryClient(plan, credentials, deps)
    return mergeIndex(client, plan.repositoryPath, plan.digests, plan.tags)
  }
  const source = plan.source
  switch (source.kind) {
    case 'docker':
      return plan.mode === 'push-by-digest'
        ? pushDockerImageByDigest(plan, credentials, source, deps, controller)
        : pushFromDockerEngine(plan, credentials, source, deps, controller)
    case 'oci':
    case 'docker-archive':
      // No Docker involved: the registry API directly, blobs in parallel, tags by fan-out.
      return pushImageFromSource(source, {
        client: registryClient(plan, credentials, deps),
        repository: plan.repositoryPath,
        tags: plan.tags,
        controller,
        scratchParent: deps.temporaryDirectory,
        ...(deps.progress ? { progress: deps.progress } : {})
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

/**
 * `docker push` with Docker's lines shown, and a status of its own after each interval in
 * which Docker said nothing: it is silent while one large layer goes up, and CI systems end a
 * silent step (CircleCI after 10 minutes).
 */
async function dockerPush(
  docker: DockerCommands,
  reference: string,
  signal: AbortSignal,
  sink: ProgressSink | undefined
): Promise<string> {
  if (!sink) return docker.push(reference, signal)
  const started = performance.now()
  let heard = started
  const timer = setInterval(() => {
    const now = performance.now()
    if (now - heard < sink.statusIntervalMs) return
    sink.status(`docker push ${reference}: still pushing after ${formatDuration(now - started)}`)
  }, sink.statusIntervalMs).unref()
  try {
    return await docker.push(reference, signal, line => {
      heard = performance.now()
      sink.line(line)
    })
  } finally {
    clearInterval(timer)
  }
}

async function pushFromDockerEngine(
  plan: TagPushPlan,
  credentials: RegistryAuth,
  source: DockerSource,
  deps: PushDeps,
  controller: AbortController
): Promise<PushResult> {
  const { docker, logger, signal } = deps
  const client = registryClient(plan, credentials, deps)
  // Docker pushes the image once; every further tag is one manifest PUT of the same bytes.
  const [first, ...others] = plan.references
  if (!first) throw new Error('push needs a plan with at least one tag')
  // Nothing proved the credentials yet (they were written, not tried by `docker login`): the
  // pre-flight does (with a Bearer registry, it gets the push token the fan-out reuses). It
  // runs while Docker works, since Docker stops at its first upload request without that
  // right anyway; a refusal stops `docker push` at once rather than letting Docker retry it
  // for a minute, and is the failure reported.
  const access = client.checkPushAccess(plan.repositoryPath).then(
    () => undefined,
    (error: unknown) => {
      controller.abort(error)
      return { error }
    }
  )
  // Looked up while it is tagged and pushed: a missing image fails all three, and the lookup
  // says why.
  const found = requireLocalImage(docker, source.reference, signal).then(
    image => ({ image }),
    (error: unknown) => {
      controller.abort(error)
      return { error }
    }
  )
  const pushed = docker
    .tag(source.reference, first, signal)
    .then(() =>
      logger.group(`docker push ${first}`, () => dockerPush(docker, first, signal, deps.progress))
    )
    .then(
      digest => ({ digest }),
      (error: unknown) => ({ error })
    )
  // Each settles (the first failure aborts the others): nothing is left running on a throw.
  const [lookup, denied, outcome] = await Promise.all([found, access, pushed])
  if ('error' in lookup) throw lookup.error
  if (denied) throw denied.error
  if ('error' in outcome) throw outcome.error
  const { image } = lookup
  const digest = outcome.digest
  let manifest: Manifest | undefined
  if (others.length > 0) {
    manifest = await fanOutTags(client, plan.repositoryPath, digest, plan.tags.slice(1)).catch(
      (error: unknown) => {
        // The first tag exists too: the report of what was pushed must say so.
        throw error instanceof PartialPushError
          ? new PartialPushError(error.digest, [first, ...error.pushed], error.failure)
          : error
      }
    )
    if (manifest.digest !== digest) {
      throw new RegistryError('the tags do not resolve to one digest', {
        fix: 'Another push changed these tags at the same time; run the push again',
        detail: `${first} → ${digest}, the other tags → ${manifest.digest}`
      })
    }
  }
  // Only for the report (from the manifest the fan-out read, if any): a push that worked does
  // not fail for want of its size.
  const size = await (
    manifest ? Promise.resolve(manifest) : client.getManifest(plan.repositoryPath, digest)
  ).then(manifestSize, (error: unknown) => {
    logger.debug(`Size of ${digest} unknown: ${error instanceof Error ? error.message : error}`)
    return undefined
  })
  return { digest, pushed: plan.references, platforms: [image.platform], size }
}

/**
 * Pushes an image of the Docker engine without a tag. `docker push` needs one, and a tag in
 * the registry, even for a moment, is visible to everyone who lists or pulls the repository
 * (and OCIR does not reliably delete tags): the image is exported with `docker save` and
 * goes up through the registry API, as a docker-archive source does.
 */
async function pushDockerImageByDigest(
  plan: DigestPushPlan,
  credentials: RegistryAuth,
  source: DockerSource,
  deps: PushDeps,
  controller: AbortController
): Promise<PushResult> {
  await requireLocalImage(deps.docker, source.reference, deps.signal)
  const client = registryClient(plan, credentials, deps)
  // Before the export, which takes as long as the image is large.
  await client.checkPushAccess(plan.repositoryPath)
  const directory = await mkdtemp(join(deps.temporaryDirectory, 'ocir-push-save-'))
  // Also when cancelled: the signal stops `docker save` or the upload, and the push settles here.
  try {
    const archive = join(directory, 'image.tar')
    deps.logger.info(`Exporting ${source.reference} with docker save`)
    await deps.docker.save(source.reference, archive, deps.signal)
    return await pushImageFromSource(
      { kind: 'docker-archive', path: archive },
      {
        client,
        repository: plan.repositoryPath,
        tags: [],
        controller,
        // Beside the export, and removed with it.
        scratchParent: directory,
        ...(deps.progress ? { progress: deps.progress } : {})
      }
    )
  } finally {
    await rm(directory, { recursive: true, force: true })
  }
}

type DockerSource = Extract<ImageSource, { kind: 'docker' }>

async function requireLocalImage(
  docker: DockerCommands,
  reference: string,
  signal: AbortSignal
): Promise<DockerImage> {
  const image = await docker.findImage(reference, signal)
  if (!image) {
    throw new InputError(Inputs.Image, `'${reference}' is not in the local Docker engine`, {
      fix: 'Build, pull or load the image in an earlier step, and name it exactly as `docker images` lists it'
    })
  }
  return image
}
