import { Inputs, TAG_PATTERN } from '../common/constants.js'
import { InputError } from '../common/errors.js'

/** A tag written out in the `tags` input, alone or as a full reference. */
export interface GivenTag {
  tag: string
  /** 1-based line in the `tags` input, for messages. */
  line: number
  source: string
}

const TAG_RULE_TEXT =
  "only letters, digits, '_', '.', '-', at most 128, not starting with '.' or '-'"

/**
 * A line is a rule when it has `=` (`type=raw,value=x`, or metadata-action's `value=x`,
 * whose type is raw): neither a tag nor a reference can contain one. Any other line is a
 * list of tags or full references, separated by commas or white space.
 */
export function isRuleLine(source: string): boolean {
  return source.includes('=')
}

/**
 * The tags one list line gives, in its order. A full reference (`<host>/<path>:<tag>`, as
 * metadata-action's `tags` output has them, for one image or several) must name one of
 * `repositories` (`<host>/<path>`, the repositories this step pushes to; none for a step
 * without one) and gives its tag. `repositories` undefined are not known (another input is
 * wrong, and reported): then only the reference's tag is checked. Nothing is sanitised: a
 * value that is not a valid tag fails, naming the rule it breaks.
 */
export function parseGivenTags(
  source: string,
  line: number,
  repositories?: readonly string[]
): GivenTag[] {
  return source
    .split(/[\s,]+/)
    .filter(item => item !== '')
    .map(item => ({ tag: givenTag(item, line, repositories), line, source: item }))
}

function givenTag(item: string, line: number, repositories: readonly string[] | undefined): string {
  const listed = repositories?.join(', ')
  const repository = repositories?.[0]
  const slash = item.lastIndexOf('/')
  const colon = item.lastIndexOf(':')
  if (item.includes('@')) {
    throw new InputError(Inputs.Tags, `line ${line}: '${item}' is pinned by digest, not a tag`, {
      fix: 'Write the tag, or the reference with its tag (<registry>/<namespace>/<repository>:<tag>)'
    })
  }
  if (slash === -1 || colon < slash) {
    if (TAG_PATTERN.test(item)) return item
    throw new InputError(
      Inputs.Tags,
      `line ${line}: '${item}' is not a valid tag: ${TAG_RULE_TEXT}`,
      { fix: invalidTagFix(item, repository) }
    )
  }
  const name = item.slice(0, colon)
  const tag = item.slice(colon + 1)
  if (
    repositories !== undefined &&
    !repositories.some(named => normalReference(named) === normalReference(name))
  ) {
    throw new InputError(
      Inputs.Tags,
      `line ${line}: '${item}' names ${name}, not ${repositories.length > 1 ? 'a repository' : 'the repository'} this step pushes to (${listed || 'none: no repository is set'})`,
      {
        fix: listed
          ? `List tags of ${listed} only (or just the tags); push to ${name} in a step of its own, or list its host and repository in this step's registry (or region) and repository`
          : `Set repository (or image) so this step pushes to ${name}, or list just the tags`
      }
    )
  }
  if (!TAG_PATTERN.test(tag)) {
    throw new InputError(
      Inputs.Tags,
      `line ${line}: '${item}' has tag '${tag}', which is not a valid tag: ${TAG_RULE_TEXT}`,
      { fix: invalidTagFix(tag, repository) }
    )
  }
  return tag
}

/** Registry hosts are case-insensitive; repository paths are not. */
function normalReference(reference: string): string {
  const slash = reference.indexOf('/')
  return slash === -1
    ? reference.toLowerCase()
    : `${reference.slice(0, slash).toLowerCase()}${reference.slice(slash)}`
}

function invalidTagFix(text: string, repository: string | undefined): string {
  if (text.includes('{{')) {
    return `Expressions belong in a rule: type=raw,value=${text}`
  }
  if (text.includes('/') || text.includes(':')) {
    return `Write the tag alone, or the full reference ${repository ?? '<registry>/<namespace>/<repository>'}:<tag>`
  }
  return `Write the tag with those characters only`
}
