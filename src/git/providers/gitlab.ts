import type { GitContext } from '../../tags/context.js'
import { branchBuild, envValue, pullRequestBuild, tagBuild } from '../facts.js'
import type { ProviderInput } from '../facts.js'

/**
 * GitLab CI: CI_PIPELINE_SOURCE, CI_COMMIT_SHA/BRANCH/TAG, CI_DEFAULT_BRANCH and, in
 * merge request pipelines, CI_MERGE_REQUEST_*. In a merged-results pipeline
 * CI_COMMIT_SHA is the merge result and CI_MERGE_REQUEST_SOURCE_BRANCH_SHA the head.
 */
export function gitlabContext({ env, git, now }: ProviderInput): GitContext {
  const value = (name: string) => envValue(env, name)
  const eventName = value('CI_PIPELINE_SOURCE') ?? ''
  const commitSha = value('CI_COMMIT_SHA') ?? git.headSha ?? ''
  const base = {
    provider: 'gitlab',
    eventName,
    sha: commitSha,
    defaultBranch: value('CI_DEFAULT_BRANCH') ?? git.defaultBranch,
    date: now.toISOString()
  }
  const mergeRequest = value('CI_MERGE_REQUEST_IID')
  if (mergeRequest !== undefined) {
    const headSha = value('CI_MERGE_REQUEST_SOURCE_BRANCH_SHA') ?? commitSha
    return {
      ...base,
      ...pullRequestBuild(mergeRequest, {
        head: value('CI_MERGE_REQUEST_SOURCE_BRANCH_NAME'),
        base: value('CI_MERGE_REQUEST_TARGET_BRANCH_NAME'),
        ref: `refs/merge-requests/${mergeRequest}/head`
      }),
      sha: headSha,
      mergeSha: headSha !== commitSha ? commitSha : undefined
    }
  }
  const tag = value('CI_COMMIT_TAG')
  if (tag !== undefined) {
    return { ...base, ...tagBuild(tag) }
  }
  const branch = value('CI_COMMIT_BRANCH')
  if (branch !== undefined) {
    return { ...base, ...branchBuild(branch, eventName === 'schedule' ? 'schedule' : 'branch') }
  }
  return { ...base, event: eventName === 'schedule' ? 'schedule' : 'other', ref: '' }
}
