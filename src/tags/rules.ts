import { Inputs } from '../common/constants.js'
import { InputError } from '../common/errors.js'
import { splitAttribute, splitFields } from './fields.js'
import { isRuleLine, parseGivenTags } from './given.js'
import type { GivenTag } from './given.js'

/** Rule types, with metadata-action's default priorities (higher comes first). */
export const RULE_PRIORITIES = {
  schedule: 1000,
  semver: 900,
  pep440: 900,
  match: 800,
  edge: 700,
  ref: 600,
  raw: 200,
  sha: 100
} as const
export type RuleType = keyof typeof RULE_PRIORITIES

const COMMON_ATTRIBUTES = ['type', 'enable', 'prefix', 'suffix', 'priority']
const TYPE_ATTRIBUTES: Record<RuleType, string[]> = {
  schedule: ['pattern'],
  semver: ['pattern', 'value', 'match'],
  pep440: ['pattern', 'value', 'match'],
  match: ['pattern', 'group', 'value'],
  edge: ['branch'],
  ref: ['event'],
  raw: ['value'],
  sha: ['format', 'commit']
}
const REQUIRED: Partial<Record<RuleType, string>> = {
  semver: 'pattern',
  pep440: 'pattern',
  match: 'pattern',
  ref: 'event',
  raw: 'value'
}
const CHOICES: Record<string, string[]> = {
  event: ['branch', 'tag', 'pr'],
  format: ['short', 'long'],
  commit: ['head', 'merge']
}

export interface TagRule {
  type: RuleType
  /** 1-based line in the `tags` input, for messages. */
  line: number
  source: string
  priority: number
  /** Attributes as written (keys lower-cased); `prefix`/`suffix` present only when given. */
  attributes: Record<string, string>
}

function ruleError(line: number, source: string, problem: string, fix: string): InputError {
  return new InputError(Inputs.Tags, `line ${line} '${source}': ${problem}`, { fix })
}

/**
 * Parses the `tags` lines into rules and the tags written out (see `isRuleLine`); blank
 * lines and `#` comments are skipped. `repositories` are the ones full references may name.
 */
export function parseTagLines(
  lines: string[],
  repositories?: readonly string[]
): { rules: TagRule[]; given: GivenTag[] } {
  const rules: TagRule[] = []
  const given: GivenTag[] = []
  lines.forEach((text, index) => {
    const source = text.trim()
    if (source === '' || source.startsWith('#')) return
    if (isRuleLine(source)) rules.push(parseRule(source, index + 1))
    else given.push(...parseGivenTags(source, index + 1, repositories))
  })
  return { rules, given }
}

function parseRule(source: string, line: number): TagRule {
  const fields = splitFields(source)
  if (!fields) {
    throw ruleError(
      line,
      source,
      'a quoted field is not closed',
      'quote a whole field, e.g. "value=a,b", and double a quote inside it ("")'
    )
  }
  const attributes: Record<string, string> = {}
  for (const field of fields) {
    if (field === '') continue
    const [key = 'value', value] = splitAttribute(field)
    if (Object.hasOwn(attributes, key)) {
      throw ruleError(line, source, `'${key}' is given twice`, `keep one '${key}=' attribute`)
    }
    attributes[key] = value
  }
  const type = (attributes.type ?? 'raw') as RuleType
  if (!Object.hasOwn(RULE_PRIORITIES, type)) {
    throw ruleError(
      line,
      source,
      `unknown type '${attributes.type}'`,
      `use one of: ${Object.keys(RULE_PRIORITIES)
        .map(name => `type=${name}`)
        .join(', ')}`
    )
  }
  delete attributes.type
  const accepted = [...COMMON_ATTRIBUTES, ...TYPE_ATTRIBUTES[type]]
  for (const key of Object.keys(attributes)) {
    if (!accepted.includes(key)) {
      throw ruleError(
        line,
        source,
        `unknown attribute '${key}' for type=${type}`,
        `type=${type} accepts: ${accepted.join(', ')}`
      )
    }
    const choices = CHOICES[key]
    if (choices && !choices.includes(attributes[key])) {
      throw ruleError(
        line,
        source,
        `${key}='${attributes[key]}' is not accepted`,
        `use ${choices.map(choice => `${key}=${choice}`).join(' or ')}`
      )
    }
  }
  const required = REQUIRED[type]
  if (required && !Object.hasOwn(attributes, required)) {
    throw ruleError(
      line,
      source,
      `type=${type} needs '${required}='`,
      `add ${required}=…, e.g. ${EXAMPLES[type]}`
    )
  }
  if (attributes.group !== undefined && !/^\d+$/.test(attributes.group)) {
    throw ruleError(
      line,
      source,
      `group='${attributes.group}' is not a number`,
      'use group=0, 1, …'
    )
  }
  const priority =
    attributes.priority === undefined ? RULE_PRIORITIES[type] : Number(attributes.priority)
  if (!Number.isFinite(priority) || attributes.priority === '') {
    throw ruleError(
      line,
      source,
      `priority='${attributes.priority}' is not a number`,
      'use a number, e.g. priority=500 (higher comes first)'
    )
  }
  if (type === 'ref' && attributes.event === 'pr' && !Object.hasOwn(attributes, 'prefix')) {
    attributes.prefix = 'pr-'
  }
  if (type === 'sha' && !Object.hasOwn(attributes, 'prefix')) {
    attributes.prefix = 'sha-'
  }
  return { type, line, source, priority, attributes }
}

const EXAMPLES: Partial<Record<RuleType, string>> = {
  semver: 'type=semver,pattern={{version}}',
  pep440: 'type=pep440,pattern={{version}}',
  match: 'type=match,pattern=v(\\d+),group=1',
  ref: 'type=ref,event=branch',
  raw: 'type=raw,value=stable'
}

export interface Flavor {
  latest: 'auto' | 'true' | 'false'
  prefix: string
  suffix: string
  /** Whether `latest` gets the flavor prefix / suffix too (`onlatest=true`). */
  prefixLatest: boolean
  suffixLatest: boolean
}

function flavorError(line: number, source: string, problem: string): InputError {
  return new InputError(Inputs.Flavor, `line ${line} '${source}': ${problem}`, {
    fix: 'flavor accepts: latest=auto|true|false, prefix=<text>[,onlatest=true|false], suffix=<text>[,onlatest=true|false]'
  })
}

/** Parses the `flavor` lines (later lines win). */
export function parseFlavor(lines: string[]): Flavor {
  const flavor: Flavor = {
    latest: 'auto',
    prefix: '',
    suffix: '',
    prefixLatest: false,
    suffixLatest: false
  }
  lines.forEach((text, index) => {
    const source = text.trim()
    const line = index + 1
    if (source === '' || source.startsWith('#')) return
    const fields = splitFields(source)
    if (!fields) throw flavorError(line, source, 'a quoted field is not closed')
    let onLatestFor: 'prefix' | 'suffix' | undefined
    for (const field of fields) {
      const [key, value] = splitAttribute(field)
      switch (key) {
        case 'latest':
          if (value !== 'auto' && value !== 'true' && value !== 'false') {
            throw flavorError(line, source, `latest='${value}' is not accepted`)
          }
          flavor.latest = value
          break
        case 'prefix':
        case 'suffix':
          flavor[key] = value
          onLatestFor = key
          break
        case 'onlatest':
          if ((value !== 'true' && value !== 'false') || !onLatestFor) {
            throw flavorError(line, source, 'onlatest=true|false must follow prefix= or suffix=')
          }
          flavor[onLatestFor === 'prefix' ? 'prefixLatest' : 'suffixLatest'] = value === 'true'
          break
        default:
          throw flavorError(line, source, `unknown flavor '${field}'`)
      }
    }
  })
  return flavor
}
