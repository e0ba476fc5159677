import { errorMessage } from '../common/errors.js'
import type { Plan, PlanTarget, PushResult, RunOutputs, TargetOutputs } from './types.js'

/**
 * How one target stands once its push has ended: pushed (`result`), or failed (`error`), with
 * the references that exist there anyway and the digest they resolve to (a partial push).
 */
export type TargetState =
  { result: PushResult } | { error: unknown; digest?: string; pushed: readonly string[] }

/**
 * The outputs object of a run: the action's outputs and the CLI's `--json`. Without the
 * targets' states (dry run, log in only) the planned references are shown, and `digest` and
 * `pinned-reference` are empty. A target that failed shows only the references that exist
 * there, so a later step never pulls a tag that is missing.
 */
export function toOutputs(plan: Plan, states: readonly TargetState[] = []): RunOutputs {
  const targets = plan.targets.map((target, index) => targetOutputs(target, states[index]))
  const first = targets[0]!
  return {
    registry: first.registry,
    username: plan.username,
    repository: first.repository,
    tags: targets.flatMap(target => target.tags),
    'pull-reference': first['pull-reference'],
    digest: first.digest,
    'pinned-reference': first['pinned-reference'],
    version: plan.version,
    labels: plan.labels,
    annotations: plan.annotations,
    // Only signed runs with a compartment have one: other runs' outputs are as they were.
    ...(first['repository-ocid'] ? { 'repository-ocid': first['repository-ocid'] } : {}),
    targets
  }
}

function targetOutputs(target: PlanTarget, state: TargetState | undefined): TargetOutputs {
  const failed = state && 'error' in state ? state : undefined
  const result = state && 'result' in state ? state.result : undefined
  const tags = failed ? [...failed.pushed] : target.references
  const digest = result?.digest ?? failed?.digest ?? ''
  return {
    registry: target.registry,
    repository: target.repositoryReference,
    tags,
    'pull-reference': tags[0] ?? '',
    digest,
    'pinned-reference': digest ? `${target.repositoryReference}@${digest}` : '',
    ...(result?.repositoryOcid ? { 'repository-ocid': result.repositoryOcid } : {}),
    ...(failed ? { error: errorMessage(failed.error) } : {})
  }
}
