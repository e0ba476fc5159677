import { OcirPushError } from '../common/errors.js'
import type { GitContext } from '../tags/context.js'
import { withMetadataEnv } from './facts.js'
import type { GitFacts, ProviderInput } from './facts.js'
import type { GitIo } from './io.js'
import { azureContext } from './providers/azure.js'
import { bitbucketContext } from './providers/bitbucket.js'
import { buildkiteContext } from './providers/buildkite.js'
import { circleciContext } from './providers/circleci.js'
import { githubContext } from './providers/github.js'
import { gitlabContext } from './providers/gitlab.js'
import { jenkinsContext } from './providers/jenkins.js'
import { plainGitContext } from './providers/git.js'

export type { GitContext, GitEventKind } from '../tags/context.js'
export type { GitIo } from './io.js'
export { defaultGitIo } from './io.js'

type Provider = (input: ProviderInput) => GitContext

/** Each CI, the variable that tells it is the one running, and how it builds a GitContext. */
const PROVIDERS: Array<{ name: string; detectedBy?: string; context: Provider }> = [
  { name: 'github', detectedBy: 'GITHUB_ACTIONS', context: githubContext },
  { name: 'gitlab', detectedBy: 'GITLAB_CI', context: gitlabContext },
  { name: 'bitbucket', detectedBy: 'BITBUCKET_BUILD_NUMBER', context: bitbucketContext },
  { name: 'azure', detectedBy: 'TF_BUILD', context: azureContext },
  { name: 'circleci', detectedBy: 'CIRCLECI', context: circleciContext },
  { name: 'jenkins', detectedBy: 'JENKINS_URL', context: jenkinsContext },
  { name: 'buildkite', detectedBy: 'BUILDKITE', context: buildkiteContext },
  { name: 'git', context: plainGitContext }
]

export const PROVIDER_NAMES = PROVIDERS.map(provider => provider.name)

/** The CI this runs on, from its marker variable; `git` when none is set. */
export function detectProvider(env: Record<string, string | undefined>): string {
  return PROVIDERS.find(provider => provider.detectedBy && env[provider.detectedBy])?.name ?? 'git'
}

/** Each git fact: the command that reads it, and how its output reads. */
const GIT_FACTS: {
  [Name in keyof GitFacts]-?: { args: string[]; read(out: string): GitFacts[Name] }
} = {
  headSha: { args: ['rev-parse', 'HEAD'], read: out => out || undefined },
  branch: { args: ['symbolic-ref', '--quiet', '--short', 'HEAD'], read: out => out || undefined },
  tagsAtHead: {
    args: ['tag', '--points-at', 'HEAD'],
    read: out =>
      out
        .split('\n')
        .map(tag => tag.trim())
        .filter(Boolean)
  },
  defaultBranch: {
    args: ['symbolic-ref', '--quiet', '--short', 'refs/remotes/origin/HEAD'],
    read: out => (out ? out.replace(/^origin\//, '') : undefined)
  },
  commitDate: { args: ['log', '-1', '--format=%cI'], read: out => out || undefined }
}

/** What is known of a checkout where git tells nothing (no git, no repository). */
const NO_GIT_FACTS: GitFacts = { tagsAtHead: [] }

/**
 * `build`'s result with the git facts it reads, and only those, each from its own git
 * command: a CI's variables and event payload mostly tell what git would (a GitHub push's
 * payload all of it), and then no git runs. `build` is pure: run on what is known so far, it
 * shows which facts it reads; those are read (at once) until it reads nothing new.
 */
async function withGitFacts<T>(io: GitIo, build: (git: GitFacts) => T): Promise<T> {
  const known: GitFacts = { ...NO_GIT_FACTS }
  const fetched = new Set<string>()
  for (;;) {
    const wanted = new Set<keyof GitFacts>()
    const result = build(
      new Proxy(known, {
        get: (target, name) => {
          if (typeof name === 'string' && Object.hasOwn(GIT_FACTS, name) && !fetched.has(name)) {
            wanted.add(name as keyof GitFacts)
          }
          return Reflect.get(target, name)
        }
      })
    )
    if (wanted.size === 0) return result
    await Promise.all(
      [...wanted].map(async name => {
        const fact = GIT_FACTS[name]
        const out = await io.git(fact.args)
        fetched.add(name)
        Object.assign(known, { [name]: out === undefined ? NO_GIT_FACTS[name] : fact.read(out) })
      })
    )
  }
}

/**
 * Reads the build's git context: the provider's environment, its event payload
 * (GitHub), what git says about the checkout where they do not, and the DOCKER_METADATA_*
 * variables.
 * `options.provider` forces a provider.
 */
export async function resolveGitContext(
  env: Record<string, string | undefined>,
  io: GitIo,
  options: { provider?: string } = {}
): Promise<GitContext> {
  const name = options.provider || detectProvider(env)
  const provider = PROVIDERS.find(candidate => candidate.name === name)
  if (!provider) {
    throw new OcirPushError(`unknown git provider '${name}'`, {
      fix: `choose one of: ${PROVIDER_NAMES.join(', ')}`
    })
  }
  const eventPath = name === 'github' ? env.GITHUB_EVENT_PATH : undefined
  const payload = eventPath ? await readPayload(io, eventPath) : undefined
  const now = io.now()
  const context = await withGitFacts(io, git => {
    const context = provider.context({ env, payload, git, now })
    // The payload's date of the commit (GitHub) is the one it names; git's is HEAD's.
    return { ...context, commitDate: context.commitDate ?? git.commitDate }
  })
  return withMetadataEnv(context, env)
}

async function readPayload(io: GitIo, path: string): Promise<unknown> {
  try {
    return JSON.parse(await io.readFile(path))
  } catch (error) {
    throw new OcirPushError(`cannot read the event payload ${path}`, {
      fix: 'GITHUB_EVENT_PATH must name the JSON event file the runner wrote; unset it outside GitHub Actions',
      detail: (error as Error).message,
      cause: error
    })
  }
}
