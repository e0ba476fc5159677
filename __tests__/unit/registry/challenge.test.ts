import { parseWwwAuthenticate } from '../../../src/registry/transport/challenge.js'

describe('parseWwwAuthenticate', () => {
  it.each([
    [
      'OCIR Bearer challenge',
      'Bearer realm="https://fra.ocir.io/20180419/docker/token",service="fra.ocir.io"',
      [
        {
          scheme: 'bearer',
          params: { realm: 'https://fra.ocir.io/20180419/docker/token', service: 'fra.ocir.io' }
        }
      ]
    ],
    [
      'scope with commas inside quotes',
      'Bearer realm="https://r/token",service="r",scope="repository:ns/app:pull,push"',
      [
        {
          scheme: 'bearer',
          params: { realm: 'https://r/token', service: 'r', scope: 'repository:ns/app:pull,push' }
        }
      ]
    ],
    [
      'Basic',
      'Basic realm="Registry Realm"',
      [{ scheme: 'basic', params: { realm: 'Registry Realm' } }]
    ],
    [
      'two challenges, odd spacing and case',
      'BASIC  realm = "a" ,  bearer Realm="b", Service=svc',
      [
        { scheme: 'basic', params: { realm: 'a' } },
        { scheme: 'bearer', params: { realm: 'b', service: 'svc' } }
      ]
    ],
    [
      'escaped quotes and backslashes',
      'Bearer realm="x\\"y\\\\z",error="insufficient_scope"',
      [{ scheme: 'bearer', params: { realm: 'x"y\\z', error: 'insufficient_scope' } }]
    ],
    ['scheme without parameters', 'Negotiate', [{ scheme: 'negotiate', params: {} }]],
    ['empty header', '', []]
  ])('%s', (_name, header, expected) => {
    expect(parseWwwAuthenticate(header)).toEqual(expected)
  })

  it('never loops on malformed input', () => {
    for (const header of ['=', '"', 'Bearer realm="unterminated', ',,,', 'Bearer =x', 'a b c=']) {
      expect(Array.isArray(parseWwwAuthenticate(header))).toBe(true)
    }
  })
})
