import type { GitContext } from '../../tags/context.js'
import { branchBuild, envValue, pullRequestBuild, tagBuild } from '../facts.js'
import type { ProviderInput } from '../facts.js'

/**
 * Jenkins (multibranch pipelines and the Git plugin): TAG_NAME, CHANGE_ID,
 * CHANGE_BRANCH, CHANGE_TARGET, BRANCH_NAME (`PR-12` for a pull request), GIT_COMMIT
 * and GIT_BRANCH (`origin/main` in a plain pipeline).
 */
export function jenkinsContext({ env, git, now }: ProviderInput): GitContext {
  const value = (name: string) => envValue(env, name)
  const base = {
    provider: 'jenkins',
    sha: value('GIT_COMMIT') ?? git.headSha ?? '',
    defaultBranch: git.defaultBranch,
    date: now.toISOString()
  }
  const change = value('CHANGE_ID')
  if (change !== undefined) {
    return {
      ...base,
      eventName: 'change-request',
      ...pullRequestBuild(change, { head: value('CHANGE_BRANCH'), base: value('CHANGE_TARGET') })
    }
  }
  const tag = value('TAG_NAME')
  if (tag !== undefined) {
    return { ...base, eventName: 'tag', ...tagBuild(tag) }
  }
  const branch =
    value('BRANCH_NAME') ?? value('GIT_BRANCH')?.replace(/^(?:refs\/heads\/|origin\/)/, '')
  if (branch !== undefined) {
    return { ...base, eventName: 'branch', ...branchBuild(branch) }
  }
  return { ...base, event: 'other', eventName: 'other', ref: '' }
}
