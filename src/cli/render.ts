import { describeSource, planHosts } from '../engine/plan.js'
import type { GitContext } from '../tags/context.js'
import type { Plan, RunOutputs } from '../engine/types.js'
import { inertLogText } from '../common/text.js'
import type { Style } from './console.js'

/** A label, its values, and how they are styled. */
type Row = [label: string, values: string[], emphasis?: (text: string) => string]

/**
 * Label/value rows, labels aligned; a row with several values continues under itself. Values
 * come from images, layouts and the build: their control characters are dropped before the
 * table's own styling is applied.
 */
function table(rows: Row[], style: Style): string[] {
  const width = Math.max(...rows.map(([label]) => label.length)) + 2
  return rows.flatMap(([label, values, emphasis = (text: string) => text]) =>
    (values.length ? values : ['(none)']).map(
      (value, i) =>
        `${i === 0 ? style.dim(label) : ''}${' '.repeat(width - (i === 0 ? label.length : 0))}${emphasis(inertLogText(value))}`
    )
  )
}

/** What `plan` (and `push --dry-run`) shows: everything a push would do, for a person. */
export function renderPlan(
  plan: Plan,
  outputs: RunOutputs,
  git: GitContext,
  style: Style
): string[] {
  const labelsWithValue = plan.labels.filter(label => label.indexOf('=') < label.length - 1)
  const rows: Row[] = [
    ['Registry', planHosts(plan)],
    ['Username', [plan.username]],
    ['Repository', plan.targets.map(target => target.repositoryReference)],
    ['Tags', plan.mode === 'push-by-digest' ? ['(none: pushed by digest)'] : plan.tags],
    ['Pull', outputs['pull-reference'] ? [`docker pull ${outputs['pull-reference']}`] : []],
    ['Source', plan.mode === 'login' || plan.mode === 'merge' ? [] : [describeSource(plan.source)]],
    ...(plan.mode === 'merge' ? [['Merge', plan.digests] satisfies Row] : []),
    // What a build step takes (docker build --label); the empty ones and the annotations
    // only in --json, so that a first run's plan stays short.
    ...(labelsWithValue.length ? [['Labels', labelsWithValue] satisfies Row] : []),
    ['Build', [describeBuild(git)]]
  ]
  return table(rows, style)
}

/** What `push` shows once the registries hold the image: every target's references and digest. */
export function renderPushed(outputs: RunOutputs, style: Style): string[] {
  const { targets } = outputs
  const ocids = targets.flatMap(target => target['repository-ocid'] ?? [])
  return table(
    [
      ['Pushed', outputs.tags.length ? outputs.tags : ['no tag (by digest)']],
      ['Digest', [...new Set(targets.map(target => target.digest))]],
      // Pushed by digest, the image has no tag: the pinned reference is the one to pull.
      [
        'Pull',
        [`docker pull ${outputs['pull-reference'] || outputs['pinned-reference']}`],
        style.bold
      ],
      ['Pinned', targets.map(target => target['pinned-reference'])],
      ...(ocids.length ? [['Repository', ocids] satisfies Row] : [])
    ],
    style
  )
}

/**
 * What exists after a push failed part way (stderr): each target's references that were
 * pushed, and the digest they name.
 */
export function renderPushedBeforeFailure(outputs: RunOutputs): string[] {
  if (outputs.targets.length === 1) {
    const pushed = outputs.tags.length
      ? outputs.tags.map(reference => `  ${reference}`)
      : ['  none']
    return [`Pushed before the failure, at ${outputs.digest}:`, ...pushed]
  }
  return [
    'Pushed before the failure:',
    ...outputs.targets.flatMap(target =>
      target.digest
        ? [
            `  ${target.repository}, at ${target.digest}:`,
            ...(target.tags.length ? target.tags : ['by digest, no tag']).map(
              reference => `    ${reference}`
            )
          ]
        : [`  ${target.repository}: nothing`]
    )
  ]
}

/** What `login` shows. */
export function renderLogin(
  registries: string[],
  username: string,
  dockerConfig: string,
  style: Style
): string[] {
  return table(
    [
      ['Logged in', registries],
      ['Username', [username]],
      ['Stored in', [dockerConfig]]
    ],
    style
  )
}

function describeBuild(git: GitContext): string {
  if (git.provider === 'git' && !git.sha) return 'not a git checkout (no commit, branch or tag)'
  const commit = git.sha ? ` at ${git.sha.slice(0, 7)}` : ''
  const what = (() => {
    switch (git.event) {
      case 'branch':
        return `branch ${git.branch ?? git.ref}`
      case 'tag':
        return `tag ${git.tag ?? git.ref}`
      case 'pull_request':
        return `pull request${git.prNumber ? ` #${git.prNumber}` : ''}${
          git.headRef && git.baseRef ? ` (${git.headRef} → ${git.baseRef})` : ''
        }`
      case 'schedule':
        return `scheduled build${git.branch ? ` of ${git.branch}` : ''}`
      case 'other':
        return git.ref ? git.ref : 'detached HEAD'
    }
  })()
  return `${what}${commit}, read from ${git.provider}`
}
