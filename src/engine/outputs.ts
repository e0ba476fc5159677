import type { Plan, PushResult, RunOutputs } from './types.js'

/**
 * The outputs of a push that failed after some tags were pushed: only the references that
 * exist, and the digest they resolve to, so a later step never pulls a tag that is missing.
 */
export function partialOutputs(plan: Plan, digest: string, pushed: string[]): RunOutputs {
  return toOutputs({ ...plan, references: pushed }, { digest, pushed, platforms: [] })
}

/**
 * The outputs object of a run: the action's outputs and the CLI's `--json`. Without a push
 * result (dry run, log in only) `digest` and `pinned-reference` are empty.
 */
export function toOutputs(plan: Plan, result?: PushResult): RunOutputs {
  return {
    registry: plan.registry,
    username: plan.username,
    repository: plan.repositoryReference,
    tags: plan.references,
    'pull-reference': plan.references[0] ?? '',
    digest: result?.digest ?? '',
    'pinned-reference': result ? `${plan.repositoryReference}@${result.digest}` : '',
    version: plan.version,
    labels: plan.labels,
    annotations: plan.annotations,
    // Only API-key runs with a compartment have one: other runs' outputs are as they were.
    ...(result?.repositoryOcid ? { 'repository-ocid': result.repositoryOcid } : {})
  }
}
