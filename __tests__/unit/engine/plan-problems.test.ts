// A plan with several wrong settings reports each of them, once; a setting whose check needs
// another that is wrong waits for it, so one mistake is never reported twice.
import { InputError, InputErrors, failuresOf } from '../../../src/common/errors.js'
import { createPlan } from '../../../src/engine/plan.js'
import type { Settings } from '../../../src/engine/settings.js'
import { SETTINGS, TAG_PUSH } from '../../support/plan-settings.js'

/** The inputs the plan's failure names, in order; [] when it plans. */
function inputsNamed(overrides: Partial<Settings>): string[] {
  try {
    createPlan({ ...SETTINGS, ...overrides }, TAG_PUSH)
    return []
  } catch (error) {
    return failuresOf(error).map(failure => {
      expect(failure).toBeInstanceOf(InputError)
      return (failure as InputError).input
    })
  }
}

describe('a plan with several wrong settings', () => {
  it.each<[string, Partial<Settings>, string[]]>([
    ['region and namespace', { region: 'mars', namespace: 'Demo' }, ['region', 'namespace']],
    [
      'registry, image and tags',
      {
        registry: 'docker://fra.ocir.io',
        image: 'https://example.com/app',
        tags: ['type=nonsense']
      },
      ['registry', 'image', 'tags']
    ],
    [
      'tags, flavor, labels and annotations',
      {
        tags: ['type=nonsense'],
        flavor: ['latest=maybe'],
        labels: ['a={{nonsense}}'],
        annotations: ['b={{nonsense}}']
      },
      ['tags', 'flavor', 'labels', 'annotations']
    ],
    ['auth and repository', { auth: 'apikey', repository: 'Project/App' }, ['auth', 'repository']],
    [
      'username, repository and flavor',
      { username: '', repository: '/app', flavor: ['colour=red'] },
      ['username', 'repository', 'flavor']
    ],
    [
      'compartment without an API key, and merge-digests',
      {
        compartment: 'ocid1.compartment.oc1..x',
        image: '',
        repository: 'app',
        mergeDigests: ['sha256:abc']
      },
      ['compartment', 'merge-digests']
    ],
    [
      'an API key run with a wrong compartment and visibility',
      {
        auth: 'api-key',
        compartment: 'acme',
        repositoryVisibility: 'internal',
        repository: 'app'
      },
      ['compartment', 'repository-visibility']
    ]
  ])('names each of them: %s', (_name, overrides, inputs) => {
    expect(inputsNamed(overrides)).toEqual(inputs)
  })

  it('throws them as InputErrors, each with its own message and fix', () => {
    let error: unknown
    try {
      createPlan({ ...SETTINGS, region: 'mars', namespace: 'Demo' }, TAG_PUSH)
    } catch (caught) {
      error = caught
    }
    expect(error).toBeInstanceOf(InputErrors)
    const [region, namespace] = (error as InputErrors).problems
    expect(region).toMatchObject({ input: 'region', fix: expect.stringMatching(/marseille/) })
    expect(namespace).toMatchObject({ input: 'namespace', fix: expect.stringMatching(/namespace/) })
  })

  it.each<[string, Partial<Settings>, string[]]>([
    // The username is qualified with the namespace: with that wrong, it cannot be told.
    [
      'a username checked against a wrong namespace',
      { namespace: 'Demo', username: 'demo/demo/jdoe' },
      ['namespace']
    ],
    // An unknown auth may have meant an API key, which takes no username and may look the
    // namespace up.
    ['a username with an unknown auth', { auth: 'apikey', username: '', namespace: '' }, ['auth']],
    // The default repository is the image's name: a wrong image gives none to check.
    ['a repository derived from a wrong image', { image: 'oci:' }, ['image']],
    // Full references are compared with the repository only when it is known.
    [
      'a full reference with a wrong region',
      { region: 'mars', tags: ['fra.ocir.io/axaxnpcrorw5/app:v1'] },
      ['region']
    ],
    [
      'a full reference with a wrong repository',
      { repository: 'Project/App', tags: ['fra.ocir.io/axaxnpcrorw5/project/app:v1'] },
      ['repository']
    ],
    // push-by-digest without an image, with merge-digests, is one confusion: merge-digests says it.
    [
      'push-by-digest with merge-digests and no image',
      { pushByDigest: true, image: '', mergeDigests: [`sha256:${'a'.repeat(64)}`] },
      ['merge-digests']
    ]
  ])('does not report what depends on a wrong setting: %s', (_name, overrides, inputs) => {
    expect(inputsNamed(overrides)).toEqual(inputs)
  })

  it('still compares full references with a known repository', () => {
    expect(inputsNamed({ namespace: 'Demo', tags: ['ghcr.io/acme/app:1'] })).toEqual(['namespace'])
    expect(inputsNamed({ repository: 'app', tags: ['ghcr.io/acme/app:1'] })).toEqual(['tags'])
  })
})
