import type { GitContext } from '../../../src/tags/context.js'

export const SHA = '90dd6032fac8bda1b6c4436a2e65de27961ed071'
export const MERGE_SHA = '5a2f1c0e9b8d7a6f5e4d3c2b1a09f8e7d6c5b4a3'

/** Git contexts of the usual builds, as a provider would give them. */
export const builds = {
  tag: (tag: string): GitContext => ({
    provider: 'github',
    event: 'tag',
    eventName: 'push',
    ref: `refs/tags/${tag}`,
    tag,
    sha: SHA,
    defaultBranch: 'master',
    date: '2020-01-10T00:30:00.000Z'
  }),
  branch: (branch: string, defaultBranch = 'master'): GitContext => ({
    provider: 'github',
    event: 'branch',
    eventName: 'push',
    ref: `refs/heads/${branch}`,
    branch,
    sha: SHA,
    defaultBranch,
    date: '2020-01-10T00:30:00.000Z'
  }),
  pullRequest: (prNumber: number, headRef = 'feature/x'): GitContext => ({
    provider: 'github',
    event: 'pull_request',
    eventName: 'pull_request',
    ref: `refs/pull/${prNumber}/merge`,
    branch: headRef,
    headRef,
    baseRef: 'master',
    prNumber,
    sha: SHA,
    mergeSha: MERGE_SHA,
    defaultBranch: 'master',
    date: '2020-01-10T00:30:00.000Z'
  }),
  schedule: (date = '2020-01-10T00:30:00.000Z'): GitContext => ({
    provider: 'github',
    event: 'schedule',
    eventName: 'schedule',
    ref: 'refs/heads/master',
    branch: 'master',
    sha: SHA,
    defaultBranch: 'master',
    date
  }),
  detached: (): GitContext => ({
    provider: 'git',
    event: 'other',
    eventName: 'detached',
    ref: '',
    sha: SHA,
    date: '2020-01-10T00:30:00.000Z'
  })
}
