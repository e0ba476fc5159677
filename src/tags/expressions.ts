import type { GitContext } from './context.js'
import { formatDate } from './date-format.js'
import { parseSemver } from './semver.js'
import type { Helper } from './template.js'

const DEFAULT_SHORT_SHA_LENGTH = 7
/** moment's format when none is given; `Z` is `+00:00`, which moment writes `Z` in UTC. */
const DEFAULT_DATE_FORMAT = 'YYYY-MM-DDTHH:mm:ssZ'

/** A problem in an expression, for the caller to raise with the input and line it is on. */
export type ExpressionFailure = (problem: string) => never

/** `{{sha}}` and `type=sha`: the first DOCKER_METADATA_SHORT_SHA_LENGTH (7) characters. */
export function shortSha(context: GitContext): string {
  return context.sha.slice(0, context.shortShaLength ?? DEFAULT_SHORT_SHA_LENGTH)
}

/** A git tag read as a version the way metadata-action does: `/` becomes `-`. */
export function tagVersionText(tag: string): string {
  return tag.replace(/\//g, '-')
}

function isDefaultBranch({ branch, defaultBranch, event }: GitContext): boolean {
  if (event === 'pull_request' || event === 'tag' || branch === undefined) return false
  // A schedule always runs on the default branch, even when its name is unknown.
  if (defaultBranch === undefined) return event === 'schedule'
  return branch === defaultBranch
}

function dateHelper(name: string, iso: string, fail: ExpressionFailure): Helper {
  const date = new Date(iso)
  return (args, options) => {
    const unknown = Object.keys(options).filter(key => key !== 'tz')
    if (args.length > 1 || unknown.length > 0) {
      fail(
        `{{${name}}} takes a format and tz= only, e.g. {{${name} 'YYYYMMDD' tz='Europe/Berlin'}}`
      )
    }
    const format = args[0]
    try {
      const text = formatDate(date, format ?? DEFAULT_DATE_FORMAT, options.tz)
      return format === undefined ? text.replace(/\+00:00$/, 'Z') : text
    } catch (error) {
      if (error instanceof RangeError) fail(`unknown time zone tz='${options.tz}'`)
      throw error
    }
  }
}

/**
 * The expressions every rule value, prefix, suffix, `enable=`, label and annotation may
 * use (metadata-action's "global expressions", plus `is_tag`, `is_semver_tag`, …).
 */
export function globalExpressions(
  context: GitContext,
  fail: ExpressionFailure
): Record<string, Helper> {
  const defaultBranch = isDefaultBranch(context)
  const semverTag = context.tag === undefined ? undefined : parseSemver(tagVersionText(context.tag))
  const flag =
    (value: boolean): Helper =>
    () =>
      String(value)
  return {
    branch: () => context.branch ?? '',
    tag: () => context.tag ?? '',
    sha: () => shortSha(context),
    base_ref: () => context.baseRef ?? '',
    date: dateHelper('date', context.date, fail),
    commit_date: dateHelper('commit_date', context.commitDate ?? context.date, fail),
    is_default_branch: flag(defaultBranch),
    is_not_default_branch: flag(!defaultBranch),
    is_tag: flag(context.event === 'tag'),
    is_not_tag: flag(context.event !== 'tag'),
    is_semver_tag: flag(semverTag !== undefined),
    is_not_semver_tag: flag(semverTag === undefined),
    is_pull_request: flag(context.event === 'pull_request'),
    is_not_pull_request: flag(context.event !== 'pull_request')
  }
}
