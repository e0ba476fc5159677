import { Inputs } from '../common/constants.js'
import { InputChecks } from '../common/checks.js'
import { InputError } from '../common/errors.js'
import type { GitContext } from './context.js'
import { globalExpressions } from './expressions.js'
import { computeTags } from './index.js'
import type { ComputedTags } from './index.js'
import { renderTemplate } from './template.js'

/** docker/metadata-action's outputs: tags, version, OCI labels and annotations. */
export interface ComputedMetadata extends ComputedTags {
  /** `key=value`, sorted by key: the OCI set, then the user's lines (a repeated key: the last wins). */
  labels: string[]
  /** The same set from the `annotations` lines, once per level: `manifest:key=value`. */
  annotations: string[]
}

const DEFAULT_ANNOTATION_LEVELS = ['manifest']

/**
 * Tags, version, labels and annotations of one build, as metadata-action computes them.
 * `labels` and `annotations` are metadata-action's input lines (`key=value`, expressions
 * allowed, blank and `#` lines skipped, lines without `=` ignored); `now` is the image's
 * `created` date (default: the context's build date).
 */
export function computeMetadata(options: {
  rules: string[]
  flavor: string[]
  context: GitContext
  /** The targets' repositories, which full references in `rules` may name (see `computeTags`). */
  repositories?: readonly string[]
  labels?: string[]
  annotations?: string[]
  now?: Date
}): ComputedMetadata {
  const { context } = options
  // Labels and annotations are read whatever the tags give: each input's problem is reported.
  const problems = new InputChecks()
  const computed = problems.check(() => computeTags(options))
  const created = options.now ?? new Date(context.date)
  // A build whose start is unknown (a log-in-only run, a bare context) states no `created`.
  const standard = ociAnnotations(
    context,
    computed?.version ?? '',
    Number.isNaN(created.getTime()) ? undefined : created
  )
  const userLines = (lines: string[] | undefined, input: UserLinesInput) =>
    problems.check(() => withUserLines(standard, lines ?? [], input, context))
  const [tags, labels, annotations] = problems.settle(
    computed,
    userLines(options.labels, Inputs.Labels),
    userLines(options.annotations, Inputs.Annotations)
  )
  const levels = context.annotationLevels ?? DEFAULT_ANNOTATION_LEVELS
  return {
    ...tags,
    labels,
    annotations: levels.flatMap(level => annotations.map(line => `${level}:${line}`))
  }
}

/** The `org.opencontainers.image.*` set metadata-action writes; empty values when unknown. */
function ociAnnotations(context: GitContext, version: string, created?: Date): string[] {
  const repository = context.repository ?? {}
  const key = (name: string, value: string | undefined) =>
    `org.opencontainers.image.${name}=${value ?? ''}`
  return [
    key('title', repository.name),
    key('description', repository.description),
    key('url', repository.url),
    key('source', repository.url),
    key('version', version),
    key('created', created?.toISOString()),
    key('revision', context.sha),
    key('licenses', repository.license)
  ]
}

type UserLinesInput = typeof Inputs.Labels | typeof Inputs.Annotations

function withUserLines(
  standard: string[],
  lines: string[],
  input: UserLinesInput,
  context: GitContext
): string[] {
  const entries = new Map<string, string>()
  const add = (line: string) => {
    const equals = line.indexOf('=')
    if (equals !== -1) entries.set(line.slice(0, equals), line.slice(equals + 1))
  }
  standard.forEach(add)
  lines.forEach((text, index) => {
    const source = text.trim()
    if (source === '' || source.startsWith('#')) return
    const fail = (problem: string): never => {
      throw new InputError(input, `line ${index + 1} '${source}': ${problem}`, {
        fix: 'see "Labels and annotations" in docs/tags.md'
      })
    }
    add(renderTemplate(source, globalExpressions(context, fail), fail))
  })
  return [...entries].sort(([a], [b]) => compareKeys(a, b)).map(([key, value]) => `${key}=${value}`)
}

/** Keys of lower-case letters, digits, `.` and `-`: the OCI set's, and most users'. */
const PLAIN_KEY = /^[a-z0-9.-]*$/

/**
 * metadata-action's order, en-US collation. Between plain keys it is code-unit order (the
 * collation puts `-` before `.` before digits before letters, and a key before its
 * extensions, as code units do): compared so, a run needs no collator, whose start-up costs
 * more than the rest of the plan.
 */
export function compareKeys(a: string, b: string): number {
  if (PLAIN_KEY.test(a) && PLAIN_KEY.test(b)) return a < b ? -1 : a > b ? 1 : 0
  return a.localeCompare(b, 'en-US')
}
