import type { GitContext, RepositoryFacts } from '../../tags/context.js'
import { envValue, parseRef, payloadField, stripHeads } from '../facts.js'
import type { ProviderInput } from '../facts.js'

/**
 * GitHub Actions: GITHUB_EVENT_NAME, GITHUB_REF, GITHUB_SHA and the event payload at
 * GITHUB_EVENT_PATH. On a pull request GITHUB_SHA is the merge commit GitHub made; the
 * head commit the author pushed comes from the payload. The payload also gives the date
 * of a pushed commit, the repository's description for the OCI labels, and on a tag push
 * the branch it was pushed from (`base_ref`).
 */
export function githubContext({ env, payload, git, now }: ProviderInput): GitContext {
  const eventName = envValue(env, 'GITHUB_EVENT_NAME') ?? ''
  const ref = envValue(env, 'GITHUB_REF') ?? ''
  const sha = envValue(env, 'GITHUB_SHA') ?? git.headSha ?? ''
  const defaultBranch = payloadField(payload, 'repository', 'default_branch') ?? git.defaultBranch
  const date = now.toISOString()
  const base = {
    provider: 'github',
    eventName,
    ref,
    sha,
    date,
    commitDate: pushedCommitDate(payload, sha),
    repository: repositoryFacts(payload)
  }

  const pullRequestNumber =
    payloadField(payload, 'pull_request', 'number') ?? payloadField(payload, 'number')
  if (eventName.startsWith('pull_request') && pullRequestNumber !== undefined) {
    const headSha = payloadField(payload, 'pull_request', 'head', 'sha') ?? sha
    const headRef =
      envValue(env, 'GITHUB_HEAD_REF') ?? payloadField(payload, 'pull_request', 'head', 'ref')
    const baseRef =
      envValue(env, 'GITHUB_BASE_REF') ?? payloadField(payload, 'pull_request', 'base', 'ref')
    // pull_request builds the merge commit (GITHUB_SHA); pull_request_target the base branch.
    const mergeSha =
      eventName === 'pull_request'
        ? sha
        : (payloadField(payload, 'pull_request', 'merge_commit_sha') ?? undefined)
    return {
      ...base,
      event: 'pull_request',
      sha: headSha,
      mergeSha: mergeSha && mergeSha !== headSha ? mergeSha : undefined,
      prNumber: Number(pullRequestNumber),
      branch: headRef,
      headRef,
      baseRef,
      defaultBranch
    }
  }

  const { branch, tag } = parseRef(ref)
  if (tag !== undefined) {
    const baseRef = stripHeads(payloadField(payload, 'base_ref'))
    return { ...base, event: 'tag', tag, baseRef, defaultBranch }
  }
  if (branch !== undefined) {
    return {
      ...base,
      event: eventName === 'schedule' ? 'schedule' : 'branch',
      branch,
      // A schedule runs on the default branch; its payload has no repository to say so.
      defaultBranch: defaultBranch ?? (eventName === 'schedule' ? branch : undefined)
    }
  }
  return { ...base, event: eventName === 'schedule' ? 'schedule' : 'other', defaultBranch }
}

/** The date of `sha` when the payload lists it (a push: `commits`, `head_commit`). */
function pushedCommitDate(payload: unknown, sha: string): string | undefined {
  const commits = (payload as { commits?: unknown } | undefined)?.commits
  const listed = Array.isArray(commits) ? commits : []
  for (const commit of [...listed, (payload as { head_commit?: unknown })?.head_commit]) {
    if (payloadField(commit, 'id') === sha) return payloadField(commit, 'timestamp')
  }
  return undefined
}

function repositoryFacts(payload: unknown): RepositoryFacts | undefined {
  const field = (...path: string[]) => payloadField(payload, 'repository', ...path)
  if (field('name') === undefined) return undefined
  return {
    name: field('name'),
    description: field('description'),
    url: field('html_url'),
    license: field('license', 'spdx_id')
  }
}
