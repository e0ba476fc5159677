import type { Plan, RunOutputs } from '../types.js'

/** The plan as the log shows it before anything is sent. */
export function describePlan(plan: Plan): string[] {
  const lines = [`Registry:   ${plan.registry}`, `Username:   ${plan.username}`]
  if (!plan.source) return [...lines, 'Image:      none (log in only)']
  return [
    ...lines,
    `Image:      ${describeSource(plan.source)}`,
    `Repository: ${plan.repositoryReference}`,
    `Tags:       ${plan.tags.join(', ')}`
  ]
}

/** The job summary (Markdown): what was pushed where, and how to pull it. */
export function renderSummary(plan: Plan, outputs: RunOutputs): string {
  const pushed = outputs.digest !== ''
  const heading = pushed
    ? 'Pushed to OCIR'
    : plan.source
      ? 'OCIR push planned (push: false, nothing was sent)'
      : 'Logged in to OCIR'
  const rows: Array<[string, string[]]> = [
    ['Registry', [outputs.registry]],
    ['Username', [outputs.username]]
  ]
  if (plan.source) rows.push(['Repository', [outputs.repository]], ['Tags', outputs.tags])
  if (pushed) {
    rows.push(['Digest', [outputs.digest]], ['Pinned reference', [outputs['pinned-reference']]])
  }
  const table = [
    '| | |',
    '| --- | --- |',
    ...rows.map(([name, values]) => `| ${name} | ${values.map(code).join('<br>')} |`)
  ]
  const pull = pushed ? ['', '```sh', `docker pull ${outputs['pull-reference']}`, '```'] : []
  return [`### ${heading}`, '', ...table, ...pull, ''].join('\n')
}

function describeSource(source: NonNullable<Plan['source']>): string {
  switch (source.kind) {
    case 'docker':
      return `${source.reference} (local Docker engine)`
    case 'oci':
      return `${source.path}${source.tag ? ` tag ${source.tag}` : ''} (OCI image layout)`
    case 'docker-archive':
      return `${source.path} (docker save tarball)`
  }
}

/** Inline code inside a table cell. */
function code(value: string): string {
  return `\`${value.replace(/\|/g, '\\|')}\``
}
