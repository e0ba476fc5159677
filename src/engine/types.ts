import type { Notice } from '../ocir/values.js'
import type { FileImageSource } from '../sources/open.js'

/** Where the image to push comes from (the `image` input). */
export type ImageSource =
  /** An image in the local Docker engine: `name[:tag]`, `name@digest` or an image ID. */
  { kind: 'docker'; reference: string } | FileImageSource

/** What would be pushed and where: the pure result of Settings + GitContext. */
export interface Plan {
  /** Registry host as logged into, e.g. `fra.ocir.io` or `127.0.0.1:5000`. */
  registry: string
  /** The input the host came from (`registry` when given, else `region`), for error messages. */
  hostInput?: 'region' | 'registry'
  namespace: string
  /** Qualified username, e.g. `axaxnpcrorw5/jdoe@acme.com`. */
  username: string
  /** Repository path under the namespace, e.g. `project/app`. */
  repository: string
  /** Full repository reference: `fra.ocir.io/axaxnpcrorw5/project/app`. */
  repositoryReference: string
  /** Tags, most specific first. */
  tags: string[]
  /** `repositoryReference:tag` for each tag, in the same order. */
  references: string[]
  /** undefined: log in only, or `mergeDigests`. */
  source?: ImageSource
  /** `push-by-digest`: the source goes up without a tag, so `tags` and `references` are empty. */
  byDigest?: boolean
  /** `merge-digests`: images already in the repository, joined into one index under `tags`. */
  mergeDigests?: string[]
  push: boolean
  /** Things the user should know (sanitised tags, trimmed values), with a title each. */
  notices: Notice[]
}

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
}

/** The outputs object: every action output, and the CLI's `--json`. */
export interface RunOutputs {
  registry: string
  username: string
  repository: string
  tags: string[]
  'pull-reference': string
  digest: string
  'pinned-reference': string
}
