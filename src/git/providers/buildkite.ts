import type { GitContext } from '../../tags/context.js'
import { branchBuild, envValue, pullRequestBuild, tagBuild } from '../facts.js'
import type { ProviderInput } from '../facts.js'

/**
 * Buildkite: BUILDKITE_COMMIT (may be `HEAD` for builds started in the UI: then git's
 * HEAD), BUILDKITE_BRANCH, BUILDKITE_TAG, BUILDKITE_PULL_REQUEST (`false` or a number),
 * BUILDKITE_PULL_REQUEST_BASE_BRANCH, BUILDKITE_PIPELINE_DEFAULT_BRANCH, BUILDKITE_SOURCE.
 */
export function buildkiteContext({ env, git, now }: ProviderInput): GitContext {
  const value = (name: string) => envValue(env, name)
  const eventName = value('BUILDKITE_SOURCE') ?? ''
  const commit = value('BUILDKITE_COMMIT')
  const base = {
    provider: 'buildkite',
    eventName,
    sha: (commit && /^[0-9a-f]{7,}$/i.test(commit) ? commit : git.headSha) ?? '',
    defaultBranch: value('BUILDKITE_PIPELINE_DEFAULT_BRANCH') ?? git.defaultBranch,
    date: now.toISOString()
  }
  const branch = value('BUILDKITE_BRANCH')
  const pullRequest = value('BUILDKITE_PULL_REQUEST')
  if (pullRequest !== undefined && /^\d+$/.test(pullRequest)) {
    return {
      ...base,
      ...pullRequestBuild(pullRequest, {
        head: branch,
        base: value('BUILDKITE_PULL_REQUEST_BASE_BRANCH')
      })
    }
  }
  const tag = value('BUILDKITE_TAG')
  if (tag !== undefined) return { ...base, ...tagBuild(tag) }
  if (branch !== undefined) {
    return { ...base, ...branchBuild(branch, eventName === 'schedule' ? 'schedule' : 'branch') }
  }
  return { ...base, event: 'other', ref: '' }
}
