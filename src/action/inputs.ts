import { AuthMethods, Inputs, OciCliVariables } from '../common/constants.js'
import type { InputName } from '../common/constants.js'
import { InputChecks } from '../common/checks.js'
import { InputError } from '../common/errors.js'
import type { Settings } from '../engine/settings.js'
import type { ApiKeySettings } from '../oci/index.js'
import type { Credentials } from '../registry/credentials.js'
import type { ActionEnvironment } from './environment.js'
import type { OidcSignIn } from '../engine/oidc.js'
import { readOidcInputs } from './oidc.js'

/** The action's inputs: the settings both faces share, the secrets kept apart, and the action's own. */
export interface ActionInputs {
  settings: Settings
  token: string
  /** The API key's settings (`auth: api-key`), its private key and passphrase masked. */
  apiKey: ApiKeySettings
  /** `auth: oidc`: the identity domain's application (its secret masked), the token's source. */
  oidc: OidcSignIn
  /** Write the job summary. */
  summary: boolean
}

/** The API-key inputs and the OCI CLI variable each falls back to when it is empty. */
const OCI_CLI_FALLBACKS = [
  [Inputs.TenancyOcid, OciCliVariables.Tenancy],
  [Inputs.UserOcid, OciCliVariables.User],
  [Inputs.Fingerprint, OciCliVariables.Fingerprint],
  [Inputs.PrivateKey, OciCliVariables.KeyContent],
  [Inputs.PrivateKeyPassphrase, OciCliVariables.Passphrase],
  [Inputs.Region, OciCliVariables.Region]
] as const

/**
 * The one place the action reads its inputs. A value that cannot be read is added to
 * `problems`, where the main step keeps it to report with the plan's, and stands at its
 * default for the checks after it; without `problems`, it is thrown here.
 */
export function readInputs(environment: ActionEnvironment, problems?: InputChecks): ActionInputs {
  const checks = problems ?? new InputChecks()
  // Masked first, so that no later message (a bad value of another input) can show it. Read
  // untrimmed: the engine trims it with a notice, and the trimmed value is what travels.
  const token = environment.getInput(Inputs.AuthToken, { trimWhitespace: false })
  if (token.trim()) environment.setSecret(token.trim())
  const oidc = readOidcInputs(environment)
  const apiKey = environment.getInput(Inputs.Auth).trim() === AuthMethods.ApiKey
  const fallbacks = new Map<InputName, string>(OCI_CLI_FALLBACKS)
  const input = (name: InputName): string => {
    const value = environment.getInput(name)
    const variable = apiKey ? fallbacks.get(name) : undefined
    return value || (variable ? (environment.env[variable]?.trim() ?? '') : '')
  }
  const privateKey = input(Inputs.PrivateKey)
  const passphrase = input(Inputs.PrivateKeyPassphrase)
  maskPrivateKey(environment, privateKey)
  if (passphrase) environment.setSecret(passphrase)
  const readLines = (name: InputName): string[] => lines(input(name))
  const readBoolean = (name: InputName, fallback: boolean): boolean =>
    checks.check(() => boolean(name, input(name), fallback)) ?? fallback
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
    logout: readBoolean(Inputs.Logout, true),
    auth: input(Inputs.Auth),
    compartment: input(Inputs.Compartment),
    repositoryVisibility: input(Inputs.RepositoryVisibility),
    immutable: readBoolean(Inputs.Immutable, false)
  }
  const summary = readBoolean(Inputs.Summary, true)
  if (!problems) checks.throwIfAny()
  return {
    settings,
    token,
    apiKey: {
      tenancyOcid: input(Inputs.TenancyOcid),
      userOcid: input(Inputs.UserOcid),
      fingerprint: input(Inputs.Fingerprint),
      privateKeyPem: privateKey,
      ...(passphrase ? { passphrase } : {})
    },
    oidc,
    summary
  }
}

/**
 * Masks the PEM text whole and line by line: the job log masks a registered secret only where
 * it appears whole, and a key is often echoed a line at a time.
 */
function maskPrivateKey(environment: ActionEnvironment, pem: string): void {
  if (!pem) return
  environment.setSecret(pem)
  for (const line of pem.split(/\r?\n|\\n/)) {
    const body = line.trim()
    if (body && !body.startsWith('-----')) environment.setSecret(body)
  }
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
