// The settings and build most plan tests start from: a tag push v2.3.4 of app:1.0 to
// Frankfurt with an auth token.
import type { Settings } from '../../src/engine/settings.js'
import type { GitContext } from '../../src/tags/context.js'

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
