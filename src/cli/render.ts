import { describeSource } from '../engine/plan.js'
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
    ['Registry', [plan.registry]],
    ['Username', [plan.username]],
    ['Repository', [plan.repositoryReference]],
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

/** What `push` shows once the registry holds the image. */
export function renderPushed(outputs: RunOutputs, style: Style): string[] {
  return table(
    [
      ['Pushed', outputs.tags.length ? outputs.tags : ['no tag (by digest)']],
      ['Digest', [outputs.digest]],
      // Pushed by digest, the image has no tag: the pinned reference is the one to pull.
      [
        'Pull',
        [`docker pull ${outputs['pull-reference'] || outputs['pinned-reference']}`],
        style.bold
      ],
      ['Pinned', [outputs['pinned-reference']]],
      ...(outputs['repository-ocid']
        ? [['Repository', [outputs['repository-ocid']]] satisfies Row]
        : [])
    ],
    style
  )
}

/** What `login` shows. */
export function renderLogin(
  registry: string,
  username: string,
  dockerConfig: string,
  style: Style
): string[] {
  return table(
    [
      ['Logged in', [registry]],
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
