import { inertLogText, printable } from '../../../src/common/text.js'

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
