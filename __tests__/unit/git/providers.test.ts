import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { PROVIDER_NAMES, resolveGitContext } from '../../../src/git/index.js'
import type { GitIo } from '../../../src/git/index.js'
import { computeTags } from '../../../src/tags/index.js'

/**
 * One fixture per build: the provider's real environment (and event payload), what git
 * answers in that checkout, and the context and default tags it must give.
 */
interface Fixture {
  description: string
  env: Record<string, string>
  payload?: unknown
  /** git answers by argument list (`rev-parse HEAD`); a missing key is a failing git. */
  git?: Record<string, string>
  rules?: string[]
  context: Record<string, unknown>
  tags: string[]
}

const FIXTURES = join(import.meta.dirname, '../../fixtures')
const NOW = new Date('2024-03-26T10:20:30.000Z')

const cases = readdirSync(FIXTURES, { withFileTypes: true })
  .filter(entry => entry.isDirectory())
  .flatMap(directory =>
    readdirSync(join(FIXTURES, directory.name))
      .filter(file => file.endsWith('.json'))
      .map(file => {
        const fixture = JSON.parse(
          readFileSync(join(FIXTURES, directory.name, file), 'utf8')
        ) as Fixture
        return { provider: directory.name, name: file.replace(/\.json$/, ''), fixture }
      })
  )

function fixtureIo(fixture: Fixture): GitIo {
  return {
    readFile: async path => {
      if (path !== fixture.env.GITHUB_EVENT_PATH || fixture.payload === undefined) {
        throw new Error(`no such file ${path}`)
      }
      return JSON.stringify(fixture.payload)
    },
    git: async args => fixture.git?.[args.join(' ')],
    now: () => NOW
  }
}

describe('git context and default tags from real CI environments', () => {
  it('has fixtures for every provider', () => {
    expect(new Set(cases.map(entry => entry.provider))).toEqual(new Set(PROVIDER_NAMES))
  })

  it.each(cases)('$provider/$name', async ({ provider, fixture }) => {
    const context = await resolveGitContext(fixture.env, fixtureIo(fixture))
    expect(context.provider).toBe(provider)
    expect(context.date).toBe(NOW.toISOString())
    expect(context).toMatchObject(fixture.context)
    const { tags } = computeTags({ rules: fixture.rules ?? [], flavor: [], context })
    expect(tags).toEqual(fixture.tags)
  })
})
