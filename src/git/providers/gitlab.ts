import type { GitContext } from '../context.js'
import { envValue } from '../facts.js'
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
    const headRef = value('CI_MERGE_REQUEST_SOURCE_BRANCH_NAME')
    return {
      ...base,
      event: 'pull_request',
      ref: `refs/merge-requests/${mergeRequest}/head`,
      sha: headSha,
      mergeSha: headSha !== commitSha ? commitSha : undefined,
      prNumber: Number(mergeRequest),
      branch: headRef,
      headRef,
      baseRef: value('CI_MERGE_REQUEST_TARGET_BRANCH_NAME')
    }
  }
  const tag = value('CI_COMMIT_TAG')
  if (tag !== undefined) {
    return { ...base, event: 'tag', ref: `refs/tags/${tag}`, tag }
  }
  const branch = value('CI_COMMIT_BRANCH')
  if (branch !== undefined) {
    return {
      ...base,
      event: eventName === 'schedule' ? 'schedule' : 'branch',
      ref: `refs/heads/${branch}`,
      branch
    }
  }
  return { ...base, event: eventName === 'schedule' ? 'schedule' : 'other', ref: '' }
}
