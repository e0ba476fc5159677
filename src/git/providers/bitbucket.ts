import type { GitContext } from '../../tags/context.js'
import { branchBuild, envValue, pullRequestBuild, tagBuild } from '../facts.js'
import type { ProviderInput } from '../facts.js'

/**
 * Bitbucket Pipelines: BITBUCKET_COMMIT, BITBUCKET_BRANCH, BITBUCKET_TAG and, in
 * pull-request pipelines, BITBUCKET_PR_ID and BITBUCKET_PR_DESTINATION_BRANCH (the
 * branch is then the source branch and the commit its head). Bitbucket exports no
 * default branch: it comes from git's origin/HEAD.
 */
export function bitbucketContext({ env, git, now }: ProviderInput): GitContext {
  const value = (name: string) => envValue(env, name)
  const base = {
    provider: 'bitbucket',
    sha: value('BITBUCKET_COMMIT') ?? git.headSha ?? '',
    defaultBranch: git.defaultBranch,
    date: now.toISOString()
  }
  const branch = value('BITBUCKET_BRANCH')
  const pullRequest = value('BITBUCKET_PR_ID')
  if (pullRequest !== undefined) {
    return {
      ...base,
      eventName: 'pull-request',
      ...pullRequestBuild(pullRequest, {
        head: branch,
        base: value('BITBUCKET_PR_DESTINATION_BRANCH'),
        // Bitbucket builds the source branch itself, not a merge ref.
        ref: branch ? `refs/heads/${branch}` : ''
      })
    }
  }
  const tag = value('BITBUCKET_TAG')
  if (tag !== undefined) {
    return { ...base, eventName: 'tag', ...tagBuild(tag) }
  }
  if (branch !== undefined) {
    return { ...base, eventName: 'branch', ...branchBuild(branch) }
  }
  return { ...base, event: 'other', eventName: 'custom', ref: '' }
}
