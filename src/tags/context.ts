/**
 * What the tag rules need to know about the build, whichever CI (or laptop) it runs on.
 * Providers in this folder build it from their inputs (environment, event payload, git
 * answers) without doing any I/O themselves.
 */
export type GitEventKind =
  /** a branch push (or a build on a branch: manual, API, merge-queue) */
  | 'branch'
  /** a tag push, or a release */
  | 'tag'
  | 'pull_request'
  | 'schedule'
  /** none of the above (detached HEAD on a laptop, unknown CI) */
  | 'other'

export interface GitContext {
  /** `github`, `gitlab`, `bitbucket`, `azure`, `circleci`, `jenkins`, `buildkite`, `git`. */
  provider: string
  event: GitEventKind
  /** The provider's own name for the event (`push`, `pull_request_target`, `merge_request_event`, …). */
  eventName: string
  /** Full ref when known: `refs/heads/main`, `refs/tags/v1.2.3`, `refs/pull/12/merge`. */
  ref: string
  /** Branch name; on a pull request, the head (source) branch. */
  branch?: string
  tag?: string
  /** The commit the tags name: on a pull request, the head commit the author pushed. */
  sha: string
  /** On a pull request, the merge commit the CI built, when it differs from `sha`. */
  mergeSha?: string
  prNumber?: number
  /** Pull request source and target branches. */
  headRef?: string
  baseRef?: string
  defaultBranch?: string
  /** When the build started (schedule patterns format it). ISO 8601. */
  date: string
  /** When the commit was made (`{{commit_date}}`). ISO 8601; `date` when unknown. */
  commitDate?: string
  /** The repository as the CI describes it, for the OCI labels and annotations. */
  repository?: RepositoryFacts
  /** Characters of `{{sha}}` and `type=sha` (DOCKER_METADATA_SHORT_SHA_LENGTH); 7 when unset. */
  shortShaLength?: number
  /** Levels the `annotations` output is written for (DOCKER_METADATA_ANNOTATIONS_LEVELS); `manifest` when unset. */
  annotationLevels?: string[]
}

export interface RepositoryFacts {
  /** `org.opencontainers.image.title`. */
  name?: string
  description?: string
  /** The repository's web page: `org.opencontainers.image.url` and `.source`. */
  url?: string
  /** An SPDX license expression: `org.opencontainers.image.licenses`. */
  license?: string
}
