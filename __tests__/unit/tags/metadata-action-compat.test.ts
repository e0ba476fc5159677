import { computeTags } from '../../../src/tags/index.js'
import type { GitContext } from '../../../src/tags/context.js'
import { builds } from './context.js'

/**
 * The tag examples of docker/metadata-action's README give the same tags here. Cases
 * taken (README sections): `type=semver` table (9 rows), `type=match` table (rows 1–4),
 * `type=ref` table (5 rows), `type=schedule` table (2 rows), "Global expressions"
 * (`{{branch}}`, `{{tag}}`, `{{sha}}`, and the two combined examples), the bake-file
 * example (refs/tags/v1.2.3 → 1.2.3, 1.2, sha-90dd603, latest), "Major version zero",
 * `type=sha` (short and long), `type=raw` (three spellings), the `type=pep440` table
 * (12 rows), `latest=auto` on `type=ref,event=tag` and `type=match`. Their own test suite
 * is in metadata-action-suite.test.ts.
 */
function only(rule: string, context: GitContext): string[] {
  return computeTags({ rules: [rule], flavor: ['latest=false'], context }).tags
}

describe('docker/metadata-action README examples', () => {
  it.each([
    ['v1.2.3', '{{raw}}', 'v1.2.3'],
    ['v1.2.3', '{{version}}', '1.2.3'],
    ['v1.2.3', '{{major}}.{{minor}}', '1.2'],
    ['v1.2.3', 'v{{major}}', 'v1'],
    ['v1.2.3', '{{minor}}', '2'],
    ['v1.2.3', '{{patch}}', '3'],
    ['v2.0.8-beta.67', '{{raw}}', 'v2.0.8-beta.67'],
    ['v2.0.8-beta.67', '{{version}}', '2.0.8-beta.67'],
    ['v2.0.8-beta.67', '{{major}}.{{minor}}', '2.0.8-beta.67']
  ])('type=semver: tag %s, pattern %s → %s', (tag, pattern, expected) => {
    expect(only(`type=semver,pattern=${pattern}`, builds.tag(tag))).toEqual([expected])
  })

  it.each([
    ['v1.2.3', '\\d.\\d.\\d', '0', '1.2.3'],
    ['v2.0.8-beta.67', 'v(.*)', '1', '2.0.8-beta.67'],
    ['v2.0.8-beta.67', 'v(\\d.\\d)', '1', '2.0'],
    ['20200110-RC2', '\\d+', '0', '20200110'],
    ['p1/v1.2.3', 'p1/v(\\d.\\d.\\d)', '1', '1.2.3']
  ])('type=match: tag %s, pattern %s, group %s → %s', (tag, pattern, group, expected) => {
    expect(only(`type=match,pattern=${pattern},group=${group}`, builds.tag(tag))).toEqual([
      expected
    ])
  })

  it.each([
    ['1.2.3', '{{raw}}', '', '1.2.3'],
    ['1.2.3', '{{version}}', '', '1.2.3'],
    ['v1.2.3', '{{version}}', '', '1.2.3'],
    ['1.2.3', '{{major}}.{{minor}}', '', '1.2'],
    ['1.2.3', 'v{{major}}', '', 'v1'],
    ['v1.2.3rc2', '{{raw}}', '', 'v1.2.3rc2'],
    ['1.2.3rc2', '{{version}}', '', '1.2.3rc2'],
    ['p1/v1.2.3', '{{version}}', 'v(\\d.\\d.\\d)$', '1.2.3'],
    ['1.2.3rc2', '{{major}}.{{minor}}', '', '1.2.3rc2'],
    ['1.2.3post1', '{{major}}.{{minor}}', '', '1.2.3.post1'],
    ['1.2.3beta2', '{{major}}.{{minor}}', '', '1.2.3b2'],
    ['1.0dev4', '{{major}}.{{minor}}', '', '1.0.dev4']
  ])('type=pep440: tag %s, pattern %s, match %s → %s', (tag, pattern, match, expected) => {
    const rule = `type=pep440,pattern=${pattern}${match ? `,"match=${match}"` : ''}`
    expect(only(rule, builds.tag(tag))).toEqual([expected])
  })

  it.each([
    ['type=ref,event=tag', 'v1.2.3', ['v1.2.3', 'latest']],
    ['type=match,pattern=\\d.\\d.\\d', 'v1.2.3', ['1.2.3', 'latest']],
    ['type=pep440,pattern={{version}}', '1.2.3', ['1.2.3', 'latest']]
  ])('latest=auto: %s on %s → %j', (rule, tag, expected) => {
    expect(computeTags({ rules: [rule], flavor: [], context: builds.tag(tag) }).tags).toEqual(
      expected
    )
  })

  it.each<[string, GitContext, string]>([
    ['pr', builds.pullRequest(2), 'pr-2'],
    ['branch', builds.branch('master'), 'master'],
    ['branch', builds.branch('my/branch'), 'my-branch'],
    ['tag', builds.tag('v1.2.3'), 'v1.2.3'],
    ['tag', builds.tag('v2.0.8-beta.67'), 'v2.0.8-beta.67']
  ])('type=ref,event=%s → %s', (event, context, expected) => {
    expect(only(`type=ref,event=${event}`, context)).toEqual([expected])
  })

  it.each([
    ['type=schedule', 'nightly'],
    ['type=schedule,pattern=nightly', 'nightly'],
    ["type=schedule,pattern={{date 'YYYYMMDD'}}", '20210326']
  ])('%s → %s', (rule, expected) => {
    expect(only(rule, builds.schedule('2021-03-26T05:00:00.000Z'))).toEqual([expected])
  })

  it.each<[string, GitContext, string]>([
    ['type=raw,value={{branch}}', builds.branch('master'), 'master'],
    ['type=raw,value={{tag}}', builds.tag('v1.2.3'), 'v1.2.3'],
    ['type=raw,value={{sha}}', builds.branch('master'), '90dd603'],
    ['type=sha,prefix={{branch}}-', builds.branch('master'), 'master-90dd603'],
    ['type=raw,value=mytag-{{branch}}-{{sha}}', builds.branch('master'), 'mytag-master-90dd603'],
    ['type=sha', builds.branch('master'), 'sha-90dd603'],
    [
      'type=sha,format=long',
      builds.branch('master'),
      'sha-90dd6032fac8bda1b6c4436a2e65de27961ed071'
    ],
    ['type=raw,value=foo', builds.branch('master'), 'foo'],
    ['type=raw,foo', builds.branch('master'), 'foo'],
    ['foo', builds.branch('master'), 'foo']
  ])('%s → %s', (rule, context, expected) => {
    expect(only(rule, context)).toEqual([expected])
  })

  it('bake-file example: refs/tags/v1.2.3', () => {
    const rules = [
      'type=schedule',
      'type=ref,event=branch',
      'type=ref,event=pr',
      'type=semver,pattern={{version}}',
      'type=semver,pattern={{major}}.{{minor}}',
      'type=sha'
    ]
    expect(computeTags({ rules, flavor: [], context: builds.tag('v1.2.3') }).tags).toEqual([
      '1.2.3',
      '1.2',
      'sha-90dd603',
      'latest'
    ])
  })

  it('major version zero: refs/tags/v0.1.2', () => {
    const rules = ['type=semver,pattern={{version}}', 'type=semver,pattern={{major}}.{{minor}}']
    expect(computeTags({ rules, flavor: [], context: builds.tag('v0.1.2') }).tags).toEqual([
      '0.1.2',
      '0.1',
      'latest'
    ])
  })
})
