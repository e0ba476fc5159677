import { mkdtemp, readFile, realpath, rename, rm, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

/**
 * The Docker client configuration a run logs into (what `DOCKER_CONFIG` points at). A run
 * gets its own directory so that a user's `~/.docker` is never read or changed.
 */
const CONFIG_FILE = 'config.json'

/** What config.json holds for one host: `auth` (base64 `user:token`) and whatever else docker keeps. */
export type AuthEntry = { auth?: string } & Record<string, unknown>

interface DockerConfigFile {
  auths?: Record<string, AuthEntry>
  [key: string]: unknown
}

/** Creates an empty client configuration directory (mode 0700, config.json 0600) under `parent`. */
export async function createDockerConfigDir(parent: string): Promise<string> {
  // mkdtemp creates the directory with mode 0700.
  const dir = await mkdtemp(join(parent, 'ocir-push-docker-config-'))
  await writeConfig(dir, { auths: {} })
  return dir
}

/** Removes the directory, retrying what a busy file system fails for a moment (EBUSY, EPERM, …). */
export async function removeDockerConfigDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true, maxRetries: 3, retryDelay: 100 })
}

/**
 * Stores `username:token` for `host` the way `docker login` does without a credential helper,
 * for sources that are pushed without a Docker engine (later steps can still `docker pull`).
 */
export async function writeAuth(
  dir: string,
  host: string,
  username: string,
  token: string
): Promise<void> {
  const config = await readConfig(dir)
  const auth = Buffer.from(`${username}:${token}`).toString('base64')
  config.auths = { ...config.auths, [host]: { auth } }
  await writeConfig(dir, config)
}

/** Removes exactly the entry for `host`; other hosts and settings stay. True when one was there. */
export async function removeAuth(dir: string, host: string): Promise<boolean> {
  const config = await readConfig(dir)
  if (!config.auths || !(host in config.auths)) return false
  delete config.auths[host]
  await writeConfig(dir, config)
  return true
}

/** The `auths` entry for `host`, as stored; undefined when there is none. */
export async function readAuthEntry(dir: string, host: string): Promise<AuthEntry | undefined> {
  return (await readConfig(dir)).auths?.[host]
}

/** Puts `entry` back as `host`'s entry; other hosts and settings stay. */
export async function restoreAuthEntry(dir: string, host: string, entry: AuthEntry): Promise<void> {
  const config = await readConfig(dir)
  config.auths = { ...config.auths, [host]: entry }
  await writeConfig(dir, config)
}

/**
 * The credential helper that holds `host`'s login (`credHelpers`, else `credsStore`), if any:
 * only `docker logout` reaches it. Without one, the login is the `auths` entry in the file.
 */
export async function credentialHelperFor(dir: string, host: string): Promise<string | undefined> {
  const config = await readConfig(dir)
  const helpers = config.credHelpers as Record<string, string> | undefined
  return helpers?.[host] || (config.credsStore as string | undefined) || undefined
}

async function readConfig(dir: string): Promise<DockerConfigFile> {
  let text: string
  try {
    text = await readFile(join(dir, CONFIG_FILE), 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {}
    throw error
  }
  return text.trim() === '' ? {} : (JSON.parse(text) as DockerConfigFile)
}

// Write-then-rename: a reader (a concurrent docker command) never sees half a file. A
// config.json that is a link is edited where it points (renaming over the link would leave
// the credential in its target), keeping the target's mode; a new file is created 0600
// because it holds credentials.
async function writeConfig(dir: string, config: DockerConfigFile): Promise<void> {
  const file = await configTarget(join(dir, CONFIG_FILE))
  const mode = await stat(file).then(
    found => found.mode & 0o777,
    () => 0o600
  )
  const partial = `${file}.${process.pid}.partial`
  await writeFile(partial, `${JSON.stringify(config, null, '\t')}\n`, { mode })
  await rename(partial, file)
}

/** The file behind `file`'s links; `file` itself while it does not exist. */
async function configTarget(file: string): Promise<string> {
  try {
    return await realpath(file)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return file
    throw error
  }
}
