// Pushes of an image in the local Docker engine: `docker push` once per target and a manifest
// PUT per further tag, or, by digest, a `docker save` export pushed as a docker-archive source.
import { mkdtemp, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { Inputs } from '../common/constants.js'
import type { DockerCommands, DockerImage } from '../docker/cli.js'
import { InputError, RegistryError } from '../common/errors.js'
import type { Logger, ProgressSink } from '../common/logger.js'
import { formatDuration } from '../common/text.js'
import type { Manifest } from '../image/content.js'
import type { RegistryClient } from '../registry/client.js'
import { fanOutTags, manifestSize, pushImageToTargets, type PushTarget } from './daemonless.js'
import { PartialPushError } from './partial-push.js'
import type { ImageSource, PushResult, TagPushPlan } from './types.js'

export type DockerSource = Extract<ImageSource, { kind: 'docker' }>

/** One target of a push from the Docker engine: its own client, controller, log and progress. */
export interface DockerTarget {
  plan: Pick<TagPushPlan, 'references' | 'repositoryPath' | 'tags'>
  client: RegistryClient
  /** Aborted when the run is cancelled or this target fails for good; its signal stops its commands. */
  controller: AbortController
  logger: Logger
  progress?: ProgressSink
}

/** What the Docker engine pushes use besides each target's own. */
export interface DockerPushDeps {
  docker: DockerCommands
  /** The run's signal: the export for a push by digest stops with it. */
  signal: AbortSignal
  temporaryDirectory: string
  /** The results state the image's size (see `EngineDeps.imageSize`). */
  imageSize: boolean
}

/**
 * Pushes the image under every tag of each target: it is looked up once, while each target
 * proves its credentials (the pre-flight) and tags and pushes it (`docker push` of the first
 * tag, one manifest PUT per further tag). Settles with each target's outcome, in order. A
 * missing image fails them all, and the lookup says why, unless every target's credentials
 * were refused: then each target's refusal is reported. The lookup and the pre-flights always
 * both finish, so which is reported never depends on which answered first.
 */
export async function pushFromDockerEngine(
  source: DockerSource,
  targets: readonly DockerTarget[],
  deps: DockerPushDeps
): Promise<PromiseSettledResult<PushResult>[]> {
  // Nothing proved the credentials yet (they were written, not tried by `docker login`): the
  // pre-flight does (with a Bearer registry, it gets the push token the fan-out reuses). It
  // runs while Docker works, since Docker stops at its first upload request without that
  // right anyway; a refusal stops that target's `docker push` at once rather than letting
  // Docker retry it for a minute, and is its failure reported.
  const access = targets.map(({ client, plan, controller }) =>
    client.checkPushAccess(plan.repositoryPath).then(
      () => undefined,
      (error: unknown) => {
        controller.abort(error)
        return { error }
      }
    )
  )
  const found = requireLocalImage(deps.docker, source.reference, deps.signal).then(
    image => ({ image }),
    async (error: unknown) => {
      const refused = (await Promise.all(access)).every(Boolean)
      for (const target of targets) target.controller.abort(error)
      return { error, refused }
    }
  )
  const pushes = Promise.allSettled(
    targets.map((target, index) => pushTagged(source, target, access[index]!, deps))
  )
  // Each settles (a failure aborts what depends on it): nothing is left running on a throw.
  const [image, outcomes] = await Promise.all([found, pushes])
  if ('error' in image) {
    if (image.refused) return outcomes
    throw image.error
  }
  return outcomes.map(outcome =>
    outcome.status === 'fulfilled'
      ? { ...outcome, value: { ...outcome.value, platforms: [image.image.platform] } }
      : outcome
  )
}

async function pushTagged(
  source: DockerSource,
  target: DockerTarget,
  access: Promise<{ error: unknown } | undefined>,
  deps: DockerPushDeps
): Promise<PushResult> {
  const { plan, client, controller, logger } = target
  const { docker } = deps
  const signal = controller.signal
  // Docker pushes the image once; every further tag is one manifest PUT of the same bytes.
  const [first, ...others] = plan.references
  if (!first) throw new Error('push needs a plan with at least one tag')
  const pushed = docker
    .tag(source.reference, first, signal)
    .then(() =>
      logger.group(`docker push ${first}`, () => dockerPush(docker, first, signal, target.progress))
    )
    .then(
      digest => ({ digest }),
      (error: unknown) => ({ error })
    )
  const [denied, outcome] = await Promise.all([access, pushed])
  if (denied) throw denied.error
  if ('error' in outcome) throw outcome.error
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
  // Only for the report: from the manifest the fan-out read, else read for it when the report
  // shows it; a push that worked does not fail for want of its size.
  const sized = manifest
    ? Promise.resolve(manifest)
    : deps.imageSize
      ? client.getManifest(plan.repositoryPath, digest)
      : undefined
  const size = await sized?.then(manifestSize, (error: unknown) => {
    logger.debug(`Size of ${digest} unknown: ${error instanceof Error ? error.message : error}`)
    return undefined
  })
  return { digest, pushed: plan.references, platforms: [], size }
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

/**
 * Pushes an image of the Docker engine without a tag to each target. `docker push` needs one,
 * and a tag in the registry, even for a moment, is visible to everyone who lists or pulls the
 * repository (and OCIR does not reliably delete tags): the image is exported once with
 * `docker save` and goes up through the registry API, as a docker-archive source does.
 */
export async function pushDockerImageByDigest(
  source: DockerSource,
  targets: readonly PushTarget[],
  deps: DockerPushDeps & { logger: Logger }
): Promise<PromiseSettledResult<PushResult>[]> {
  await requireLocalImage(deps.docker, source.reference, deps.signal)
  // Before the export, which takes as long as the image is large.
  const access = await Promise.allSettled(
    targets.map(({ client, repository }) => client.checkPushAccess(repository))
  )
  const granted = targets.filter((_, index) => access[index]!.status === 'fulfilled')
  if (granted.length === 0) return access as PromiseRejectedResult[]
  const directory = await mkdtemp(join(deps.temporaryDirectory, 'ocir-push-save-'))
  // Also when cancelled: the signal stops `docker save` or the upload, and the push settles here.
  try {
    const archive = join(directory, 'image.tar')
    deps.logger.info(`Exporting ${source.reference} with docker save`)
    await deps.docker.save(source.reference, archive, deps.signal)
    // Layers gzipped beside the export, and removed with it.
    const pushed = await pushImageToTargets({ kind: 'docker-archive', path: archive }, granted, {
      scratchParent: directory
    })
    return access.map(outcome => (outcome.status === 'rejected' ? outcome : pushed.shift()!))
  } finally {
    await rm(directory, { recursive: true, force: true })
  }
}

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
