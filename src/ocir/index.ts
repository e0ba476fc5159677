/** OCIR's rules as pure functions: regions and hosts, names, and what failures mean. */
export type { Region } from './region.js'
export type { RegistryScheme, RegistryTarget } from './regions.js'
export {
  REGIONS,
  closestRegions,
  describeRegion,
  findRegion,
  ocirTokenRealm,
  regionOfHost,
  registryHost,
  registryHostOf,
  registryScheme,
  resolveRegion,
  resolveRegistries,
  validateRegistryHost
} from './regions.js'
export type { UsernameParts } from './names.js'
export {
  IDCS_DOMAIN,
  qualifyUsername,
  qualifyUsernameWithNotices,
  validateAuthToken,
  validateNamespace
} from './names.js'
export {
  defaultRepository,
  validateRepositories,
  validateRepository,
  validateTag
} from './repository.js'
export type { Notice } from './values.js'
export { listedValues, trimSetting } from './values.js'
export type { DockerFailure, FailureContext, NetworkFacts, RegistryFailure } from './diagnose.js'
export {
  diagnoseDockerFailure,
  diagnoseNetworkError,
  diagnoseRegistryFailure,
  redactSecrets
} from './diagnose.js'
