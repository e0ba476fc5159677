import { InputError } from '../../../src/common/errors.js'
import { computeTags } from '../../../src/tags/index.js'
import { builds } from './context.js'

const REPOSITORY = 'fra.ocir.io/ns/app'

function tagsOf(rules: string[], flavor: string[] = []): string[] {
  return computeTags({ rules, flavor, context: builds.tag('v1.2.3'), repositories: [REPOSITORY] })
    .tags
}

describe('tags written out', () => {
  it.each<[string, string[], string[]]>([
    ['one literal per line, in order', ['v1', 'latest'], ['v1', 'latest']],
    ['a comma list', ['v1,latest , stable'], ['v1', 'latest', 'stable']],
    ['a space list (push-to-registry)', ['v1 latest\tstable'], ['v1', 'latest', 'stable']],
    [
      "full references (metadata-action's tags output)",
      [`${REPOSITORY}:1.2.3`, `${REPOSITORY}:1.2`],
      ['1.2.3', '1.2']
    ],
    ['a registry host in another case', ['FRA.ocir.io/ns/app:1'], ['1']],
    ['literals and references mixed', [`beta ${REPOSITORY}:1.2.3,beta`], ['beta', '1.2.3']],
    [
      'literals before the tags of rules, which keep their priority order',
      ['type=sha', 'edge-build', 'type=semver,pattern={{version}}'],
      ['edge-build', '1.2.3', 'sha-90dd603', 'latest']
    ],
    ['no default rules when only literals are given', ['v1'], ['v1']],
    ["a line with '=' and no type= is a raw rule", ['value=stable'], ['stable']],
    ['blank lines and comments are skipped', ['', '# release', 'v1'], ['v1']]
  ])('%s', (_name, rules, expected) => {
    expect(tagsOf(rules)).toEqual(expected)
  })

  it('get latest from flavor latest=true', () => {
    expect(tagsOf(['v1'], ['latest=true'])).toEqual(['v1', 'latest'])
  })

  it('are not changed by the flavor prefix or suffix', () => {
    expect(tagsOf(['v1', 'type=raw,value=x'], ['prefix=p-', 'latest=false'])).toEqual(['v1', 'p-x'])
  })

  it.each<[string, string, RegExp, RegExp]>([
    [
      'a literal that is not a valid tag',
      'v1/beta',
      /^line 1: 'v1\/beta' is not a valid tag: only letters, digits, '_', '.', '-', at most 128, not starting with '.' or '-'$/,
      /Write the tag alone, or the full reference fra\.ocir\.io\/ns\/app:<tag>/
    ],
    ['a leading dot', '.v1', /'\.v1' is not a valid tag/, /those characters only/],
    ['too long', 'x'.repeat(129), /is not a valid tag: .*at most 128/, /those characters/],
    [
      'an expression outside a rule',
      '{{branch}}',
      /not a valid tag/,
      /type=raw,value=\{\{branch\}\}/
    ],
    [
      'another repository',
      'fra.ocir.io/ns/other:1',
      /^line 1: 'fra\.ocir\.io\/ns\/other:1' names fra\.ocir\.io\/ns\/other, not the repository this step pushes to \(fra\.ocir\.io\/ns\/app\)$/,
      /in a step of its own/
    ],
    [
      'another registry',
      'ghcr.io/ns/app:1',
      /names ghcr\.io\/ns\/app, not the repository this step pushes to \(fra\.ocir\.io\/ns\/app\)/,
      /ghcr\.io\/ns\/app/
    ],
    [
      'a reference with an invalid tag',
      `${REPOSITORY}:-x`,
      /has tag '-x', which is not a valid tag/,
      /tag/
    ],
    [
      'a reference pinned by digest',
      `${REPOSITORY}@sha256:${'a'.repeat(64)}`,
      /pinned by digest/,
      /:<tag>/
    ]
  ])('refuses %s, naming it', (_name, line, message, fix) => {
    let thrown: unknown
    try {
      tagsOf([line])
    } catch (error) {
      thrown = error
    }
    expect(thrown).toBeInstanceOf(InputError)
    const error = thrown as InputError
    expect(error.input).toBe('tags')
    expect(error.message).toMatch(message)
    expect(error.fix).toMatch(fix)
  })
})

describe('outside a git checkout (no commit)', () => {
  const outside = { ...builds.detached(), provider: 'git', sha: '' }

  it('uses the rules that apply and names those that cannot', () => {
    const computed = computeTags({ rules: ['type=sha', 'v1'], flavor: [], context: outside })
    expect(computed.tags).toEqual(['v1'])
    expect(computed.notices).toContainEqual({
      title: 'Not a git checkout',
      message:
        'No commit, branch or tag is known, so these rules cannot apply: type=sha. The other tags are used.'
    })
  })

  it('gives no tag with the default rules', () => {
    expect(computeTags({ rules: [], flavor: [], context: outside }).tags).toEqual([])
  })
})
