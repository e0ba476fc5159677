import type { Notice } from '../ocir/values.js'
import type { Region } from '../ocir/region.js'
import type { RegistryScheme } from '../ocir/regions.js'
import type { FileImageSource } from '../sources/open.js'

/** Where the image to push comes from (the `image` input). */
export type ImageSource =
  /** An image in the local Docker engine: `name[:tag]`, `name@digest` or an image ID. */
  { kind: 'docker'; reference: string } | FileImageSource

/** What every plan has, whatever it does. */
interface PlanCommon {
  /** Registry host as logged into, e.g. `fra.ocir.io` or `127.0.0.1:5000`. */
  registry: string
  /**
   * How the registry is spoken to when `registry` named a scheme (`https://127.0.0.1:5443`);
   * absent: plain HTTP for loopback hosts, HTTPS otherwise. Docker's engine keeps its own rule.
   */
  registryScheme?: RegistryScheme
  /** The input the host came from (`registry` when given, else `region`), for error messages. */
  hostInput?: 'region' | 'registry'
  namespace: string
  /** Qualified username, e.g. `axaxnpcrorw5/jdoe@acme.com`. */
  username: string
  /** Repository under the namespace as the user wrote it, e.g. `project/app`; '' to log in only. */
  repository: string
  /** The repository as the registry API names it: `axaxnpcrorw5/project/app`. */
  repositoryPath: string
  /** Host and path, as the outputs show it: `fra.ocir.io/axaxnpcrorw5/project/app`. */
  repositoryReference: string
  /** Tags, most specific first; empty to log in only and by digest. */
  tags: string[]
  /** `repositoryReference:tag` for each tag, in the same order. */
  references: string[]
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
  /**
   * Signed runs: the region whose OCI APIs (namespace, repositories) are called; absent when
   * neither `region` nor the registry host names one (the endpoint variables must then).
   */
  ociRegion?: Region
  /** The repository to make exist, before anything is pushed (signed runs with `compartment`). */
  ensureRepository?: RepositoryEnsure
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

/** The outputs object: every action output, and the CLI's `--json`. */
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
}

/**
 * How a run ended, for the faces to render (outputs, summary, exit status):
 * - `succeeded`: logged in, and pushed when the plan pushes (`push`);
 * - `failed`: `error` says why; `outputs` name what exists when some tags were pushed;
 * - `cancelled`: the run's signal was aborted (SIGINT, SIGTERM) and everything stopped.
 */
export type RunResult =
  | { status: 'succeeded'; outputs: RunOutputs; push?: PushResult }
  | { status: 'failed'; error: unknown; outputs?: RunOutputs }
  | { status: 'cancelled'; reason: unknown }
