import { DockerCommandError } from '../docker/cli.js'
import { credentialHelperFor, removeAuth } from '../docker/config.js'
import type { EngineDeps } from './run.js'

/** Removes the credentials for `registry` from the client configuration. */
export async function logout(
  registry: string,
  deps: EngineDeps,
  signal?: AbortSignal
): Promise<void> {
  // Without a credential helper the login is an entry in config.json: removing it is all
  // `docker logout` would do, without starting Docker.
  // A login that failed stored nothing: then there is nothing to report either.
  if (!(await credentialHelperFor(deps.dockerConfigDir, registry))) {
    if (await removeAuth(deps.dockerConfigDir, registry)) {
      deps.logger.info(`Removed the credentials for ${registry}`)
    }
    return
  }
  try {
    await deps.docker.logout(registry, signal)
  } catch (error) {
    if (!(error instanceof DockerCommandError && error.reason === 'not-installed')) {
      if (!(error instanceof DockerCommandError)) throw error
      // OCIR's wording is loaded for a failure only: the post step starts without it.
      const { diagnosis } = await import(/* webpackMode: "eager" */ './diagnosis.js')
      throw diagnosis(error, { host: registry })
    }
    // Without Docker no helper can have stored the login: the file is all there is.
    await removeAuth(deps.dockerConfigDir, registry)
  }
  deps.logger.info(`Removed the credentials for ${registry}`)
}
