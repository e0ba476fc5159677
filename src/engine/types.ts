import type { Notice } from '../ocir/values.js'
import type { Region } from '../ocir/region.js'
import type { RegistryScheme } from '../ocir/regions.js'
import type { FileImageSource } from '../sources/open.js'

/** Where the image to push comes from (the `image` input). */
export type ImageSource =
  /** An image in the local Docker engine: `name[:tag]`, `name@digest` or an image ID. */
  { kind: 'docker'; reference: string } | FileImageSource

/**
 * One place the image goes: a registry host and a repository under the namespace. A run has
 * one per listed host and repository (`region`, `registry` and `repository` take several).
 */
export interface PlanTarget {
  /** Registry host as logged into, e.g. `fra.ocir.io` or `127.0.0.1:5000`. */
  registry: string
  /**
   * How the registry is spoken to when `registry` named a scheme (`https://127.0.0.1:5443`);
   * absent: plain HTTP for loopback hosts, HTTPS otherwise. Docker's engine keeps its own rule.
   */
  registryScheme?: RegistryScheme
  /** The input the host came from (`registry` when given, else `region`), for error messages. */
  hostInput?: 'region' | 'registry'
  /** Repository under the namespace as the user wrote it, e.g. `project/app`; '' to log in only. */
  repository: string
  /** The repository as the registry API names it: `axaxnpcrorw5/project/app`. */
  repositoryPath: string
  /** Host and path, as the outputs show it: `fra.ocir.io/axaxnpcrorw5/project/app`. */
  repositoryReference: string
  /** `repositoryReference:tag` for each tag, in the plan's order. */
  references: string[]
  /**
   * Signed runs: the region whose OCI APIs (namespace, repositories) are called; absent when
   * neither `region` nor the registry host names one (the endpoint variables must then).
   */
  ociRegion?: Region
  /** The repository to make exist, before anything is pushed (signed runs with `compartment`). */
  ensureRepository?: RepositoryEnsure
}

/**
 * What every plan has, whatever it does: the first target's fields (what a run with one target
 * is about, and what the single-valued outputs name), and every target.
 */
interface PlanCommon extends PlanTarget {
  /** Every target, in the order given (each host, then each repository); the first is this one. */
  targets: PlanTarget[]
  namespace: string
  /** Qualified username, e.g. `axaxnpcrorw5/jdoe@acme.com`. */
  username: string
  /** Tags, most specific first; empty to log in only and by digest. */
  tags: string[]
  /** metadata-action's `version`: the first tag; '' without tags. */
  version: string
  /** `key=value` OCI labels for a build of this image (the standard set and the user's lines). */
  labels: string[]
  /** The same set as annotations, once per level (`manifest:key=value`). */
  annotations: string[]
  /** false: compute and report everything, touch no network. */
  push: boolean
  /** Things the user should know (sanitised tags, trimmed values), with a title each. */
  notices: Notice[]
}

/** Where and how the repository is created when it does not exist; an existing one is kept. */
export interface RepositoryEnsure {
  compartmentId: string
  isPublic: boolean
  isImmutable: boolean
}

/**
 * Log in only: no image, no tags. With `push: false` and a repository it stands in for
 * metadata-action before a build: it has the tags, labels and annotations a later push gets.
 */
export interface LoginPlan extends PlanCommon {
  mode: 'login'
}

/** Push `source` under every tag. */
export interface TagPushPlan extends PlanCommon {
  mode: 'push'
  source: ImageSource
}

/** Push `source` without a tag (`tags` is empty), for a later merge (matrix builds). */
export interface DigestPushPlan extends PlanCommon {
  mode: 'push-by-digest'
  source: ImageSource
}

/** Join images already in the repository into one index under every tag. */
export interface MergePlan extends PlanCommon {
  mode: 'merge'
  digests: string[]
}

/** What would be done and where: the pure result of Settings + GitContext. */
export type Plan = LoginPlan | TagPushPlan | DigestPushPlan | MergePlan

/** A plan that pushes an image (every mode but log in only). */
export type PushPlan = Exclude<Plan, LoginPlan>

/** What a push produced. */
export interface PushResult {
  /** Digest of the pushed manifest or index. */
  digest: string
  /** References that now exist in the registry at `digest`. */
  pushed: string[]
  /** Platforms in the pushed image (`linux/amd64`, …); empty when unknown. */
  platforms: string[]
  /** Total bytes of config and layers (for a single-platform image), when known. */
  size?: number
  /** The repository ensured before the push (`compartment`), when one was. */
  repositoryOcid?: string
}

/** What one target holds after a run: an entry of the outputs' `targets`. */
export interface TargetOutputs {
  registry: string
  /** The repository reference (host and path). */
  repository: string
  /** The target's references: planned (dry run), or those that exist after a push. */
  tags: string[]
  'pull-reference': string
  /** The digest its references resolve to; '' when nothing was pushed there. */
  digest: string
  'pinned-reference': string
  'repository-ocid'?: string
  /** Why the push to this target failed; absent when it did not. */
  error?: string
}

/**
 * The outputs object: every action output, and the CLI's `--json`. The single-valued ones are
 * the first target's; `tags` has every target's references, first target first.
 */
export interface RunOutputs {
  registry: string
  username: string
  /** The repository reference (host and path). */
  repository: string
  tags: string[]
  'pull-reference': string
  digest: string
  'pinned-reference': string
  version: string
  labels: string[]
  annotations: string[]
  /** The OCID of the repository ensured in `compartment`; absent when none was. */
  'repository-ocid'?: string
  /** One entry per target, in the plan's order: what each holds (only in `json`). */
  targets: TargetOutputs[]
}

/**
 * How a run ended, for the faces to render (outputs, summary, exit status):
 * - `succeeded`: logged in, and pushed when the plan pushes (`push`);
 * - `failed`: `error` says why; `outputs` name what exists when some tags were pushed;
 * - `cancelled`: the run's signal was aborted (SIGINT, SIGTERM) and everything stopped.
 */
export type RunResult =
  | { status: 'succeeded'; outputs: RunOutputs; pushes?: PushResult[] }
  | { status: 'failed'; error: unknown; outputs?: RunOutputs }
  | { status: 'cancelled'; reason: unknown }
