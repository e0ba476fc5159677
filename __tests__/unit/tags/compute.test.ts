import { TAG_PATTERN } from '../../../src/common/constants.js'
import { InputError } from '../../../src/common/errors.js'
import type { GitContext } from '../../../src/tags/context.js'
import { computeTags, DEFAULT_TAG_RULES } from '../../../src/tags/index.js'
import { builds, MERGE_SHA, SHA } from './context.js'

function tagsOf(context: GitContext, rules: string[] = [], flavor: string[] = []): string[] {
  return computeTags({ rules, flavor, context }).tags
}

describe('default rules', () => {
  it.each<[string, GitContext, string[]]>([
    ['release tag', builds.tag('v2.3.4'), ['2.3.4', '2.3', '2', 'latest']],
    ['pre-release tag', builds.tag('v2.3.4-rc.1'), ['2.3.4-rc.1']],
    [
      'tag with build metadata',
      builds.tag('v1.0.0+20130313144700'),
      ['1.0.0', '1.0', '1', 'latest']
    ],
    ['tag that is not a version', builds.tag('release-2024'), ['release-2024']],
    ['branch', builds.branch('feature/Login#UI'), ['feature-Login-UI', 'sha-90dd603']],
    ['default branch', builds.branch('master'), ['master', 'sha-90dd603']],
    ['pull request', builds.pullRequest(12), ['pr-12']],
    ['schedule', builds.schedule(), ['nightly', 'master', 'sha-90dd603']],
    ['detached HEAD', builds.detached(), ['sha-90dd603']]
  ])('%s', (_name, context, expected) => {
    expect(tagsOf(context)).toEqual(expected)
  })

  it('are the rules an empty tags input stands for', () => {
    const context = builds.tag('v2.3.4')
    expect(tagsOf(context, DEFAULT_TAG_RULES)).toEqual(tagsOf(context))
  })
})

describe('rule types', () => {
  it.each<[string, string[], GitContext, string[]]>([
    [
      'semver patterns',
      ['type=semver,pattern=v{{major}}', 'type=semver,pattern={{raw}}'],
      builds.tag('v1.2.3'),
      ['v1', 'v1.2.3', 'latest']
    ],
    [
      'semver value=',
      ['type=semver,pattern={{major}}.{{minor}},value=3.4.5'],
      builds.branch('dev'),
      ['3.4', 'latest']
    ],
    [
      'semver {{raw}} of a pre-release',
      ['type=semver,pattern={{raw}}'],
      builds.tag('v2.0.8-beta.67'),
      ['v2.0.8-beta.67']
    ],
    ['semver of a branch build', ['type=semver,pattern={{version}}'], builds.branch('dev'), []],
    [
      'ref event=branch gives nothing on a pull request, {{branch}} is its head branch',
      ['type=ref,event=branch', 'type=raw,value={{branch}}'],
      builds.pullRequest(3, 'fix/typo'),
      ['fix-typo']
    ],
    [
      'ref event=pr with a prefix',
      ['type=ref,event=pr,prefix=review-'],
      builds.pullRequest(3),
      ['review-3']
    ],
    ['ref event=tag', ['type=ref,event=tag'], builds.tag('v1.2.3'), ['v1.2.3', 'latest']],
    ['sha long', ['type=sha,format=long'], builds.branch('dev'), [`sha-${SHA}`]],
    [
      'sha on a pull request is the head commit',
      ['type=sha'],
      builds.pullRequest(3),
      ['sha-90dd603']
    ],
    [
      'sha commit=merge',
      ['type=sha,commit=merge,prefix='],
      builds.pullRequest(3),
      [MERGE_SHA.slice(0, 7)]
    ],
    [
      'raw with expressions',
      ['type=raw,value=mytag-{{branch}}-{{sha}}'],
      builds.branch('dev'),
      ['mytag-dev-90dd603']
    ],
    ['bare value is raw', ['foo', 'type=raw,bar'], builds.branch('dev'), ['foo', 'bar']],
    [
      '{{branch}} on a pull request',
      ['type=raw,value={{branch}}-{{base_ref}}'],
      builds.pullRequest(3, 'topic'),
      ['topic-master']
    ],
    ['edge on the default branch', ['type=edge'], builds.branch('master'), ['edge']],
    ['edge on another branch', ['type=edge'], builds.branch('dev'), []],
    ['edge branch=', ['type=edge,branch=dev'], builds.branch('dev'), ['edge']],
    [
      'schedule date pattern',
      ["type=schedule,pattern={{date 'YYYYMMDD-HHmm'}}"],
      builds.schedule(),
      ['20200110-0030']
    ],
    [
      'schedule date in a time zone',
      ["type=schedule,pattern={{date 'YYYYMMDD' tz='America/New_York'}}"],
      builds.schedule(),
      ['20200109']
    ],
    [
      'match group',
      ['type=match,pattern=v(\\d+\\.\\d+),group=1'],
      builds.tag('v2.0.8-beta.67'),
      ['2.0']
    ],
    [
      'match /regex/flags',
      ['type=match,pattern=/^V(\\d+)$/i,group=1'],
      builds.tag('v7'),
      ['7', 'latest']
    ],
    ['enable=false', ['type=raw,value=a,enable=false', 'b'], builds.branch('dev'), ['b']],
    [
      'enable={{is_default_branch}}',
      ['type=raw,value=stable,enable={{is_default_branch}}'],
      builds.branch('master'),
      ['stable']
    ],
    [
      'enable={{is_not_default_branch}}',
      ['type=raw,value=stable,enable={{is_not_default_branch}}'],
      builds.branch('master'),
      []
    ],
    [
      'priority orders tags',
      ['type=raw,value=low,priority=1', 'type=raw,value=high,priority=2000'],
      builds.branch('dev'),
      ['high', 'low']
    ],
    [
      'duplicates are dropped',
      ['type=raw,value=same', 'type=raw,value=same', 'type=ref,event=branch'],
      builds.branch('same'),
      ['same']
    ],
    [
      'quoted field keeps its comma',
      ['type=raw,"value={{date \'YYYY,MM\'}}"'],
      builds.branch('dev'),
      ['2020-01']
    ]
  ])('%s', (_name, rules, context, expected) => {
    expect(tagsOf(context, rules)).toEqual(expected)
  })
})

describe('flavor', () => {
  const release = builds.tag('v1.2.3')
  it.each<[string, string[], GitContext, string[]]>([
    ['latest=false', ['latest=false'], release, ['1.2.3', '1.2', '1']],
    [
      'latest=true on a branch',
      ['latest=true'],
      builds.branch('dev'),
      ['dev', 'sha-90dd603', 'latest']
    ],
    [
      'prefix and suffix',
      ['prefix=app-', 'suffix=-slim'],
      release,
      ['app-1.2.3-slim', 'app-1.2-slim', 'app-1-slim', 'latest']
    ],
    [
      'onlatest=true',
      ['suffix=-slim,onlatest=true'],
      release,
      ['1.2.3-slim', '1.2-slim', '1-slim', 'latest-slim']
    ],
    ['rule prefix wins over flavor', ['prefix=app-'], builds.pullRequest(4), ['pr-4']]
  ])('%s', (_name, flavor, context, expected) => {
    expect(tagsOf(context, [], flavor)).toEqual(expected)
  })
})

describe('notices', () => {
  it('says what changed in a branch name and why', () => {
    const { notices } = computeTags({
      rules: [],
      flavor: [],
      context: builds.branch('feature/Login#UI')
    })
    expect(notices).toEqual([
      {
        title: 'Tag changed to be valid',
        message:
          "'feature/Login#UI' is pushed as 'feature-Login-UI': characters other than letters, digits, _ . - became -."
      }
    ])
  })

  it('reports a rule that gives nothing', () => {
    const { tags, notices } = computeTags({
      rules: ['type=match,pattern=^x(\\d)$,group=1'],
      flavor: [],
      context: builds.tag('v1')
    })
    expect(tags).toEqual([])
    expect(notices.map(notice => notice.title)).toEqual(['Pattern did not match', 'No tags'])
  })
})

describe('errors name the input, the line and what is accepted', () => {
  it.each<[string, string[], string[], RegExp, RegExp]>([
    [
      'unknown type',
      ['type=sha', 'type=calver,pattern={{version}}'],
      [],
      /^line 2 'type=calver,pattern=\{\{version\}\}': unknown type 'calver'$/,
      /type=schedule, type=semver, .*type=sha/
    ],
    [
      'unknown attribute',
      ['type=sha,length=12'],
      [],
      /line 1 .*unknown attribute 'length' for type=sha/,
      /type=sha accepts: type, enable, prefix, suffix, priority, format, commit/
    ],
    [
      'missing pattern',
      ['type=semver'],
      [],
      /type=semver needs 'pattern='/,
      /pattern=\{\{version\}\}/
    ],
    [
      'bad event',
      ['type=ref,event=push'],
      [],
      /event='push' is not accepted/,
      /event=branch or event=tag or event=pr/
    ],
    [
      'bad priority',
      ['type=raw,value=a,priority=high'],
      [],
      /priority='high' is not a number/,
      /priority=500/
    ],
    ['unclosed quote', ['type=raw,"value=a'], [], /quoted field is not closed/, /""/],
    [
      'unknown expression',
      ['type=raw,value={{commit}}'],
      [],
      /unknown expression \{\{commit\}\}; accepted: \{\{branch\}\}/,
      /docs\/tags\.md/
    ],
    [
      'bad enable',
      ['type=raw,value=a,enable=yes'],
      [],
      /enable='yes' must be true, false/,
      /docs\/tags\.md/
    ],
    [
      'unknown time zone',
      ["type=raw,value={{date 'YYYY' tz='Mars/Olympus'}}"],
      [],
      /unknown time zone tz='Mars\/Olympus'/,
      /docs\/tags\.md/
    ],
    [
      'unknown flavor',
      [],
      ['latest=auto', 'labelprefix=x'],
      /^line 2 'labelprefix=x': unknown flavor 'labelprefix=x'$/,
      /latest=auto\|true\|false/
    ],
    ['bad latest', [], ['latest=yes'], /latest='yes' is not accepted/, /latest=auto/]
  ])('%s', (_name, rules, flavor, message, fix) => {
    let thrown: unknown
    try {
      computeTags({ rules, flavor, context: builds.tag('v1.2.3') })
    } catch (error) {
      thrown = error
    }
    expect(thrown).toBeInstanceOf(InputError)
    const error = thrown as InputError
    expect(error.input).toBe(rules.length > 0 ? 'tags' : 'flavor')
    expect(error.message).toMatch(message)
    expect(error.fix).toMatch(fix)
  })
})

describe('every tag is valid', () => {
  it('even from hostile rule values', () => {
    const tags = tagsOf(builds.branch('..//..'), [
      'type=raw,value=-{{branch}}-',
      'type=raw,value=' + 'x'.repeat(300)
    ])
    expect(tags.every(tag => TAG_PATTERN.test(tag))).toBe(true)
  })
})
