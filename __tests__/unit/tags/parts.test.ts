import { formatDate } from '../../../src/tags/date-format.js'
import { splitFields } from '../../../src/tags/fields.js'
import { compareSemver, parseSemver } from '../../../src/tags/semver.js'

describe('formatDate (moment tokens)', () => {
  const date = new Date('2021-01-03T04:05:06.789Z')
  it.each([
    ['YYYYMMDD', 'UTC', '20210103'],
    ['YY-M-D H:m:s', 'UTC', '21-1-3 4:5:6'],
    ['DDDD DDD Do Q', 'UTC', '003 3 3rd 1'],
    ['dddd ddd dd d E', 'UTC', 'Sunday Sun Su 0 7'],
    ['GGGG-[W]WW W', 'UTC', '2020-W53 53'],
    ['MMMM MMM hh h A a kk', 'UTC', 'January Jan 04 4 AM am 04'],
    ['SSS SS S X x', 'UTC', `789 78 7 1609646706 ${date.getTime()}`],
    ['YYYYMMDD-HHmm Z ZZ', 'Asia/Kolkata', '20210103-0935 +05:30 +0530'],
    ['YYYYMMDD HH Z', 'America/Los_Angeles', '20210102 20 -08:00'],
    ['[YYYY is] YYYY', 'UTC', 'YYYY is 2021']
  ])('%s in %s', (format, zone, expected) => {
    expect(formatDate(date, format, zone)).toBe(expected)
  })

  it('refuses an unknown zone', () => {
    expect(() => formatDate(date, 'YYYY', 'Nowhere/Land')).toThrow(RangeError)
  })
})

describe('splitFields (metadata-action CSV)', () => {
  it.each<[string, string[] | undefined]>([
    ['type=raw,value=a', ['type=raw', 'value=a']],
    [' type=raw , value=a ', ['type=raw', 'value=a']],
    ['type=raw,"value=a,b"', ['type=raw', 'value=a,b']],
    ['"value=say ""hi"""', ['value=say "hi"']],
    ['type=raw,', ['type=raw', '']],
    ['type=raw,"value=a', undefined],
    ['"value=a"b', undefined]
  ])('%s', (line, expected) => {
    expect(splitFields(line)).toEqual(expected)
  })
})

describe('semantic versions', () => {
  it.each<[string, string | undefined]>([
    ['v1.2.3', '1.2.3'],
    ['1.2.3-rc.1+build.5', '1.2.3-rc.1'],
    [' v1.2.3 ', '1.2.3'],
    ['1.2', undefined],
    ['01.2.3', undefined],
    ['1.2.3-01', undefined],
    ['release-1.2.3', undefined]
  ])('%s → %s', (text, version) => {
    expect(parseSemver(text)?.version).toBe(version)
  })

  it('orders by precedence', () => {
    const ordered = [
      '1.0.0-alpha',
      '1.0.0-alpha.1',
      '1.0.0-alpha.beta',
      '1.0.0-beta.2',
      '1.0.0-beta.11',
      '1.0.0-rc.1',
      '1.0.0',
      '1.2.0',
      '1.10.0',
      '2.0.0'
    ]
    const parsed = ordered.map(text => parseSemver(text)!)
    const shuffled = [...parsed].reverse().sort(compareSemver)
    expect(shuffled.map(version => version.version)).toEqual(ordered)
  })
})
