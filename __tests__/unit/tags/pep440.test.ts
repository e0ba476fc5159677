import { isPep440PreRelease, parsePep440, releasePart } from '../../../src/tags/pep440.js'

/** PEP 440's normalisation rules (https://peps.python.org/pep-0440/#normalization), one row each. */
describe('PEP 440 normal form', () => {
  it.each([
    // case sensitivity, leading v, surrounding whitespace
    ['1.1RC1', '1.1rc1'],
    ['v1.0', '1.0'],
    ['  1.0  ', '1.0'],
    // integer normalisation: leading zeros dropped, trailing zeros kept
    ['00', '0'],
    ['09000', '9000'],
    ['1.0', '1.0'],
    ['1.01.001', '1.1.1'],
    // epochs
    ['1!2.0', '1!2.0'],
    ['0!2.0', '2.0'],
    // pre-release separators, spellings and implicit number
    ['1.1.a1', '1.1a1'],
    ['1.1-a1', '1.1a1'],
    ['1.1_a1', '1.1a1'],
    ['1.1a.1', '1.1a1'],
    ['1.1alpha1', '1.1a1'],
    ['1.1beta2', '1.1b2'],
    ['1.1c3', '1.1rc3'],
    ['1.1pre4', '1.1rc4'],
    ['1.1preview5', '1.1rc5'],
    ['1.2a', '1.2a0'],
    ['1.2.3rc2', '1.2.3rc2'],
    ['20200110-RC2', '20200110rc2'],
    // post releases: separators, spellings, implicit number, implicit post release
    ['1.2-post2', '1.2.post2'],
    ['1.2post2', '1.2.post2'],
    ['1.2.post-2', '1.2.post2'],
    ['1.0-r4', '1.0.post4'],
    ['1.0rev4', '1.0.post4'],
    ['1.2.post', '1.2.post0'],
    ['1.0-1', '1.0.post1'],
    // development releases
    ['1.0dev4', '1.0.dev4'],
    ['1.2-dev2', '1.2.dev2'],
    ['1.2.dev', '1.2.dev0'],
    ['1.0a1.dev2', '1.0a1.dev2'],
    ['1.0.post1.dev2', '1.0.post1.dev2'],
    // local versions: lower case, separators become dots
    ['1.0+ubuntu-1', '1.0+ubuntu.1'],
    ['1.0+Ubuntu_01', '1.0+ubuntu.1'],
    ['1!1.0rc1.post2.dev3+abc.5', '1!1.0rc1.post2.dev3+abc.5']
  ])('%s → %s', (text, normal) => {
    expect(parsePep440(text)?.version).toBe(normal)
  })

  it.each(['', 'sometag', 'release1', 'v1.2.3-beta.67.x', '1.0-', '1.0+', '1.0+a..b', 'p1/v1.0.0'])(
    '%j is not a PEP 440 version',
    text => {
      expect(parsePep440(text)).toBeUndefined()
    }
  )
})

describe('PEP 440 parts', () => {
  it.each<[string, boolean, string, string, string]>([
    ['1.2.3', false, '1', '2', '3'],
    ['1.2', false, '1', '2', '0'],
    ['1', false, '1', '0', '0'],
    ['1.1beta2', true, '1', '1', '0'],
    ['1.0dev4', true, '1', '0', '0'],
    ['1.2post1', false, '1', '2', '0']
  ])('%s: pre-release %s, major %s, minor %s, patch %s', (text, pre, major, minor, patch) => {
    const version = parsePep440(text)
    expect(version).toBeDefined()
    if (!version) return
    expect(isPep440PreRelease(version)).toBe(pre)
    expect([0, 1, 2].map(index => releasePart(version, index as 0 | 1 | 2))).toEqual([
      major,
      minor,
      patch
    ])
  })

  it('keeps the text as given for {{raw}}', () => {
    expect(parsePep440('v1.2.3RC2')?.raw).toBe('v1.2.3RC2')
  })
})
