import { Inputs } from '../common/constants.js'
import type { InputName } from '../common/constants.js'
import { InputError } from '../common/errors.js'
import type { Settings } from '../engine/settings.js'
import type { Credentials } from '../registry/credentials.js'
import type { ActionEnvironment } from './environment.js'

/** The action's inputs: the settings both faces share, the auth token kept apart, and the action's own. */
export interface ActionInputs {
  settings: Settings
  token: string
  /** Write the job summary. */
  summary: boolean
}

/** The one place the action reads its inputs. */
export function readInputs(environment: ActionEnvironment): ActionInputs {
  // Masked first, so that no later message (a bad value of another input) can show it. Read
  // untrimmed: the engine trims it with a notice, and the trimmed value is what travels.
  const token = environment.getInput(Inputs.AuthToken, { trimWhitespace: false })
  if (token.trim()) environment.setSecret(token.trim())
  const input = (name: InputName): string => environment.getInput(name)
  const readLines = (name: InputName): string[] => lines(input(name))
  const readBoolean = (name: InputName, fallback: boolean): boolean =>
    boolean(name, input(name), fallback)
  const settings: Settings = {
    region: input(Inputs.Region),
    registry: input(Inputs.Registry),
    namespace: input(Inputs.Namespace),
    username: input(Inputs.Username),
    identityDomain: input(Inputs.IdentityDomain),
    image: input(Inputs.Image),
    repository: input(Inputs.Repository),
    tags: readLines(Inputs.Tags),
    flavor: readLines(Inputs.Flavor),
    labels: readLines(Inputs.Labels),
    annotations: readLines(Inputs.Annotations),
    pushByDigest: readBoolean(Inputs.PushByDigest, false),
    mergeDigests: readLines(Inputs.MergeDigests),
    push: readBoolean(Inputs.Push, true),
    logout: readBoolean(Inputs.Logout, true)
  }
  return { settings, token, summary: readBoolean(Inputs.Summary, true) }
}

/**
 * Masks the credentials as Basic headers and Docker's config.json carry them: base64 of
 * `username:token` (the token itself is masked when it is read).
 */
export function maskEncodedCredentials(
  environment: ActionEnvironment,
  credentials: Credentials
): void {
  const token = credentials.token.trim()
  if (!token) return
  environment.setSecret(Buffer.from(`${credentials.username}:${token}`).toString('base64'))
}

/** One entry per line, as docker/metadata-action reads `tags`, `flavor`, `labels`; `#` starts a comment line. */
function lines(value: string): string[] {
  return value
    .split(/\r?\n/)
    .map(line => line.trim())
    .filter(line => line !== '' && !line.startsWith('#'))
}

/** `true` or `false` only: a typo must not silently mean either. */
function boolean(input: InputName, value: string, fallback: boolean): boolean {
  if (value === '') return fallback
  const lower = value.toLowerCase()
  if (lower === 'true' || lower === 'false') return lower === 'true'
  throw new InputError(input, `must be 'true' or 'false'; got '${value}'`, {
    fix: `Write ${input}: ${fallback} or ${input}: ${!fallback}`
  })
}
