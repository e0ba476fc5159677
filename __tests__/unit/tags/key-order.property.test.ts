// Labels and annotations are sorted by key as metadata-action sorts them (en-US collation);
// plain keys are compared by code unit, which must give exactly that order.
import fc from 'fast-check'
import { compareKeys } from '../../../src/tags/metadata.js'

const PLAIN = 'abcdefghijklmnopqrstuvwxyz0123456789.-'.split('')
const collation = (a: string, b: string) => Math.sign(a.localeCompare(b, 'en-US'))

describe('the order of label and annotation keys', () => {
  it('is the en-US collation for every pair of plain characters, and a key before its extensions', () => {
    const keys = ['', ...PLAIN, ...PLAIN.map(c => `a${c}`), ...PLAIN.map(c => `${c}a`)]
    const disagreeing = keys.flatMap(a =>
      keys.filter(b => Math.sign(compareKeys(a, b)) !== collation(a, b)).map(b => [a, b])
    )
    expect(disagreeing).toEqual([])
  })

  it('is the en-US collation for plain keys of any length', () => {
    const key = fc.array(fc.constantFrom(...PLAIN), { maxLength: 40 }).map(c => c.join(''))
    fc.assert(
      fc.property(key, key, (a, b) => Math.sign(compareKeys(a, b)) === collation(a, b)),
      { numRuns: 5000 }
    )
  })

  it('is the en-US collation for any keys: upper case, `_` and other characters included', () => {
    const key = fc.string({ unit: 'binary', maxLength: 20 })
    fc.assert(
      fc.property(key, key, (a, b) => Math.sign(compareKeys(a, b)) === collation(a, b)),
      { numRuns: 2000 }
    )
    // Where code-unit order differs (B a a-b a_b): case is not first, `_` comes before `-`.
    expect(['B', 'a', 'a-b', 'a_b'].sort(compareKeys)).toEqual(['a', 'a_b', 'a-b', 'B'])
  })
})
