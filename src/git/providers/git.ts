import type { GitContext } from '../../tags/context.js'
import { branchBuild, tagBuild } from '../facts.js'
import type { ProviderInput } from '../facts.js'
import { compareSemver, parseSemver } from '../../tags/semver.js'

/**
 * A plain git checkout (a laptop, or a CI this project does not know): HEAD, the tag on
 * HEAD (the highest semantic version when there are several) or else the branch.
 */
export function plainGitContext({ git, now }: ProviderInput): GitContext {
  const base = {
    provider: 'git',
    sha: git.headSha ?? '',
    defaultBranch: git.defaultBranch,
    date: now.toISOString()
  }
  const tag = pickTag(git.tagsAtHead)
  if (tag !== undefined) {
    return { ...base, eventName: 'tag', ...tagBuild(tag) }
  }
  if (git.branch !== undefined) {
    return { ...base, eventName: 'branch', ...branchBuild(git.branch) }
  }
  return { ...base, event: 'other', eventName: 'detached', ref: '' }
}

/** The highest semantic version among the tags, else the first tag by name. */
export function pickTag(tags: string[]): string | undefined {
  const versions = tags.flatMap(tag => {
    const version = parseSemver(tag.replace(/\//g, '-'))
    return version ? [{ tag, version }] : []
  })
  if (versions.length > 0) {
    return versions.reduce((best, entry) =>
      compareSemver(entry.version, best.version) > 0 ? entry : best
    ).tag
  }
  return [...tags].sort()[0]
}
