import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { readConfigText, restoreConfig } from '../docker/config.js'

/**
 * The job's Docker configuration as it was before this run logged into it (an earlier
 * step's login to the same registry included), so the post step can undo exactly this
 * run's login. It may hold credentials, so it lives in a private file of the job (a 0700
 * directory under RUNNER_TEMP, the file 0600), never in the step state, which is not
 * secret. Returns the file.
 */
export async function keepDockerConfig(dockerConfig: string, runnerTemp: string): Promise<string> {
  const text = (await readConfigText(dockerConfig)) ?? null
  const dir = await mkdtemp(join(runnerTemp, 'ocir-push-kept-docker-config-'))
  const file = join(dir, 'config.json')
  await writeFile(file, JSON.stringify({ text }), { mode: 0o600 })
  return file
}

/** After the logout: the registries' entries as they were kept; then the kept file is deleted. */
export async function restoreDockerConfig(
  dockerConfig: string,
  registries: readonly string[],
  file: string
): Promise<void> {
  const { text } = JSON.parse(await readFile(file, 'utf8')) as { text: string | null }
  await restoreConfig(dockerConfig, registries, text ?? undefined)
  await rm(dirname(file), { recursive: true, force: true })
}
