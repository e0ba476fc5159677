import { describePlan, renderSummary } from '../../../src/action/summary.js'
import { toOutputs } from '../../../src/outputs.js'
import type { Plan } from '../../../src/types.js'

const DIGEST = `sha256:${'ab'.repeat(32)}`
const PLAN: Plan = {
  registry: 'fra.ocir.io',
  namespace: 'axaxnpcrorw5',
  username: 'axaxnpcrorw5/jdoe@acme.com',
  repository: 'project/app',
  repositoryReference: 'fra.ocir.io/axaxnpcrorw5/project/app',
  tags: ['2.3.4', '2.3'],
  references: [
    'fra.ocir.io/axaxnpcrorw5/project/app:2.3.4',
    'fra.ocir.io/axaxnpcrorw5/project/app:2.3'
  ],
  source: { kind: 'docker', reference: 'app:1.0' },
  push: true,
  notices: []
}
const RESULT = { digest: DIGEST, pushed: PLAN.references, platforms: ['linux/amd64'] }

describe('toOutputs', () => {
  it('gives every output after a push, the pull reference first of the tags', () => {
    expect(toOutputs(PLAN, RESULT)).toEqual({
      registry: 'fra.ocir.io',
      username: 'axaxnpcrorw5/jdoe@acme.com',
      repository: 'fra.ocir.io/axaxnpcrorw5/project/app',
      tags: PLAN.references,
      'pull-reference': 'fra.ocir.io/axaxnpcrorw5/project/app:2.3.4',
      digest: DIGEST,
      'pinned-reference': `fra.ocir.io/axaxnpcrorw5/project/app@${DIGEST}`
    })
  })

  it('leaves digest and pinned-reference empty without a push', () => {
    expect(toOutputs(PLAN)).toMatchObject({ digest: '', 'pinned-reference': '' })
    expect(toOutputs(PLAN)['pull-reference']).toBe(PLAN.references[0])
  })
})

describe('describePlan', () => {
  it('lists host, username, image, repository and tags', () => {
    expect(describePlan(PLAN)).toEqual([
      'Registry:   fra.ocir.io',
      'Username:   axaxnpcrorw5/jdoe@acme.com',
      'Image:      app:1.0 (local Docker engine)',
      'Repository: fra.ocir.io/axaxnpcrorw5/project/app',
      'Tags:       2.3.4, 2.3'
    ])
  })

  it.each([
    [{ kind: 'oci', path: './layout', tag: '1.0' } as const, './layout tag 1.0 (OCI image layout)'],
    [{ kind: 'docker-archive', path: 'app.tar' } as const, 'app.tar (docker save tarball)']
  ])('names a %j source', (source, text) => {
    expect(describePlan({ ...PLAN, source })).toContain(`Image:      ${text}`)
  })

  it('says when it only logs in', () => {
    expect(describePlan({ ...PLAN, source: undefined })).toContain('Image:      none (log in only)')
  })
})

describe('renderSummary', () => {
  it('after a push: references, digest, pinned reference and the pull command', () => {
    const markdown = renderSummary(PLAN, toOutputs(PLAN, RESULT))
    expect(markdown).toContain('### Pushed to OCIR')
    expect(markdown).toContain(
      '| Tags | `fra.ocir.io/axaxnpcrorw5/project/app:2.3.4`<br>`fra.ocir.io/axaxnpcrorw5/project/app:2.3` |'
    )
    expect(markdown).toContain(`| Digest | \`${DIGEST}\` |`)
    expect(markdown).toContain(
      `| Pinned reference | \`fra.ocir.io/axaxnpcrorw5/project/app@${DIGEST}\` |`
    )
    expect(markdown).toContain('```sh\ndocker pull fra.ocir.io/axaxnpcrorw5/project/app:2.3.4\n```')
  })

  it('for push: false, the plan without digest or pull command', () => {
    const markdown = renderSummary({ ...PLAN, push: false }, toOutputs(PLAN))
    expect(markdown).toContain('### OCIR push planned (push: false, nothing was sent)')
    expect(markdown).toContain('| Repository |')
    expect(markdown).not.toContain('Digest')
    expect(markdown).not.toContain('docker pull')
  })

  it('for a login only, the registry and username', () => {
    const plan = {
      ...PLAN,
      source: undefined,
      repository: '',
      repositoryReference: '',
      tags: [],
      references: []
    }
    const markdown = renderSummary(plan, toOutputs(plan))
    expect(markdown).toContain('### Logged in to OCIR')
    expect(markdown).toContain('| Username | `axaxnpcrorw5/jdoe@acme.com` |')
    expect(markdown).not.toContain('Repository')
  })

  it('escapes a | in a cell', () => {
    const plan = { ...PLAN, username: 'ns/odd|name' }
    expect(renderSummary(plan, toOutputs(plan))).toContain('| Username | `ns/odd\\|name` |')
  })
})
