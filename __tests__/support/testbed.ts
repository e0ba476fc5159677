// Typed access to the integration test bed that scripts/test.mjs starts (see CONTRIBUTING.md, The test bed).
import { mkdtempSync } from 'node:fs'
import { join } from 'node:path'

export interface Testbed {
  /** `unix://…/docker.sock` of the bed's own dockerd. */
  dockerHost: string
  /** `127.0.0.1:PORT` of a registry with htpasswd Basic auth. */
  basicRegistry: string
  /** `127.0.0.1:PORT` of a registry that answers with an OCIR-style Bearer challenge. */
  bearerRegistry: string
  /** The Bearer registry's token endpoint (`http://127.0.0.1:PORT/20180419/docker/token`). */
  tokenRealm: string
  /** Accepted by both registries: `namespace/user` like OCIR's. */
  username: string
  /** The auth token: it contains shell characters on purpose. */
  token: string
  /** `http://127.0.0.1:PORT` of a forward proxy (tinyproxy). */
  proxy: string
  /** tinyproxy's log: one `Request` line per request it carried. */
  proxyLog: string
  /** The bed's temporary directory; tests may create their own subdirectories in it. */
  dir: string
  /** `127.0.0.1:PORT` of a Bearer registry whose token realm is the OCI fakes' (signed requests). */
  apiKeyRegistry: string
  /** The API key the OCI fakes accept: its owner's OCIDs, its fingerprint, its PEM file (0600). */
  ociTenancy: string
  ociUser: string
  ociFingerprint: string
  ociKeyFile: string
  /** The namespace the fakes' Object Storage reports. */
  ociNamespace: string
  /** Base URLs of the fakes' Artifacts and Object Storage APIs (for the OCIR_*_ENDPOINT variables). */
  ociArtifacts: string
  ociObjectStorage: string
  /**
   * The OIDC fakes (scripts/oidc-fakes.mjs): the job's ACTIONS_ID_TOKEN_REQUEST_URL and _TOKEN,
   * the identity domain's URL and its confidential application, and the user its session tokens
   * are for. The API-key registry's realm and the OCI fakes accept those session tokens.
   */
  oidcRequestUrl: string
  oidcRequestToken: string
  oidcDomain: string
  oidcClientId: string
  oidcClientSecret: string
  oidcUser: string
  /** `127.0.0.1:PORT` of the Basic registry's twin over HTTPS (certificate for 127.0.0.1 and localhost). */
  tlsRegistry: string
  /** The PEM of the throwaway CA that signed its certificate: trusted by nothing unless given. */
  tlsCa: string
}

const VARIABLES = {
  dockerHost: 'OCIR_TESTBED_DOCKER_HOST',
  basicRegistry: 'OCIR_TESTBED_BASIC_REGISTRY',
  bearerRegistry: 'OCIR_TESTBED_BEARER_REGISTRY',
  tokenRealm: 'OCIR_TESTBED_TOKEN_REALM',
  username: 'OCIR_TESTBED_USERNAME',
  token: 'OCIR_TESTBED_TOKEN',
  proxy: 'OCIR_TESTBED_PROXY',
  proxyLog: 'OCIR_TESTBED_PROXY_LOG',
  dir: 'OCIR_TESTBED_DIR',
  apiKeyRegistry: 'OCIR_TESTBED_API_KEY_REGISTRY',
  ociTenancy: 'OCIR_TESTBED_OCI_TENANCY',
  ociUser: 'OCIR_TESTBED_OCI_USER',
  ociFingerprint: 'OCIR_TESTBED_OCI_FINGERPRINT',
  ociKeyFile: 'OCIR_TESTBED_OCI_KEY_FILE',
  ociNamespace: 'OCIR_TESTBED_OCI_NAMESPACE',
  ociArtifacts: 'OCIR_TESTBED_OCI_ARTIFACTS',
  ociObjectStorage: 'OCIR_TESTBED_OCI_OBJECTSTORAGE',
  oidcRequestUrl: 'OCIR_TESTBED_OIDC_REQUEST_URL',
  oidcRequestToken: 'OCIR_TESTBED_OIDC_REQUEST_TOKEN',
  oidcDomain: 'OCIR_TESTBED_OIDC_DOMAIN',
  oidcClientId: 'OCIR_TESTBED_OIDC_CLIENT_ID',
  oidcClientSecret: 'OCIR_TESTBED_OIDC_CLIENT_SECRET',
  oidcUser: 'OCIR_TESTBED_OIDC_USER',
  tlsRegistry: 'OCIR_TESTBED_TLS_REGISTRY',
  tlsCa: 'OCIR_TESTBED_TLS_CA'
} as const satisfies Record<keyof Testbed, string>

/** True when integration tests are meant to be skipped (OCIR_SKIP_INTEGRATION=1). */
export function integrationSkipped(): boolean {
  return process.env.OCIR_SKIP_INTEGRATION === '1'
}

/** The running bed's addresses and credentials; throws when the bed is not running. */
export function testbed(): Testbed {
  const missing = Object.values(VARIABLES).filter(name => !process.env[name])
  if (missing.length > 0) {
    throw new Error(
      `integration test bed not running: run \`npm test\` (missing ${missing.join(', ')}; ` +
        'or OCIR_SKIP_INTEGRATION=1 to skip integration tests)'
    )
  }
  const entries = Object.entries(VARIABLES).map(([key, name]) => [key, process.env[name] ?? ''])
  return Object.fromEntries(entries) as unknown as Testbed
}

/**
 * `describe` for suites that need the bed. Skipped visibly with OCIR_SKIP_INTEGRATION=1;
 * otherwise a missing bed fails the suite loudly instead of passing it silently.
 */
export function describeIntegration(name: string, fn: () => void): void {
  if (integrationSkipped()) {
    console.warn(`skipped integration suite '${name}' (OCIR_SKIP_INTEGRATION=1)`)
    describe.skip(name, fn)
    return
  }
  testbed()
  describe(name, fn)
}

/**
 * Environment for a `docker` child that talks to the bed's dockerd with a fresh, empty
 * Docker config: ~/.docker and the caller's DOCKER_* settings are never used.
 */
export function dockerEnv(): NodeJS.ProcessEnv {
  const bed = testbed()
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('DOCKER_'))
  )
  return {
    ...env,
    DOCKER_HOST: bed.dockerHost,
    DOCKER_CONFIG: mkdtempSync(join(bed.dir, 'docker-config-'))
  }
}
