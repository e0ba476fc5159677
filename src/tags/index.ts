import { Inputs } from '../common/constants.js'
import { InputChecks } from '../common/checks.js'
import { InputError } from '../common/errors.js'
import type { GitContext } from './context.js'
import { globalExpressions, shortSha, tagVersionText } from './expressions.js'
import { isPep440PreRelease, parsePep440, releasePart } from './pep440.js'
import { parseFlavor, parseTagLines } from './rules.js'
import type { Flavor, TagRule } from './rules.js'
import { sanitizeTag } from './sanitize.js'
import { parseSemver } from './semver.js'
import { renderTemplate } from './template.js'
import type { Helper } from './template.js'

export interface ComputedTags {
  /** Most specific first, no duplicates, every one valid. */
  tags: string[]
  /** metadata-action's `version` output: the first tag ('' when there is none). */
  version: string
  /** The rule lines evaluated, in evaluation order (the default rules when `tags` was empty). */
  tried: string[]
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
  'type=raw,value={{tag}},enable={{is_tag}} && {{is_not_semver_tag}}',
  'type=ref,event=branch,enable={{is_not_pull_request}}',
  'type=ref,event=pr',
  'type=sha,enable={{is_not_tag}} && {{is_not_pull_request}}'
]

interface Produced {
  value: string
  /** What `latest=auto` makes of this rule when it is the first to give a tag. */
  latest: boolean
}

export function computeTags(options: {
  rules: string[]
  flavor: string[]
  context: GitContext
  /**
   * `<host>/<namespace>/<repository>` of each target: the repositories full references in
   * `rules` may name; none for a step without one, undefined when not known (see `parseGivenTags`).
   */
  repositories?: readonly string[]
}): ComputedTags {
  const { context } = options
  // Both parsed before either is reported: a wrong rule and a wrong flavor line show together.
  const problems = new InputChecks()
  const [input, flavor] = problems.settle(
    problems.check(() => parseTagLines(options.rules, options.repositories)),
    problems.check(() => parseFlavor(options.flavor))
  )
  const written = input.rules.length > 0 || input.given.length > 0
  const rules = written ? input.rules : parseTagLines(DEFAULT_TAG_RULES).rules
  // Stable: rules of equal priority keep their order, as in metadata-action.
  const ordered = [...rules].sort((a, b) => b.priority - a.priority)
  const evaluator = new RuleEvaluator(context, flavor)

  const notices: ComputedTags['notices'] = []
  // Tags written out come first, in their order: the first of them is the pull reference.
  const tags: string[] = []
  for (const { tag } of input.given) if (!tags.includes(tag)) tags.push(tag)
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

  // metadata-action lets the first rule that gives a tag decide `latest=auto`.
  let autoLatest: boolean | undefined
  const gaveNothing: string[] = []
  for (const rule of ordered) {
    const produced = evaluator.enabled(rule) ? evaluator.produce(rule) : undefined
    if (!produced || produced.value === '') {
      gaveNothing.push(rule.source)
      continue
    }
    autoLatest ??= produced.latest
    addTag(produced.value)
  }
  notices.push(...evaluator.notices)
  if (!context.sha && gaveNothing.length > 0) {
    notices.push({
      title: 'Not a git checkout',
      message: `No commit, branch or tag is known, so these rules cannot apply: ${gaveNothing.join('; ')}.${tags.length > 0 ? ' The other tags are used.' : ''}`
    })
  }

  const latest = flavor.latest === 'true' || (flavor.latest === 'auto' && autoLatest === true)
  if (latest && tags.length > 0) {
    addTag(
      `${flavor.prefixLatest ? evaluator.expand(flavor.prefix) : ''}latest${flavor.suffixLatest ? evaluator.expand(flavor.suffix) : ''}`
    )
  }
  const tried = ordered.map(rule => rule.source)
  if (tags.length === 0) {
    notices.push({
      title: 'No tags',
      message: `No tag rule applies to this ${context.eventName || context.event} build (event ${context.event}, ref '${context.ref}'); rules tried: ${tried.join('; ')}.`
    })
  }
  return { tags, version: tags[0] ?? '', tried, notices }
}

/** The version a semver or PEP 440 rule reads, as its pattern's helpers see it. */
interface ReadVersion {
  helpers: Record<string, Helper>
  /** `{{version}}`: what a pre-release gives whatever the pattern. */
  normal: string
  /** A pre-release (or, for PEP 440, a post or dev release): no `latest`, no partial versions. */
  unstable: boolean
}

/** `{{raw}}` alone (spaces inside the braces allowed): the one pattern a pre-release keeps. */
function isRawPattern(pattern: string): boolean {
  return /^\{\{\s*raw\s*\}\}$/.test(pattern)
}

/** A pre-release by semver or by PEP 440: never `latest`, whichever rule read it. */
function isPreRelease(text: string): boolean {
  const version = tagVersionText(text)
  if (parseSemver(version)?.prerelease !== undefined) return true
  const pep440 = parsePep440(version)
  return pep440 !== undefined && isPep440PreRelease(pep440)
}

/** Evaluates rules against one build; collects notices about rules that could not apply. */
class RuleEvaluator {
  readonly notices: ComputedTags['notices'] = []
  private readonly helpers: Record<string, Helper>
  private line = 0
  private source = ''

  constructor(
    private readonly context: GitContext,
    private readonly flavor: Flavor
  ) {
    this.helpers = globalExpressions(context, problem => this.fail(problem))
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
    return { value: this.affix(rule, value.text), latest: value.latest }
  }

  private affix(rule: TagRule, text: string): string {
    const { prefix, suffix } = rule.attributes
    return `${this.expand(prefix ?? this.flavor.prefix)}${text}${this.expand(suffix ?? this.flavor.suffix)}`
  }

  private value(rule: TagRule): { text: string; latest: boolean } | undefined {
    const { context } = this
    const { attributes } = rule
    const plain = (text: string | undefined) =>
      text === undefined ? undefined : { text, latest: false }
    switch (rule.type) {
      case 'schedule':
        return context.event === 'schedule'
          ? plain(this.expand(attributes.pattern ?? 'nightly'))
          : undefined
      case 'semver':
      case 'pep440':
        return this.version(rule)
      case 'match':
        return this.match(rule)
      case 'edge': {
        const edgeBranch = attributes.branch || context.defaultBranch
        return context.event !== 'pull_request' &&
          context.branch !== undefined &&
          context.branch === edgeBranch
          ? plain('edge')
          : undefined
      }
      case 'ref':
        if (attributes.event === 'tag') {
          return context.event === 'tag' && context.tag !== undefined
            ? { text: context.tag, latest: !isPreRelease(context.tag) }
            : undefined
        }
        if (attributes.event === 'pr') {
          return plain(
            context.event === 'pull_request' && context.prNumber !== undefined
              ? String(context.prNumber)
              : undefined
          )
        }
        return plain(
          context.event === 'branch' || context.event === 'schedule' ? context.branch : undefined
        )
      case 'raw':
        return plain(this.expand(attributes.value))
      case 'sha': {
        const sha = attributes.commit === 'merge' ? (context.mergeSha ?? context.sha) : context.sha
        if (!sha) return undefined
        return plain(attributes.format === 'long' ? sha : shortSha({ ...context, sha }))
      }
    }
  }

  /** The text a semver, PEP 440 or match rule reads: `value=` when given, else the git tag. */
  private versionSource(rule: TagRule): string | undefined {
    const given = rule.attributes.value ?? ''
    if (given !== '') return this.expand(given)
    return this.context.event === 'tag' ? this.context.tag : undefined
  }

  private version(rule: TagRule): { text: string; latest: boolean } | undefined {
    let text = this.versionSource(rule)
    if (text === undefined) return undefined
    const match = rule.attributes.match
    if (match) {
      const found = this.regex(match).exec(text)
      if (found) text = found[1] ?? found[0]
      else {
        this.notices.push({
          title: 'Pattern did not match',
          message: `Line ${rule.line}: match=${match} does not match '${text}', so the whole text is read as the version.`
        })
      }
    }
    text = tagVersionText(text)
    const read = rule.type === 'pep440' ? readPep440(text) : readSemver(text)
    if (!read) {
      this.notices.push(
        rule.type === 'pep440'
          ? {
              title: 'Not a PEP 440 version',
              message: `Line ${rule.line}: '${text}' does not conform to PEP 440 (https://peps.python.org/pep-0440/), so the rule gives no tag.`
            }
          : {
              title: 'Not a semantic version',
              message: `Line ${rule.line}: '${text}' is not a semantic version (https://semver.org), so the rule gives no tag.`
            }
      )
      return undefined
    }
    const pattern = rule.attributes.pattern
    // Pre-releases change often and break things: they only ever get their own version.
    if (read.unstable) {
      return { text: isRawPattern(pattern) ? text : read.normal, latest: false }
    }
    return { text: this.expand(pattern, read.helpers), latest: true }
  }

  /** metadata-action's reading of a pattern: `/re/flags`, or the whole text as a regex. */
  private regex(pattern: string): RegExp {
    const literal = /^\/(.+)\/(.*)$/.exec(pattern)
    try {
      return literal ? new RegExp(literal[1], literal[2]) : new RegExp(pattern)
    } catch (error) {
      this.fail(`pattern is not a valid regular expression: ${(error as Error).message}`)
    }
  }

  private match(rule: TagRule): { text: string; latest: boolean } | undefined {
    const text = this.versionSource(rule)
    if (text === undefined) return undefined
    const pattern = rule.attributes.pattern
    const match = this.regex(pattern).exec(text)
    const group = Number(rule.attributes.group ?? '0')
    if (!match || match[group] === undefined) {
      this.notices.push({
        title: 'Pattern did not match',
        message: `Line ${rule.line}: ${pattern} ${match ? `has no group ${group} in` : 'does not match'} '${text}', so the rule gives no tag.`
      })
      return undefined
    }
    return { text: match[group], latest: !isPreRelease(text) }
  }
}

/** The pattern helpers of a version: each returns its part as text. */
function readVersion(
  parts: Record<'raw' | 'version' | 'major' | 'minor' | 'patch', string>,
  unstable: boolean
): ReadVersion {
  const helpers = Object.fromEntries(
    Object.entries(parts).map(([name, text]): [string, Helper] => [name, () => text])
  )
  return { helpers, normal: parts.version, unstable }
}

function readSemver(text: string): ReadVersion | undefined {
  const version = parseSemver(text)
  if (!version) return undefined
  const { raw, major, minor, patch, prerelease } = version
  return readVersion(
    { raw, version: version.version, major, minor, patch },
    prerelease !== undefined
  )
}

function readPep440(text: string): ReadVersion | undefined {
  const version = parsePep440(text)
  if (!version) return undefined
  const parts = {
    raw: version.raw,
    version: version.version,
    major: releasePart(version, 0),
    minor: releasePart(version, 1),
    patch: releasePart(version, 2)
  }
  return readVersion(parts, isPep440PreRelease(version) || version.postRelease !== undefined)
}
