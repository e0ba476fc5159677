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

async function readGitFacts(io: GitIo): Promise<GitFacts> {
  const [headSha, branch, tags, originHead, commitDate] = await Promise.all([
    io.git(['rev-parse', 'HEAD']),
    io.git(['symbolic-ref', '--quiet', '--short', 'HEAD']),
    io.git(['tag', '--points-at', 'HEAD']),
    io.git(['symbolic-ref', '--quiet', '--short', 'refs/remotes/origin/HEAD']),
    io.git(['log', '-1', '--format=%cI'])
  ])
  return {
    headSha: headSha || undefined,
    branch: branch || undefined,
    tagsAtHead: tags
      ? tags
          .split('\n')
          .map(tag => tag.trim())
          .filter(Boolean)
      : [],
    defaultBranch: originHead ? originHead.replace(/^origin\//, '') : undefined,
    commitDate: commitDate || undefined
  }
}

/**
 * Reads the build's git context: the provider's environment, its event payload
 * (GitHub), what git says about the checkout, and the DOCKER_METADATA_* variables.
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
  const git = await readGitFacts(io)
  const eventPath = name === 'github' ? env.GITHUB_EVENT_PATH : undefined
  const payload = eventPath ? await readPayload(io, eventPath) : undefined
  const context = provider.context({ env, payload, git, now: io.now() })
  // The payload's date of the commit (GitHub) is the one it names; git's is HEAD's.
  return withMetadataEnv({ ...context, commitDate: context.commitDate ?? git.commitDate }, env)
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
