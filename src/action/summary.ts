import {
  detailSpeaker,
  DockerError,
  InputError,
  InputErrors,
  OcirPushError,
  RegistryError,
  TargetError,
  TargetErrors,
  errorMessage,
  failuresOf
} from '../common/errors.js'
import { describeSource, describeTargets, planHosts, pushesImage } from '../engine/plan.js'
import type { Plan, PushPlan, PushResult, RunOutputs } from '../engine/types.js'

/** The pull secret the Kubernetes snippet creates and references. */
export const PULL_SECRET_NAME = 'ocirsecret'

/** The plan as the log shows it before anything is sent. */
export function describePlan(plan: Plan): string[] {
  const lines = [`Registry:   ${planHosts(plan).join(', ')}`, `Username:   ${plan.username}`]
  const image = pushesImage(plan)
    ? describeImage(plan)
    : plan.tags.length > 0 && 'none (push: false: the metadata of a build to come)'
  if (!image) return [...lines, 'Image:      none (log in only)']
  return [
    ...lines,
    `Image:      ${image}`,
    ...(plan.mode === 'merge' ? plan.digests : []).map(digest => `            ${digest}`),
    ...plan.targets.map(
      (target, i) => `${(i === 0 ? 'Repository:' : '').padEnd(12)}${target.repositoryReference}`
    ),
    `Tags:       ${plan.mode === 'push-by-digest' ? 'none (push-by-digest)' : plan.tags.join(', ')}`,
    ...plan.labels.map((label, i) => `${(i === 0 ? 'Labels:' : '').padEnd(12)}${label}`)
  ]
}

/**
 * A summary's heading: it names the repositories (the registries for a login only), so that
 * the summaries of two steps in one job can be told apart.
 */
function heading(title: string, plan: Plan, after = ''): string {
  return `### ${title}: ${namedTargets(plan)}${after}`
}

function namedTargets(plan: Plan): string {
  return describeTargets(plan).split(', ').map(code).join(', ')
}

/**
 * The job summary (Markdown) of a run that succeeded: every reference, the digest, size and
 * platforms they share, how to pull it, and how to run it on Kubernetes.
 */
export function renderSummary(plan: Plan, outputs: RunOutputs, pushes?: PushResult[]): string {
  const registries = planHosts(plan).map(code).join(', ')
  const login = `Registry ${registries}, username ${code(outputs.username)}.`
  if (plan.push && !pushesImage(plan)) return sections([heading('Logged in to OCIR', plan), login])
  const version = outputs.version ? ` Version ${code(outputs.version)}.` : ''
  const repositories = outputs.targets.map(target => code(target.repository)).join(', ')
  const image = pushesImage(plan)
    ? ` Image ${code(describeImage(plan))} → ${repositories}.${version}`
    : outputs.repository
      ? ` Repository ${repositories}.${version}`
      : ''
  const result = pushes?.[0]
  if (!result) {
    return sections([
      heading('OCIR push planned', plan, ' (push: false, nothing was sent)'),
      `${login}${image}`,
      ...(outputs.tags.length
        ? [
            table(
              ['Reference'],
              outputs.tags.map(reference => [code(reference)])
            )
          ]
        : []),
      ...renderNotices(plan)
    ])
  }
  const size = result.size === undefined ? 'unknown' : formatBytes(result.size)
  const platforms = result.platforms.length ? result.platforms.map(code).join(', ') : 'unknown'
  // Pushed by digest, the image has no tag: the pinned reference is the one to pull.
  const pull = outputs['pull-reference'] || outputs['pinned-reference']
  const references = outputs.tags.length ? outputs.tags : [outputs['pinned-reference']]
  return sections([
    heading('Pushed to OCIR', plan),
    `${login}${image}`,
    table(
      ['Reference'],
      references.map(reference => [code(reference)])
    ),
    ...digestLines(outputs, result, size, platforms),
    ...renderNotices(plan),
    'Pull:',
    fenced('sh', `docker pull ${pull}`),
    'Pinned reference (this exact image, whatever happens to the tags later):',
    fenced('text', outputs['pinned-reference']),
    '#### Kubernetes',
    fenced(
      'yaml',
      [
        'containers:',
        `  - name: ${containerName(plan.repository)}`,
        `    image: ${outputs['pinned-reference']}`,
        'imagePullSecrets:',
        `  - name: ${PULL_SECRET_NAME}`
      ].join('\n')
    ),
    'The pull secret, once per Kubernetes namespace (put the auth token in yourself):',
    fenced('sh', kubectlCreateSecret(plan))
  ])
}

/**
 * The digest, size and platforms of the pushed image; with several targets, the digest each
 * target's references name (the same for a daemonless push; each registry's for Docker's).
 */
function digestLines(
  outputs: RunOutputs,
  result: PushResult,
  size: string,
  platforms: string
): string[] {
  const digests = new Set(outputs.targets.map(target => target.digest))
  if (digests.size === 1) {
    return [`Digest ${code(result.digest)}, size ${size}, platforms ${platforms}.`]
  }
  return [
    table(
      ['Repository', 'Digest'],
      outputs.targets.map(target => [code(target.repository), code(target.digest)])
    ),
    `Size ${size}, platforms ${platforms}.`
  ]
}

/**
 * The job summary of a failed run: what failed, the fix, the other side's words, and what was
 * tried; `outputs`, when some references were pushed, name exactly those.
 */
export function renderFailureSummary(error: unknown, plan?: Plan, outputs?: RunOutputs): string {
  const target = plan ? ` to ${namedTargets(plan)}` : ''
  const parts = [`### OCIR push${target} failed: ${failureTitle(error)}`]
  for (const listed of failuresOf(error)) {
    // A target's failure reads as that target's run alone would report it, after its name.
    const [where, failure] =
      listed instanceof TargetError ? [`${code(listed.target)}: `, listed.failure] : ['', listed]
    if (failure instanceof OcirPushError) {
      const prefix = `${where}${failure.input ? `Input ${code(failure.input)}: ` : ''}`
      parts.push(`${prefix}${text(failure.message)}`, `**Fix:** ${text(failure.fix)}`)
      if (failure.detail) {
        parts.push(`${detailSpeaker(failure)} said:`, fenced('text', failure.detail))
      }
    } else {
      parts.push(`${where}${text(errorMessage(failure))}`)
    }
  }
  if (plan) {
    const registries = planHosts(plan).map(code).join(', ')
    const attempted = [`Registry ${registries}, username ${code(plan.username)}.`]
    if (pushesImage(plan)) {
      attempted.push(`Image ${code(describeImage(plan))} → ${namedTargets(plan)}.`)
    }
    parts.push(attempted.join(' '))
    const references = plan.targets.flatMap(target => target.references)
    if (references.length) {
      // Only a partial push leaves references behind; the outputs name exactly those.
      const pushed = new Set(outputs?.tags)
      parts.push(
        table(
          ['Reference', 'State'],
          references.map(reference => [
            code(reference),
            pushed.has(reference) ? 'pushed' : 'not pushed'
          ])
        )
      )
      for (const held of outputs?.targets ?? []) {
        if (!held.tags.length) continue
        const where = plan.targets.length > 1 ? ` in ${code(held.repository)}` : ''
        parts.push(`The pushed references${where} name ${code(held.digest)}.`)
      }
    }
  }
  return sections(parts)
}

/** The title of the failure's annotation and summary: which side failed, and the input at fault. */
export function failureTitle(error: unknown): string {
  if (!(error instanceof OcirPushError)) return 'unexpected error'
  if (error instanceof TargetError) return `${error.target}: ${failureTitle(error.failure)}`
  if (error instanceof TargetErrors) {
    return `${error.failures.length} of ${error.targetCount} targets failed`
  }
  if (error instanceof InputError) return `invalid input '${error.input}'`
  if (error instanceof InputErrors) {
    return `invalid inputs ${error.problems.map(problem => `'${problem.input}'`).join(', ')}`
  }
  const side =
    error instanceof DockerError
      ? 'Docker error'
      : error instanceof RegistryError
        ? `registry error${error.code ? ` ${error.code}` : ''}`
        : 'error'
  return error.input ? `${side}, check input '${error.input}'` : side
}

/** `1234567` → `1.2 MB`, in the decimal units `docker images` uses. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB']
  let value = bytes
  let unit = 0
  // Rounded first, so that 999 999 999 bytes are 1.0 GB rather than 1000.0 MB.
  while (unit < units.length - 1 && Math.round(value * 10) / 10 >= 1000) {
    value /= 1000
    unit++
  }
  return unit === 0 ? `${bytes} B` : `${value.toFixed(1)} ${units[unit]}`
}

/**
 * `kubectl create secret docker-registry` for the plan's registry and username. The token is a
 * placeholder: the summary is readable by everyone who can see the run.
 */
function kubectlCreateSecret(plan: Plan): string {
  return [
    `kubectl create secret docker-registry ${PULL_SECRET_NAME}`,
    `--docker-server=${plan.registry}`,
    `--docker-username=${shellQuote(plan.username)}`,
    "--docker-password='<auth token>'",
    '--docker-email=<email>'
  ].join(' ')
}

/** A container name (a DNS label) from the repository's last path segment. */
function containerName(repository: string): string {
  const last = repository.split('/').pop() ?? ''
  const label = last
    .replace(/[^a-z0-9-]+/g, '-')
    .slice(0, 63)
    .replace(/^-+|-+$/g, '')
  return label || 'app'
}

function renderNotices(plan: Plan): string[] {
  return plan.notices.map(notice => `> **${text(notice.title)}:** ${text(notice.message)}`)
}

/** The source, or the index merged from digests. */
function describeImage(plan: PushPlan): string {
  switch (plan.mode) {
    case 'merge':
      return `index of ${plan.digests.length} images pushed by digest`
    case 'push-by-digest':
      return `${describeSource(plan.source)}, by digest without tags`
    case 'push':
      return describeSource(plan.source)
  }
}

function sections(parts: string[]): string {
  return `${parts.join('\n\n')}\n`
}

function table(header: string[], rows: string[][]): string {
  return [header, header.map(() => '---'), ...rows]
    .map(cells => `| ${cells.join(' | ')} |`)
    .join('\n')
}

/** A block users copy from; the fence is longer than any backtick run inside. */
function fenced(language: string, body: string): string {
  const longest = Math.max(0, ...(body.match(/`+/g) ?? []).map(run => run.length))
  const fence = '`'.repeat(Math.max(3, longest + 1))
  return `${fence}${language}\n${body}\n${fence}`
}

/**
 * Inline code for any value, image configs' `os` and `architecture` included: no backtick run
 * inside can close it (the delimiter is longer), a line break cannot end the table row (control
 * characters become spaces), and `|` is escaped for table cells. Inside a code span `<`, `>`
 * and `&` are shown as they are, never read as HTML or entities.
 */
function code(value: string): string {
  // eslint-disable-next-line no-control-regex
  const flat = value.replace(/[\u0000-\u001f\u007f]+/g, ' ').replace(/\|/g, '\\|')
  const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map(run => run.length))
  const delimiter = '`'.repeat(longest + 1)
  // A span that starts or ends with a backtick needs a space the renderer strips again.
  const pad = /^`|`$/.test(flat) ? ' ' : ''
  return `${delimiter}${pad}${flat}${pad}${delimiter}`
}

/** Plain text with Markdown and HTML characters escaped: messages quote names like <namespace>. */
function text(value: string): string {
  return value.replace(/[\\`*_[\]<>|~#&]/g, '\\$&')
}

/** Single-quoted for a POSIX shell: identity-domain user names may hold spaces and quotes. */
function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`
}
