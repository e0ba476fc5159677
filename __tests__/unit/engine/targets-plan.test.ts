// Several targets in one plan: every listed host × every listed repository, in the order given.
import { InputError, InputErrors } from '../../../src/common/errors.js'
import { createPlan, describeTargets, planHosts } from '../../../src/engine/plan.js'
import type { Settings } from '../../../src/engine/settings.js'
import { SETTINGS, TAG_PUSH } from '../../support/plan-settings.js'

function plan(overrides: Partial<Settings>) {
  return createPlan({ ...SETTINGS, ...overrides }, TAG_PUSH)
}

function problemsOf(fn: () => unknown): { input: string; message: string }[] {
  try {
    fn()
  } catch (error) {
    const problems = error instanceof InputErrors ? error.problems : [error]
    return problems.map(problem => {
      if (!(problem instanceof InputError)) throw problem
      return { input: problem.input, message: problem.message }
    })
  }
  throw new Error('expected the plan to be refused')
}

const NS = 'axaxnpcrorw5'

describe('a plan with several targets', () => {
  it('pushes to every listed region, first one first, under the same tags', () => {
    const planned = plan({ region: 'fra\nams', tags: ['type=raw,value=1', 'type=raw,value=2'] })
    expect(planned.targets.map(target => target.repositoryReference)).toEqual([
      `fra.ocir.io/${NS}/app`,
      `ams.ocir.io/${NS}/app`
    ])
    expect(planned.targets.map(target => target.references)).toEqual([
      [`fra.ocir.io/${NS}/app:1`, `fra.ocir.io/${NS}/app:2`],
      [`ams.ocir.io/${NS}/app:1`, `ams.ocir.io/${NS}/app:2`]
    ])
    // The plan's own fields are the first target's.
    expect(planned).toMatchObject(planned.targets[0]!)
    expect(planned.tags).toEqual(['1', '2'])
    expect(planHosts(planned)).toEqual(['fra.ocir.io', 'ams.ocir.io'])
  })

  it('takes every host × every repository, hosts first, as written with commas or lines', () => {
    const planned = plan({ region: 'fra, ams', repository: 'team/app\nmirror/app' })
    expect(planned.targets.map(target => target.repositoryReference)).toEqual([
      `fra.ocir.io/${NS}/team/app`,
      `fra.ocir.io/${NS}/mirror/app`,
      `ams.ocir.io/${NS}/team/app`,
      `ams.ocir.io/${NS}/mirror/app`
    ])
    expect(planHosts(planned)).toEqual(['fra.ocir.io', 'ams.ocir.io'])
    expect(describeTargets(planned)).toBe(
      planned.targets.map(target => target.repositoryReference).join(', ')
    )
  })

  it('gives each registry its own scheme and input', () => {
    const planned = plan({ region: '', registry: 'https://127.0.0.1:5443\n127.0.0.1:5000' })
    expect(
      planned.targets.map(({ registry, registryScheme, hostInput }) => ({
        registry,
        registryScheme,
        hostInput
      }))
    ).toEqual([
      { registry: '127.0.0.1:5443', registryScheme: 'https', hostInput: 'registry' },
      { registry: '127.0.0.1:5000', registryScheme: undefined, hostInput: 'registry' }
    ])
  })

  it('gives a signed run each target the region whose OCI APIs it calls', () => {
    const planned = plan({
      region: 'fra, ams',
      auth: 'api-key',
      compartment: 'ocid1.compartment.oc1..aaaaaaaaexample'
    })
    expect(planned.targets.map(target => target.ociRegion?.identifier)).toEqual([
      'eu-frankfurt-1',
      'eu-amsterdam-1'
    ])
    expect(planned.targets.every(target => target.ensureRepository !== undefined)).toBe(true)
  })

  it('logs in to every host when there is no image', () => {
    const planned = plan({ region: 'fra,ams', image: '' })
    expect(planned.mode).toBe('login')
    expect(planHosts(planned)).toEqual(['fra.ocir.io', 'ams.ocir.io'])
    expect(describeTargets(planned)).toBe('fra.ocir.io, ams.ocir.io')
    expect(planned.targets.map(target => target.repositoryReference)).toEqual(['', ''])
  })

  it('accepts full references of any of its targets in tags, each tag once', () => {
    const planned = plan({
      region: 'fra, ams',
      tags: [`fra.ocir.io/${NS}/app:1.0`, `ams.ocir.io/${NS}/app:1.0`, `ams.ocir.io/${NS}/app:1`]
    })
    expect(planned.tags).toEqual(['1.0', '1'])
  })

  it('refuses a full reference in tags that names none of its targets, listing them', () => {
    expect(
      problemsOf(() => plan({ region: 'fra, ams', tags: [`iad.ocir.io/${NS}/app:1`] }))
    ).toEqual([
      {
        input: 'tags',
        message: `line 1: 'iad.ocir.io/${NS}/app:1' names iad.ocir.io/${NS}/app, not a repository this step pushes to (fra.ocir.io/${NS}/app, ams.ocir.io/${NS}/app)`
      }
    ])
  })

  it.each<[Partial<Settings>, string, string]>([
    [{ region: 'fra, ams, FRA' }, 'region', 'lists fra.ocir.io twice'],
    [
      { region: '', registry: '127.0.0.1:5000,127.0.0.1:5000' },
      'registry',
      'lists 127.0.0.1:5000 twice'
    ],
    [{ repository: 'app, app' }, 'repository', 'lists app twice'],
    [{ region: 'fra, frx' }, 'region', "'frx' is not a known OCI region"],
    [
      { repository: 'app, Bad' },
      'repository',
      expect.stringContaining("'Bad'") as unknown as string
    ]
  ])('refuses %j', (settings, input, message) => {
    expect(problemsOf(() => plan(settings))).toEqual([{ input, message }])
  })
})
