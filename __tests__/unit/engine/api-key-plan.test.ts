// Plans for auth: api-key (and auth: oidc, which signs the same way): no username to qualify,
// the namespace shown as a placeholder in a dry run, the repository to ensure and the region
// OCI's APIs are called in.
import { InputError } from '../../../src/common/errors.js'
import { createPlan, NAMESPACE_PLACEHOLDER } from '../../../src/engine/plan.js'
import type { Settings } from '../../../src/engine/settings.js'
import { isSigned, usesApiKey } from '../../../src/engine/api-key.js'
import { usesOidc } from '../../../src/engine/oidc.js'
import type { GitContext } from '../../../src/tags/context.js'
import { SETTINGS as BASE_SETTINGS } from '../../support/plan-settings.js'

const SETTINGS: Settings = {
  ...BASE_SETTINGS,
  username: '',
  repository: 'project/app',
  tags: ['type=raw,value=1'],
  auth: 'api-key'
}
const GIT: GitContext = {
  provider: 'none',
  event: 'other',
  eventName: '',
  ref: '',
  sha: '',
  date: ''
}
const COMPARTMENT = 'ocid1.compartment.oc1..aaaaaaaaexample'

function inputErrorOf(settings: Partial<Settings>): InputError {
  try {
    createPlan({ ...SETTINGS, ...settings }, GIT)
  } catch (error) {
    if (error instanceof InputError) return error
    throw error
  }
  throw new Error('expected an InputError')
}

describe('createPlan with auth: api-key', () => {
  it('signs in as BEARER_TOKEN: no username is needed or qualified', () => {
    const plan = createPlan(SETTINGS, GIT)
    expect(plan).toMatchObject({
      username: 'BEARER_TOKEN',
      repositoryPath: 'axaxnpcrorw5/project/app',
      ociRegion: { identifier: 'eu-frankfurt-1', realmDomain: 'oraclecloud.com' }
    })
    expect(plan).not.toHaveProperty('ensureRepository')
  })

  it('takes the region OCI is called in from the registry host when region is empty', () => {
    const plan = createPlan(
      { ...SETTINGS, region: '', registry: 'ocir.us-ashburn-1.oci.oraclecloud.com' },
      GIT
    )
    expect(plan.ociRegion?.identifier).toBe('us-ashburn-1')
    expect(
      createPlan({ ...SETTINGS, region: '', registry: '127.0.0.1:5000' }, GIT).ociRegion
    ).toBeUndefined()
  })

  it('shows <namespace> in a dry run without one, and requires one when it pushes', () => {
    const plan = createPlan({ ...SETTINGS, namespace: '', push: false }, GIT)
    expect(plan.repositoryReference).toBe(`fra.ocir.io/${NAMESPACE_PLACEHOLDER}/project/app`)
    expect(inputErrorOf({ namespace: '' }).input).toBe('namespace')
  })

  it('ensures the repository in compartment, private and mutable unless asked otherwise', () => {
    expect(createPlan({ ...SETTINGS, compartment: COMPARTMENT }, GIT).ensureRepository).toEqual({
      compartmentId: COMPARTMENT,
      isPublic: false,
      isImmutable: false
    })
    expect(
      createPlan(
        { ...SETTINGS, compartment: COMPARTMENT, repositoryVisibility: 'Public', immutable: true },
        GIT
      ).ensureRepository
    ).toEqual({ compartmentId: COMPARTMENT, isPublic: true, isImmutable: true })
  })

  it('ensures nothing when it only logs in', () => {
    const plan = createPlan(
      { ...SETTINGS, compartment: COMPARTMENT, image: '', repository: '' },
      GIT
    )
    expect(plan.mode).toBe('login')
    expect(plan).not.toHaveProperty('ensureRepository')
  })

  it.each([
    [{ compartment: 'my-compartment' }, 'compartment', /not a compartment OCID/],
    [{ compartment: 'ocid1.user.oc1..aaaa' }, 'compartment', /not a compartment OCID/],
    [
      { compartment: COMPARTMENT, repositoryVisibility: 'internal' },
      'repository-visibility',
      /must be 'private' or 'public'; got 'internal'/
    ],
    [{ auth: 'password' }, 'auth', /'password' is not a way to sign in/],
    [
      { auth: 'auth-token', compartment: COMPARTMENT, username: 'jdoe' },
      'compartment',
      /needs auth: api-key/
    ]
  ] as const)('refuses %j naming %s', (settings, input, message) => {
    const error = inputErrorOf(settings)
    expect(error.input).toBe(input)
    expect(error.message).toMatch(message)
    expect(error.fix).toBeTruthy()
  })
})

describe('createPlan with auth: oidc', () => {
  const OIDC: Settings = { ...SETTINGS, auth: 'oidc' }

  it('plans as an API key does: BEARER_TOKEN, the OCI region, <namespace> in a dry run', () => {
    expect(createPlan(OIDC, GIT)).toMatchObject({
      username: 'BEARER_TOKEN',
      ociRegion: { identifier: 'eu-frankfurt-1' }
    })
    expect(createPlan({ ...OIDC, namespace: '', push: false }, GIT).repositoryReference).toBe(
      `fra.ocir.io/${NAMESPACE_PLACEHOLDER}/project/app`
    )
  })

  it('ensures the repository in compartment', () => {
    expect(createPlan({ ...OIDC, compartment: COMPARTMENT }, GIT).ensureRepository).toEqual({
      compartmentId: COMPARTMENT,
      isPublic: false,
      isImmutable: false
    })
  })

  it('is named among the ways to sign in when auth is unknown', () => {
    expect(inputErrorOf({ auth: 'oidc-token' }).fix).toContain('auth: oidc (oidc-domain-url')
  })
})

describe('which credentials', () => {
  it('uses the API key only when auth says api-key', () => {
    expect(usesApiKey({ auth: 'api-key' })).toBe(true)
    expect(usesApiKey({ auth: ' api-key\n' })).toBe(true)
    expect(usesApiKey({ auth: '' })).toBe(false)
    expect(usesApiKey({ auth: 'auth-token' })).toBe(false)
  })

  it('uses the OIDC token only when auth says oidc', () => {
    expect(usesOidc({ auth: 'oidc' })).toBe(true)
    expect(usesOidc({ auth: ' oidc\n' })).toBe(true)
    expect(usesOidc({ auth: 'api-key' })).toBe(false)
    expect(usesOidc({ auth: '' })).toBe(false)
  })

  it('tells an auth token from signed credentials (an API key, an OIDC session)', () => {
    expect(isSigned({ username: 'ns/u', token: 't' })).toBe(false)
    expect(isSigned({ kind: 'api-key', principal: {} as never })).toBe(true)
    expect(isSigned({ kind: 'oidc', principal: {} as never })).toBe(true)
  })
})
