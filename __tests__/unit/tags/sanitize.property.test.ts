import fc from 'fast-check'
import { TAG_PATTERN } from '../../../src/common/constants.js'
import { computeTags } from '../../../src/tags/index.js'
import { sanitizeTag } from '../../../src/tags/sanitize.js'
import { builds } from './context.js'

const RUNS = 5000

/** Ref names people and tools really make, and names built to break a sanitiser. */
const adversarialRef = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 300 }),
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.string({
    unit: fc.constantFrom('#', '.', '-', '/', '_', ' ', '~', '^', ':', '@', '{'),
    maxLength: 40
  }),
  fc
    .array(
      fc.constantFrom(
        'feature',
        '..',
        'Login#UI',
        'ü',
        '🚀',
        '.',
        '-',
        '_',
        'v1.2.3',
        'x'.repeat(130)
      ),
      { maxLength: 12 }
    )
    .map(parts => parts.join('/')),
  fc
    .tuple(fc.string({ minLength: 120, maxLength: 140 }), fc.string({ maxLength: 200 }))
    .map(([head, tail]) => head + tail)
)

/** Where two names may lawfully meet: the documented character mapping, before length is fixed. */
function characterMapping(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[.-]+/, '')
}

describe('sanitising any ref', () => {
  it('always gives a valid tag, the same one each time', () => {
    fc.assert(
      fc.property(adversarialRef, ref => {
        const first = sanitizeTag(ref)
        expect(first.tag).toMatch(TAG_PATTERN)
        expect(sanitizeTag(ref)).toEqual(first)
        expect(first.changes.length === 0).toBe(first.tag === ref)
      }),
      { numRuns: RUNS }
    )
  })

  it('keeps a valid tag as it is', () => {
    fc.assert(
      fc.property(fc.stringMatching(TAG_PATTERN), tag => {
        expect(sanitizeTag(tag)).toEqual({ tag, changes: [] })
      }),
      { numRuns: RUNS }
    )
  })

  it('never lets distinct names collide except by the documented character mapping', () => {
    fc.assert(
      fc.property(fc.uniqueArray(adversarialRef, { minLength: 2, maxLength: 200 }), refs => {
        const byTag = new Map<string, string>()
        for (const ref of refs) {
          const { tag } = sanitizeTag(ref)
          const earlier = byTag.get(tag)
          if (earlier !== undefined) {
            const mapped = characterMapping(ref)
            expect(characterMapping(earlier)).toBe(mapped)
            expect(mapped.length).toBeGreaterThan(0)
            expect(mapped.length).toBeLessThanOrEqual(128)
          }
          byTag.set(tag, ref)
        }
      }),
      { numRuns: RUNS / 10 }
    )
  })

  it('keeps long branches that share their first 128 characters apart', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[a-z][a-z0-9-]{127,160}$/),
        fc.uniqueArray(fc.stringMatching(/^[a-z0-9]{1,20}$/), { minLength: 2, maxLength: 20 }),
        (stem, endings) => {
          const tags = endings.map(ending => sanitizeTag(`${stem}/${ending}`).tag)
          expect(new Set(tags).size).toBe(endings.length)
          tags.forEach(tag => expect(tag).toHaveLength(128))
        }
      ),
      { numRuns: RUNS / 10 }
    )
  })

  it('makes every tag of every rule valid, on any branch', () => {
    const rules = [
      'type=ref,event=branch',
      'type=raw,value={{branch}}-{{sha}}',
      'type=edge,branch={{branch}}',
      'type=sha,prefix={{branch}}-'
    ]
    fc.assert(
      fc.property(adversarialRef, branch => {
        const context = builds.branch(branch)
        const result = computeTags({ rules, flavor: ['suffix=-{{branch}}'], context })
        result.tags.forEach(tag => expect(tag).toMatch(TAG_PATTERN))
        expect(new Set(result.tags).size).toBe(result.tags.length)
        expect(computeTags({ rules, flavor: ['suffix=-{{branch}}'], context })).toEqual(result)
      }),
      { numRuns: RUNS / 5 }
    )
  })
})
