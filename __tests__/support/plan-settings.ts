// The settings and build most plan tests start from: a tag push v2.3.4 of app:1.0 to
// Frankfurt with an auth token; and hand-written plans made whole.
import type { Settings } from '../../src/engine/settings.js'
import type { GitContext } from '../../src/tags/context.js'
import type { Plan, PlanTarget } from '../../src/engine/types.js'

export const SETTINGS: Settings = {
  region: 'fra',
  registry: '',
  namespace: 'axaxnpcrorw5',
  username: 'jdoe@acme.com',
  identityDomain: '',
  image: 'app:1.0',
  repository: '',
  tags: [],
  flavor: [],
  labels: [],
  annotations: [],
  pushByDigest: false,
  mergeDigests: [],
  push: true,
  logout: true,
  auth: '',
  compartment: '',
  repositoryVisibility: '',
  immutable: false
}

export const TAG_PUSH: GitContext = {
  provider: 'github',
  event: 'tag',
  eventName: 'push',
  ref: 'refs/tags/v2.3.4',
  tag: 'v2.3.4',
  sha: '0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c',
  date: '2024-03-26T10:20:30.000Z'
}

/** A plan written out by hand, without the `targets` a computed plan has. */
type Untargeted<P> = P extends Plan ? Omit<P, 'targets'> : never

/** A hand-written plan of one target: its `targets` are its own target fields. */
export function oneTarget<P extends Untargeted<Plan>>(plan: P): P & { targets: PlanTarget[] } {
  const target: PlanTarget = {
    registry: plan.registry,
    ...(plan.registryScheme ? { registryScheme: plan.registryScheme } : {}),
    ...(plan.hostInput ? { hostInput: plan.hostInput } : {}),
    repository: plan.repository,
    repositoryPath: plan.repositoryPath,
    repositoryReference: plan.repositoryReference,
    references: plan.references,
    ...(plan.ociRegion ? { ociRegion: plan.ociRegion } : {}),
    ...(plan.ensureRepository ? { ensureRepository: plan.ensureRepository } : {})
  }
  return { ...plan, targets: [target] }
}
