import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { OcirPushError } from '../../../src/common/errors.js'
import { defaultGitIo, detectProvider, resolveGitContext } from '../../../src/git/index.js'
import type { GitIo } from '../../../src/git/index.js'
import { pickTag } from '../../../src/git/providers/git.js'

const NOW = new Date('2024-01-01T00:00:00.000Z')
const silentGit: GitIo = {
  readFile: async path => {
    throw new Error(`no file ${path}`)
  },
  git: async () => undefined,
  now: () => NOW
}

describe('detectProvider', () => {
  it.each([
    [{ GITHUB_ACTIONS: 'true' }, 'github'],
    [{ GITLAB_CI: 'true' }, 'gitlab'],
    [{ BITBUCKET_BUILD_NUMBER: '3' }, 'bitbucket'],
    [{ TF_BUILD: 'True' }, 'azure'],
    [{ CIRCLECI: 'true' }, 'circleci'],
    [{ JENKINS_URL: 'https://ci/' }, 'jenkins'],
    [{ BUILDKITE: 'true' }, 'buildkite'],
    [{ CI: 'true' }, 'git'],
    [{}, 'git']
  ])('%j → %s', (env, provider) => {
    expect(detectProvider(env)).toBe(provider)
  })
})

describe('resolveGitContext', () => {
  it('uses a forced provider over the detected one', async () => {
    const env = { GITHUB_ACTIONS: 'true', CI_COMMIT_SHA: 'abcdef1234567', CI_COMMIT_BRANCH: 'main' }
    const context = await resolveGitContext(env, silentGit, { provider: 'gitlab' })
    expect(context).toMatchObject({ provider: 'gitlab', branch: 'main', sha: 'abcdef1234567' })
  })

  it('refuses an unknown provider, listing the known ones', async () => {
    await expect(resolveGitContext({}, silentGit, { provider: 'travis' })).rejects.toMatchObject({
      constructor: OcirPushError,
      message: "unknown git provider 'travis'",
      fix: 'choose one of: github, gitlab, bitbucket, azure, circleci, jenkins, buildkite, git'
    })
  })

  it('says which event payload it cannot read', async () => {
    const io = { ...silentGit, readFile: async () => '{not json' }
    const env = { GITHUB_ACTIONS: 'true', GITHUB_EVENT_PATH: '/tmp/event.json' }
    await expect(resolveGitContext(env, io)).rejects.toThrow(
      'cannot read the event payload /tmp/event.json'
    )
  })
})

describe('the git commands a build context needs', () => {
  const SHA = '0123456789abcdef0123456789abcdef01234567'
  /** Answers every git command as a checkout would, and records each one it ran. */
  function recordingGit(payload: unknown) {
    const ran: string[] = []
    const answers: Record<string, string> = {
      'rev-parse HEAD': SHA,
      'symbolic-ref --quiet --short HEAD': 'main',
      'tag --points-at HEAD': 'v1.0.0',
      'symbolic-ref --quiet --short refs/remotes/origin/HEAD': 'origin/trunk',
      'log -1 --format=%cI': '2023-12-24T10:00:00+01:00'
    }
    const io: GitIo = {
      readFile: async () => JSON.stringify(payload),
      git: async args => {
        ran.push(args.join(' '))
        return answers[args.join(' ')]
      },
      now: () => NOW
    }
    return { io, ran }
  }
  const github = { GITHUB_ACTIONS: 'true', GITHUB_EVENT_PATH: '/e.json', GITHUB_SHA: SHA }

  it("are none on a GitHub push, whose variables and payload tell all of git's facts", async () => {
    const { io, ran } = recordingGit({
      repository: { name: 'app', default_branch: 'main' },
      head_commit: { id: SHA, timestamp: '2024-01-02T03:04:05Z' }
    })
    const env = { ...github, GITHUB_EVENT_NAME: 'push', GITHUB_REF: 'refs/heads/main' }
    const context = await resolveGitContext(env, io)
    expect(ran).toEqual([])
    expect(context).toMatchObject({ defaultBranch: 'main', commitDate: '2024-01-02T03:04:05Z' })
  })

  it('read what the payload leaves out, and only that', async () => {
    const { io, ran } = recordingGit({ ref: 'refs/heads/main' })
    const env = { ...github, GITHUB_EVENT_NAME: 'push', GITHUB_REF: 'refs/heads/main' }
    const context = await resolveGitContext(env, io)
    expect(ran.sort()).toEqual([
      'log -1 --format=%cI',
      'symbolic-ref --quiet --short refs/remotes/origin/HEAD'
    ])
    expect(context).toMatchObject({
      sha: SHA,
      defaultBranch: 'trunk',
      commitDate: '2023-12-24T10:00:00+01:00'
    })
  })

  it('are each one run once outside a CI, where git tells everything', async () => {
    const { io, ran } = recordingGit(undefined)
    const context = await resolveGitContext({}, io)
    expect(ran.sort()).toEqual([
      'log -1 --format=%cI',
      'rev-parse HEAD',
      'symbolic-ref --quiet --short HEAD',
      'symbolic-ref --quiet --short refs/remotes/origin/HEAD',
      'tag --points-at HEAD'
    ])
    expect(context).toMatchObject({ event: 'tag', tag: 'v1.0.0', sha: SHA, defaultBranch: 'trunk' })
  })
})

describe('pickTag', () => {
  it.each<[string[], string | undefined]>([
    [[], undefined],
    [['beta', 'alpha'], 'alpha'],
    [['v1.2.0', 'v1.10.0', 'v1.10.0-rc.1', 'nightly'], 'v1.10.0']
  ])('%j → %s', (tags, expected) => {
    expect(pickTag(tags)).toBe(expected)
  })
})

describe('plain git in a real repository', () => {
  let directory: string
  const git = (...args: string[]) =>
    execFileSync('git', args, { cwd: directory, encoding: 'utf8' }).trim()

  beforeAll(() => {
    directory = mkdtempSync(join(tmpdir(), 'ocir-push-git-'))
    git('init', '--quiet', '--initial-branch=feature/offline')
    git('config', 'user.email', 'dev@example.com')
    git('config', 'user.name', 'Dev')
    writeFileSync(join(directory, 'file'), 'content')
    git('add', 'file')
    git('commit', '--quiet', '-m', 'first')
    git('update-ref', 'refs/remotes/origin/main', 'HEAD')
    git('symbolic-ref', 'refs/remotes/origin/HEAD', 'refs/remotes/origin/main')
  })
  afterAll(() => rmSync(directory, { recursive: true, force: true }))

  it('reads the branch, HEAD and the default branch', async () => {
    const context = await resolveGitContext({}, defaultGitIo(directory))
    expect(context).toMatchObject({
      provider: 'git',
      event: 'branch',
      branch: 'feature/offline',
      ref: 'refs/heads/feature/offline',
      sha: git('rev-parse', 'HEAD'),
      defaultBranch: 'main'
    })
  })

  it('prefers the highest version tag on HEAD', async () => {
    git('tag', 'v1.9.0')
    git('tag', 'v1.10.0')
    const context = await resolveGitContext({}, defaultGitIo(directory))
    expect(context).toMatchObject({ event: 'tag', tag: 'v1.10.0', ref: 'refs/tags/v1.10.0' })
  })

  it('outside a repository knows nothing, and says so with an empty sha', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'ocir-push-nogit-'))
    try {
      const context = await resolveGitContext(
        { GIT_CEILING_DIRECTORIES: tmpdir() },
        defaultGitIo(outside)
      )
      expect(context).toMatchObject({ provider: 'git', event: 'other', sha: '' })
    } finally {
      rmSync(outside, { recursive: true, force: true })
    }
  })
})
