import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { resolveGitContext } from '../../../src/git/index.js'
import type { GitContext, GitIo } from '../../../src/git/index.js'

const FIXTURES = join(import.meta.dirname, '../../fixtures/github/metadata-action')
const ORIGIN_HEAD = 'symbolic-ref --quiet --short refs/remotes/origin/HEAD'

/**
 * The GitContext the GitHub provider gives for one of metadata-action's test events
 * (__tests__/fixtures/github/metadata-action/<event>.json): its environment plus `env`,
 * its payload, and git answers by argument list (the default branch is `master`).
 */
export function githubEventContext(
  event: string,
  options: { env?: Record<string, string>; git?: Record<string, string>; now: Date }
): Promise<GitContext> {
  const fixture = JSON.parse(readFileSync(join(FIXTURES, `${event}.json`), 'utf8')) as {
    env: Record<string, string>
    payload?: unknown
  }
  const answers: Record<string, string> = { [ORIGIN_HEAD]: 'origin/master', ...options.git }
  const io: GitIo = {
    readFile: async () => JSON.stringify(fixture.payload ?? {}),
    git: async args => answers[args.join(' ')],
    now: () => options.now
  }
  return resolveGitContext({ ...fixture.env, ...options.env }, io, { provider: 'github' })
}
