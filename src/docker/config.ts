import {
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  realpath,
  rename,
  rm,
  stat,
  symlink,
  writeFile
} from 'node:fs/promises'
import { join } from 'node:path'
import { isDeepStrictEqual } from 'node:util'
import { DockerError } from '../common/errors.js'

/** The Docker client configuration a run logs into: the file in what `DOCKER_CONFIG` points at. */
const CONFIG_FILE = 'config.json'

/** What config.json holds for one host: `auth` (base64 `user:token`) and whatever else docker keeps. */
export type AuthEntry = { auth?: string } & Record<string, unknown>

interface DockerConfigFile {
  auths?: Record<string, AuthEntry>
  [key: string]: unknown
}

/**
 * Creates a client configuration directory (mode 0700, config.json 0600) under `parent`:
 * empty, or a view of `base` (a copy of its config.json, links to its contexts, builders,
 * plugins and everything else), so Docker run with it keeps the current context and logins.
 */
export async function createDockerConfigDir(parent: string, base?: string): Promise<string> {
  // mkdtemp creates the directory with mode 0700.
  const dir = await mkdtemp(join(parent, 'ocir-push-docker-config-'))
  const entries = base ? await readdir(base).catch(absentAs<string[]>([])) : []
  await Promise.all(
    entries
      .filter(name => name !== CONFIG_FILE)
      .map(name => symlink(join(base!, name), join(dir, name)))
  )
  await writeConfig(dir, base ? await readConfig(base) : { auths: {} })
  return dir
}

/**
 * True when a token may be stored in `dir`'s config.json: only its owner can read it, or it
 * does not exist yet (it is then created 0600).
 */
export async function keepsSecretsPrivate(dir: string): Promise<boolean> {
  const file = await configTarget(join(dir, CONFIG_FILE))
  return stat(file).then(found => (found.mode & 0o077) === 0, absentAs(true))
}

/** config.json as it is, byte for byte; undefined when there is none. */
export async function readConfigText(dir: string): Promise<string | undefined> {
  return readFile(join(dir, CONFIG_FILE), 'utf8').catch(absentAs(undefined))
}

/** Removes the directory, retrying what a busy file system fails for a moment (EBUSY, EPERM, …). */
export async function removeDockerConfigDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true, maxRetries: 3, retryDelay: 100 })
}

/**
 * Stores `username:token` for `host` in config.json the way `docker login` does without a
 * credential helper (and past one: see `storeLoginInFile`), so Docker and later steps use it.
 */
export async function writeAuth(
  dir: string,
  host: string,
  username: string,
  token: string
): Promise<void> {
  const config = await readConfig(dir)
  overrideHelper(config, host)
  const auth = Buffer.from(`${username}:${token}`).toString('base64')
  config.auths = { ...config.auths, [host]: { auth } }
  await writeConfig(dir, config)
}

/**
 * Removes exactly the entry for `host` (and the override of `storeLoginInFile`); other hosts
 * and settings stay. True when a login was there.
 */
export async function removeAuth(dir: string, host: string): Promise<boolean> {
  const config = await readConfig(dir)
  const overridden = dropOverride(config, host)
  const found = !!config.auths && host in config.auths
  if (found) delete config.auths![host]
  if (found || overridden) await writeConfig(dir, config)
  return found
}

/**
 * Makes config.json, not a credential helper, hold `host`'s login, so the token lands only in
 * that 0600 file (and a daemonless login is what Docker reads): an empty `credHelpers` entry
 * makes Docker use the file for that host whatever `credsStore` says. For `docker login`;
 * `writeAuth` does it itself. True when it added one.
 */
export async function storeLoginInFile(dir: string, host: string): Promise<boolean> {
  const config = await readConfig(dir)
  if (!overrideHelper(config, host)) return false
  await writeConfig(dir, config)
  return true
}

/** Undoes `storeLoginInFile` when no login followed: the credential helper applies again. */
export async function dropLoginInFile(dir: string, host: string): Promise<void> {
  const config = await readConfig(dir)
  if (dropOverride(config, host)) await writeConfig(dir, config)
}

function overrideHelper(config: DockerConfigFile, host: string): boolean {
  if (!helperIn(config, host)) return false
  config.credHelpers = { ...(config.credHelpers as Record<string, string>), [host]: '' }
  return true
}

function dropOverride(config: DockerConfigFile, host: string): boolean {
  const helpers = config.credHelpers as Record<string, string> | undefined
  if (helpers?.[host] !== '') return false
  delete helpers[host]
  return true
}

/**
 * After a logout: each host's `auths` and `credHelpers` entries back as `originalText` (the file
 * before the run, undefined when there was none) had them, other changes kept. When nothing
 * else changed since, the original bytes are written back (or the file removed), so a user's
 * config.json ends exactly as it was.
 */
export async function restoreConfig(
  dir: string,
  hosts: readonly string[],
  originalText: string | undefined
): Promise<void> {
  const original = parseConfig(originalText ?? '')
  const config = await readConfig(dir)
  for (const key of ['auths', 'credHelpers']) {
    const entries = { ...(config[key] as Record<string, unknown> | undefined) }
    for (const host of hosts) {
      const before = (original[key] as Record<string, unknown> | undefined)?.[host]
      if (before === undefined) delete entries[host]
      else entries[host] = before
    }
    if (Object.keys(entries).length === 0 && !(key in original)) delete config[key]
    else config[key] = entries
  }
  if (!isDeepStrictEqual(config, original)) return writeConfig(dir, config)
  if (originalText === undefined) return rm(join(dir, CONFIG_FILE), { force: true })
  return writeConfigText(dir, originalText)
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
  return helperIn(await readConfig(dir), host)
}

function helperIn(config: DockerConfigFile, host: string): string | undefined {
  const helpers = config.credHelpers as Record<string, string> | undefined
  // An entry, even an empty one, wins over credsStore: empty means the file.
  const helper = helpers && host in helpers ? helpers[host] : config.credsStore
  return (helper as string | undefined) || undefined
}

async function readConfig(dir: string): Promise<DockerConfigFile> {
  const text = (await readConfigText(dir)) ?? ''
  try {
    return parseConfig(text)
  } catch (error) {
    const file = join(dir, CONFIG_FILE)
    throw new DockerError(`${file} is not a Docker configuration: ${(error as Error).message}`, {
      fix: `Repair ${file} (it must be a JSON object), or remove it: the next login writes a new one`,
      cause: error
    })
  }
}

function parseConfig(text: string): DockerConfigFile {
  return text.trim() === '' ? {} : (JSON.parse(text) as DockerConfigFile)
}

/** For `.catch`: a missing file or directory gives `value`; other errors stay errors. */
function absentAs<T>(value: T): (error: unknown) => T {
  return error => {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return value
    throw error
  }
}

// Write-then-rename: a reader (a concurrent docker command) never sees half a file. A
// config.json that is a link is edited where it points (renaming over the link would leave
// the credential in its target), keeping the target's mode; a new file is created 0600
// because it holds credentials, in a directory created 0700 as Docker creates ~/.docker.
async function writeConfig(dir: string, config: DockerConfigFile): Promise<void> {
  await writeConfigText(dir, `${JSON.stringify(config, null, '\t')}\n`)
}

async function writeConfigText(dir: string, text: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 })
  const file = await configTarget(join(dir, CONFIG_FILE))
  const mode = await stat(file).then(
    found => found.mode & 0o777,
    () => 0o600
  )
  const partial = `${file}.${process.pid}.partial`
  await writeFile(partial, text, { mode })
  await rename(partial, file)
}

/** The file behind `file`'s links; `file` itself while it does not exist. */
function configTarget(file: string): Promise<string> {
  return realpath(file).catch(absentAs(file))
}
