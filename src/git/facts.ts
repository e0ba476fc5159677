import { OcirPushError } from '../common/errors.js'
import type { GitContext } from '../tags/context.js'

/** What a provider may use besides its environment: answers git gave about the checkout. */
export interface GitFacts {
  /** `git rev-parse HEAD`. */
  headSha?: string
  /** `git symbolic-ref --short HEAD`; undefined on a detached HEAD. */
  branch?: string
  /** `git tag --points-at HEAD`. */
  tagsAtHead: string[]
  /** From `refs/remotes/origin/HEAD`, without `origin/`. */
  defaultBranch?: string
  /** `git log -1 --format=%cI`: the committer date of HEAD. */
  commitDate?: string
}

export interface ProviderInput {
  env: Record<string, string | undefined>
  /** The event payload (GitHub's GITHUB_EVENT_PATH file), when the provider has one. */
  payload?: unknown
  git: GitFacts
  /** When the build runs; becomes GitContext.date. */
  now: Date
}

/** Reads a nested field of a JSON payload; undefined unless it is a string or number. */
export function payloadField(payload: unknown, ...path: string[]): string | undefined {
  let value: unknown = payload
  for (const key of path) {
    if (typeof value !== 'object' || value === null) return undefined
    value = (value as Record<string, unknown>)[key]
  }
  if (typeof value === 'string') return value
  if (typeof value === 'number') return String(value)
  return undefined
}

/** An environment variable, undefined when unset or empty (CI systems export empty ones). */
export function envValue(
  env: Record<string, string | undefined>,
  name: string
): string | undefined {
  const value = env[name]?.trim()
  return value ? value : undefined
}

/** The branch, tag or pull request number a full git ref names. */
export function parseRef(ref: string | undefined): {
  branch?: string
  tag?: string
  prNumber?: number
} {
  if (!ref) return {}
  if (ref.startsWith('refs/heads/')) return { branch: ref.slice('refs/heads/'.length) }
  if (ref.startsWith('refs/tags/')) return { tag: ref.slice('refs/tags/'.length) }
  const pull = /^refs\/(?:pull|merge-requests)\/(\d+)\//.exec(ref)
  return pull ? { prNumber: Number(pull[1]) } : {}
}

/** `refs/heads/main` → `main`; a bare name is kept. */
export function stripHeads(name: string | undefined): string | undefined {
  return name?.replace(/^refs\/heads\//, '')
}

/** The GitContext fields of a tag build. */
export function tagBuild(tag: string): Pick<GitContext, 'event' | 'ref' | 'tag'> {
  return { event: 'tag', ref: `refs/tags/${tag}`, tag }
}

/** The GitContext fields of a build of `branch`: pushed, started by hand, or scheduled. */
export function branchBuild(
  branch: string,
  event: 'branch' | 'schedule' = 'branch'
): Pick<GitContext, 'event' | 'ref' | 'branch'> {
  return { event, ref: `refs/heads/${branch}`, branch }
}

/**
 * The GitContext fields of a pull (merge) request build: `head` is the source branch (it is
 * also `branch`, so branch rules work on pull requests), `base` the target branch.
 */
export function pullRequestBuild(
  number: string,
  { head, base, ref = `refs/pull/${number}/head` }: { head?: string; base?: string; ref?: string }
): Pick<GitContext, 'event' | 'ref' | 'prNumber' | 'branch' | 'headRef' | 'baseRef'> {
  return {
    event: 'pull_request',
    ref,
    prNumber: Number(number),
    branch: head,
    headRef: head,
    baseRef: base
  }
}

/**
 * The DOCKER_METADATA_* variables of docker/metadata-action that mean something for a
 * push, applied to a provider's context:
 * - DOCKER_METADATA_PR_HEAD_SHA=false: a pull request's tags name the merge commit the CI
 *   built (metadata-action's default), not the head commit (ours);
 * - DOCKER_METADATA_SHORT_SHA_LENGTH: the length of `{{sha}}` and `type=sha`;
 * - DOCKER_METADATA_ANNOTATIONS_LEVELS: the levels of the `annotations` output.
 */
export function withMetadataEnv(
  context: GitContext,
  env: Record<string, string | undefined>
): GitContext {
  const result = { ...context }
  const headSha = envValue(env, 'DOCKER_METADATA_PR_HEAD_SHA')
  if (headSha !== undefined && !/true/i.test(headSha) && context.mergeSha) {
    result.sha = context.mergeSha
  }
  const length = envValue(env, 'DOCKER_METADATA_SHORT_SHA_LENGTH')
  if (length !== undefined) {
    if (!/^\d+$/.test(length) || Number(length) === 0) {
      throw new OcirPushError(
        `DOCKER_METADATA_SHORT_SHA_LENGTH is not a positive number: '${length}'`,
        {
          fix: 'set DOCKER_METADATA_SHORT_SHA_LENGTH to the number of characters of the short commit, e.g. 12, or unset it for 7'
        }
      )
    }
    result.shortShaLength = Number(length)
  }
  const levels = envValue(env, 'DOCKER_METADATA_ANNOTATIONS_LEVELS')
  if (levels !== undefined) {
    result.annotationLevels = levels
      .split(',')
      .map(level => level.trim())
      .filter(Boolean)
  }
  return result
}
