import { Inputs } from '../common/constants.js'
import { InputError } from '../common/errors.js'
import type { GitContext } from './context.js'
import { formatDate } from './date-format.js'
import { parseFlavor, parseRules } from './rules.js'
import type { Flavor, TagRule } from './rules.js'
import { sanitizeTag } from './sanitize.js'
import { parseSemver } from './semver.js'
import type { SemVer } from './semver.js'
import { renderTemplate } from './template.js'
import type { Helper } from './template.js'

export interface ComputedTags {
  /** Most specific first, no duplicates, every one valid. */
  tags: string[]
  /** What the user should know, e.g. a branch name that had to change to become a tag. */
  notices: Array<{ title: string; message: string }>
}

/**
 * The rules used when `tags` is empty. Tag push `v2.3.4` → 2.3.4, 2.3, 2, latest; a
 * pre-release only its version; any other tag its name; a branch → its name and
 * sha-<7 hex>; a pull request → pr-<number>; a schedule → nightly and sha-<7 hex>;
 * anything else → sha-<7 hex>.
 */
export const DEFAULT_TAG_RULES: string[] = [
  'type=schedule',
  'type=semver,pattern={{version}}',
  'type=semver,pattern={{major}}.{{minor}}',
  'type=semver,pattern={{major}}',
  'type=ref,event=tag,enable={{is_not_semver_tag}}',
  'type=ref,event=branch,enable={{is_not_pull_request}}',
  'type=ref,event=pr',
  'type=sha,enable={{is_not_tag}} && {{is_not_pull_request}}'
]

const SHORT_SHA_LENGTH = 7

interface Produced {
  value: string
  /** A stable semver release: what `latest=auto` looks for. */
  stableRelease: boolean
}

export function computeTags(options: {
  rules: string[]
  flavor: string[]
  context: GitContext
}): ComputedTags {
  const { context } = options
  const flavor = parseFlavor(options.flavor)
  const userRules = parseRules(options.rules)
  const rules = userRules.length > 0 ? userRules : parseRules(DEFAULT_TAG_RULES)
  const ordered = [...rules].sort((a, b) => b.priority - a.priority)
  const evaluator = new RuleEvaluator(context, flavor)

  const notices: ComputedTags['notices'] = []
  const tags: string[] = []
  const addTag = (text: string) => {
    const { tag, changes } = sanitizeTag(text)
    if (changes.length > 0) {
      const message = `'${text}' is pushed as '${tag}': ${changes.join('; ')}.`
      if (!notices.some(notice => notice.message === message)) {
        notices.push({ title: 'Tag changed to be valid', message })
      }
    }
    if (!tags.includes(tag)) tags.push(tag)
  }

  let stableRelease = false
  for (const rule of ordered) {
    if (!evaluator.enabled(rule)) continue
    const produced = evaluator.produce(rule)
    if (!produced || produced.value === '') continue
    stableRelease ||= produced.stableRelease
    addTag(produced.value)
  }
  notices.push(...evaluator.notices)

  const latest = flavor.latest === 'true' || (flavor.latest === 'auto' && stableRelease)
  if (latest && tags.length > 0) {
    addTag(
      `${flavor.prefixLatest ? evaluator.expand(flavor.prefix) : ''}latest${flavor.suffixLatest ? evaluator.expand(flavor.suffix) : ''}`
    )
  }
  if (tags.length === 0) {
    notices.push({
      title: 'No tags',
      message: `No tag rule applies to this ${context.eventName || context.event} build (event ${context.event}, ref '${context.ref}').`
    })
  }
  return { tags, notices }
}

/** Evaluates rules against one build; collects notices about rules that could not apply. */
class RuleEvaluator {
  readonly notices: ComputedTags['notices'] = []
  private readonly helpers: Record<string, Helper>
  private line = 0
  private source = ''
  private readonly semverTag: SemVer | undefined

  constructor(
    private readonly context: GitContext,
    private readonly flavor: Flavor
  ) {
    const date = new Date(context.date)
    const isDefaultBranch = this.isDefaultBranch()
    this.semverTag =
      context.tag === undefined ? undefined : parseSemver(tagVersionText(context.tag))
    const flag =
      (value: boolean): Helper =>
      () =>
        String(value)
    this.helpers = {
      branch: () => context.branch ?? '',
      tag: () => context.tag ?? '',
      sha: () => context.sha.slice(0, SHORT_SHA_LENGTH),
      base_ref: () => context.baseRef ?? '',
      date: (args, options) => this.formatDate(date, args, options),
      is_default_branch: flag(isDefaultBranch),
      is_not_default_branch: flag(!isDefaultBranch),
      is_tag: flag(context.event === 'tag'),
      is_not_tag: flag(context.event !== 'tag'),
      is_semver_tag: flag(this.semverTag !== undefined),
      is_not_semver_tag: flag(this.semverTag === undefined),
      is_pull_request: flag(context.event === 'pull_request'),
      is_not_pull_request: flag(context.event !== 'pull_request')
    }
  }

  private isDefaultBranch(): boolean {
    const { branch, defaultBranch, event } = this.context
    if (event === 'pull_request' || event === 'tag' || branch === undefined) return false
    // A schedule always runs on the default branch, even when its name is unknown.
    if (defaultBranch === undefined) return event === 'schedule'
    return branch === defaultBranch
  }

  private formatDate(date: Date, args: string[], options: Record<string, string>): string {
    const unknown = Object.keys(options).filter(key => key !== 'tz')
    if (args.length !== 1 || unknown.length > 0) {
      this.fail(`{{date}} takes a format and tz= only, e.g. {{date 'YYYYMMDD' tz='Europe/Berlin'}}`)
    }
    try {
      return formatDate(date, args[0], options.tz)
    } catch (error) {
      if (error instanceof RangeError) this.fail(`unknown time zone tz='${options.tz}'`)
      throw error
    }
  }

  private fail(problem: string): never {
    throw new InputError(Inputs.Tags, `line ${this.line} '${this.source}': ${problem}`, {
      fix: 'see the rule reference in docs/tags.md (tags input)'
    })
  }

  /** Expands the global expressions (`{{branch}}`, `{{sha}}`, `{{date 'YYYYMMDD'}}`, …). */
  expand(text: string, helpers = this.helpers): string {
    return renderTemplate(text, helpers, problem => this.fail(problem))
  }

  enabled(rule: TagRule): boolean {
    this.line = rule.line
    this.source = rule.source
    const enable = rule.attributes.enable
    if (enable === undefined) return true
    const terms = this.expand(enable)
      .split('&&')
      .map(term => term.trim())
    if (terms.some(term => term !== 'true' && term !== 'false')) {
      this.fail(
        `enable='${enable}' must be true, false, an expression such as {{is_default_branch}}, or several joined with &&`
      )
    }
    return terms.every(term => term === 'true')
  }

  /** The rule's tag (before sanitising), or undefined when it does not apply to this build. */
  produce(rule: TagRule): Produced | undefined {
    const value = this.value(rule)
    if (value === undefined) return undefined
    return { value: this.affix(rule, value.text), stableRelease: value.stableRelease }
  }

  private affix(rule: TagRule, text: string): string {
    const { prefix, suffix } = rule.attributes
    return `${this.expand(prefix ?? this.flavor.prefix)}${text}${this.expand(suffix ?? this.flavor.suffix)}`
  }

  private value(rule: TagRule): { text: string; stableRelease: boolean } | undefined {
    const { context } = this
    const { attributes } = rule
    const plain = (text: string | undefined) =>
      text === undefined ? undefined : { text, stableRelease: false }
    switch (rule.type) {
      case 'schedule':
        return context.event === 'schedule'
          ? plain(this.expand(attributes.pattern ?? 'nightly'))
          : undefined
      case 'semver':
        return this.semver(rule)
      case 'match':
        return plain(this.match(rule))
      case 'edge': {
        const edgeBranch = attributes.branch || context.defaultBranch
        return context.event !== 'pull_request' &&
          context.branch !== undefined &&
          context.branch === edgeBranch
          ? plain('edge')
          : undefined
      }
      case 'ref':
        if (attributes.event === 'tag')
          return plain(context.event === 'tag' ? context.tag : undefined)
        if (attributes.event === 'pr') {
          return plain(
            context.event === 'pull_request' && context.prNumber !== undefined
              ? String(context.prNumber)
              : undefined
          )
        }
        return plain(context.event === 'tag' ? undefined : context.branch)
      case 'raw':
        return plain(this.expand(attributes.value))
      case 'sha': {
        const sha = attributes.commit === 'merge' ? (context.mergeSha ?? context.sha) : context.sha
        if (!sha) return undefined
        return plain(attributes.format === 'long' ? sha : sha.slice(0, SHORT_SHA_LENGTH))
      }
    }
  }

  private semver(rule: TagRule): { text: string; stableRelease: boolean } | undefined {
    const given = rule.attributes.value ?? ''
    let version: SemVer | undefined
    if (given !== '') {
      const text = this.expand(given)
      version = parseSemver(text)
      if (!version) {
        this.notices.push({
          title: 'Not a semantic version',
          message: `Line ${rule.line}: '${text}' is not a semantic version (https://semver.org), so the rule gives no tag.`
        })
        return undefined
      }
    } else {
      version = this.semverTag
    }
    if (!version) return undefined
    const pattern = rule.attributes.pattern
    const helpers: Record<string, Helper> = {
      raw: () => version.raw,
      version: () => version.version,
      major: () => version.major,
      minor: () => version.minor,
      patch: () => version.patch
    }
    // Pre-releases change often and break things: they only ever get their own version.
    if (version.prerelease !== undefined) {
      const onlyRaw = /^\{\{\s*raw\s*\}\}$/.test(pattern.trim())
      return { text: onlyRaw ? version.raw : version.version, stableRelease: false }
    }
    return { text: this.expand(pattern, helpers), stableRelease: true }
  }

  private match(rule: TagRule): string | undefined {
    const given = rule.attributes.value ?? ''
    const text = given !== '' ? this.expand(given) : this.context.tag
    if (text === undefined) return undefined
    const pattern = rule.attributes.pattern
    const literal = /^\/(.+)\/([a-z]*)$/.exec(pattern)
    let expression: RegExp
    try {
      expression = literal ? new RegExp(literal[1], literal[2]) : new RegExp(pattern)
    } catch (error) {
      this.fail(`pattern is not a valid regular expression: ${(error as Error).message}`)
    }
    const match = expression.exec(text)
    const group = Number(rule.attributes.group ?? '0')
    if (!match || match[group] === undefined) {
      this.notices.push({
        title: 'Pattern did not match',
        message: `Line ${rule.line}: ${pattern} ${match ? `has no group ${group} in` : 'does not match'} '${text}', so the rule gives no tag.`
      })
      return undefined
    }
    return match[group]
  }
}

/** A git tag read as a version the way metadata-action does: `/` becomes `-`. */
function tagVersionText(tag: string): string {
  return tag.replace(/\//g, '-')
}
