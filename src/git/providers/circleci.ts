import type { GitContext } from '../../tags/context.js'
import { branchBuild, envValue, pullRequestBuild, tagBuild } from '../facts.js'
import type { ProviderInput } from '../facts.js'

/**
 * CircleCI: CIRCLE_SHA1, CIRCLE_BRANCH, CIRCLE_TAG, CIRCLE_PR_NUMBER and
 * CIRCLE_PULL_REQUEST. CircleCI builds pushes: a branch with an open pull request is
 * still a branch build. A build of a fork's pull request has the branch `pull/<n>`.
 */
export function circleciContext({ env, git, now }: ProviderInput): GitContext {
  const value = (name: string) => envValue(env, name)
  const base = {
    provider: 'circleci',
    sha: value('CIRCLE_SHA1') ?? git.headSha ?? '',
    defaultBranch: git.defaultBranch,
    date: now.toISOString()
  }
  const tag = value('CIRCLE_TAG')
  if (tag !== undefined) {
    return { ...base, eventName: 'tag', ...tagBuild(tag) }
  }
  const branch = value('CIRCLE_BRANCH')
  const forkPullRequest = branch === undefined ? undefined : /^pull\/(\d+)$/.exec(branch)
  const prNumber =
    value('CIRCLE_PR_NUMBER') ??
    forkPullRequest?.[1] ??
    /\/pull\/(\d+)$/.exec(value('CIRCLE_PULL_REQUEST') ?? '')?.[1]
  if (forkPullRequest && prNumber !== undefined) {
    return { ...base, eventName: 'pull_request', ...pullRequestBuild(prNumber, {}) }
  }
  if (branch !== undefined) {
    return {
      ...base,
      eventName: 'branch',
      ...branchBuild(branch),
      prNumber: prNumber === undefined ? undefined : Number(prNumber)
    }
  }
  return { ...base, event: 'other', eventName: 'other', ref: '' }
}
