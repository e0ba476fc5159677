import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { readAuthEntry, restoreAuthEntry } from '../docker/config.js'
import type { AuthEntry } from '../docker/config.js'

/**
 * An earlier step's login to the registry in the job's DOCKER_CONFIG, which this run's login
 * replaces and its logout would delete. It is kept in a private file of the job (a 0700
 * directory under RUNNER_TEMP, the file 0600), never in the step state, which is not secret;
 * the post step puts it back and deletes the file. Returns the file, or undefined when there
 * was no such entry. A login held by a credential helper is not in the file and cannot be kept.
 */
export async function keepPreviousLogin(
  dockerConfig: string,
  registry: string,
  runnerTemp: string
): Promise<string | undefined> {
  const entry = await readAuthEntry(dockerConfig, registry)
  if (!entry) return undefined
  const dir = await mkdtemp(join(runnerTemp, 'ocir-push-previous-login-'))
  const file = join(dir, 'auth.json')
  await writeFile(file, JSON.stringify(entry), { mode: 0o600 })
  return file
}

/** Puts the kept entry back as `registry`'s login and deletes the file that held it. */
export async function restorePreviousLogin(
  dockerConfig: string,
  registry: string,
  file: string
): Promise<void> {
  const entry = JSON.parse(await readFile(file, 'utf8')) as AuthEntry
  await restoreAuthEntry(dockerConfig, registry, entry)
  await rm(dirname(file), { recursive: true, force: true })
}
