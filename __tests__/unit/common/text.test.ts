import { formatDuration, formatSize, inertLogText, printable } from '../../../src/common/text.js'

describe('printable', () => {
  it('drops every control character but tab and line feed', () => {
    expect(printable('a\u001b[2Jb\u009b31mc\rd\be\u0000f\u007fg\th\ni')).toBe('a[2Jb31mcdefg\th\ni')
  })
})

describe('inertLogText', () => {
  it.each([
    ['::set-output name=tag::evil', '\\::set-output name=tag::evil'],
    ['image app\n::add-mask::x\n  ::error::y', 'image app\n\\::add-mask::x\n  \\::error::y'],
    ['##[set-env name=X;]1', '\\##[set-env name=X;]1'],
    ['tag a::b stays', 'tag a::b stays'],
    ['\u001b::warning::x', '\\::warning::x']
  ])('breaks workflow commands at line starts: %j', (text, shown) => {
    expect(inertLogText(text)).toBe(shown)
  })
})

describe('formatSize', () => {
  it.each([
    [0, '0 B'],
    [1023, '1023 B'],
    [1024, '1.0 KiB'],
    [1536, '1.5 KiB'],
    [256 * 1024 * 1024, '256.0 MiB'],
    [1.25 * 1024 ** 3, '1.25 GiB']
  ])('%d bytes → %s', (bytes, shown) => {
    expect(formatSize(bytes)).toBe(shown)
  })
})

describe('formatDuration', () => {
  it.each([
    [-5, '0.0 s'],
    [400, '0.4 s'],
    [9_949, '9.9 s'],
    [38_400, '38 s'],
    [59_600, '1 min 00 s'],
    [125_000, '2 min 05 s'],
    [3_720_000, '1 h 02 min']
  ])('%d ms → %s', (ms, shown) => {
    expect(formatDuration(ms)).toBe(shown)
  })
})
