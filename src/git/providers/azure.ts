import type { GitContext } from '../../tags/context.js'
import { envValue, parseRef, stripHeads } from '../facts.js'
import type { ProviderInput } from '../facts.js'

/**
 * Azure Pipelines: BUILD_REASON, BUILD_SOURCEBRANCH (a full ref), BUILD_SOURCEVERSION
 * and, for pull requests, SYSTEM_PULLREQUEST_*: the number is PULLREQUESTNUMBER for
 * GitHub repositories and PULLREQUESTID for Azure Repos; BUILD_SOURCEVERSION is then
 * the merge commit and SYSTEM_PULLREQUEST_SOURCECOMMITID (GitHub only) the head.
 */
export function azureContext({ env, git, now }: ProviderInput): GitContext {
  const value = (name: string) => envValue(env, name)
  const eventName = value('BUILD_REASON') ?? ''
  const ref = value('BUILD_SOURCEBRANCH') ?? ''
  const builtSha = value('BUILD_SOURCEVERSION') ?? git.headSha ?? ''
  const base = {
    provider: 'azure',
    eventName,
    ref,
    sha: builtSha,
    defaultBranch: git.defaultBranch,
    date: now.toISOString()
  }
  const pullRequest =
    value('SYSTEM_PULLREQUEST_PULLREQUESTNUMBER') ?? value('SYSTEM_PULLREQUEST_PULLREQUESTID')
  if (eventName === 'PullRequest' && pullRequest !== undefined) {
    const headSha = value('SYSTEM_PULLREQUEST_SOURCECOMMITID') ?? builtSha
    const headRef = stripHeads(value('SYSTEM_PULLREQUEST_SOURCEBRANCH'))
    return {
      ...base,
      event: 'pull_request',
      sha: headSha,
      mergeSha: headSha !== builtSha ? builtSha : undefined,
      prNumber: Number(pullRequest),
      branch: headRef,
      headRef,
      baseRef: stripHeads(value('SYSTEM_PULLREQUEST_TARGETBRANCH'))
    }
  }
  const { branch, tag } = parseRef(ref)
  if (tag !== undefined) return { ...base, event: 'tag', tag }
  if (branch !== undefined) {
    return { ...base, event: eventName === 'Schedule' ? 'schedule' : 'branch', branch }
  }
  return { ...base, event: 'other' }
}
