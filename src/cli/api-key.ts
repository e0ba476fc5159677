// The API key as the CLI takes it: OCIDs and fingerprint from flags or variables, the private
// key from a file (never a flag value, which process listings show) or a variable, the
// passphrase from a variable only.
import { readFile } from 'node:fs/promises'
import {
  Inputs,
  OciCliVariables,
  PRIVATE_KEY_PASSPHRASE_VARIABLE,
  PRIVATE_KEY_VARIABLE
} from '../common/constants.js'
import { InputError } from '../common/errors.js'
import type { ApiKeySettings } from '../oci/index.js'
import type { Environment, RunRequest } from './args.js'

/**
 * The API key's settings: the private key from --private-key-file, else `OCIR_PRIVATE_KEY`,
 * `OCI_CLI_KEY_CONTENT` (PEM text) or `OCI_CLI_KEY_FILE` (a path; `~/` is the home directory).
 */
export async function readApiKey(
  request: Pick<RunRequest, 'apiKey'>,
  env: Environment,
  home: string
): Promise<ApiKeySettings> {
  const { tenancyOcid, userOcid, fingerprint, privateKeyFile } = request.apiKey
  const variable = (name: string): string => env[name]?.trim() ?? ''
  const content = variable(PRIVATE_KEY_VARIABLE) || variable(OciCliVariables.KeyContent)
  const file = privateKeyFile || (content ? '' : variable(OciCliVariables.KeyFile))
  const privateKeyPem = file ? await readKeyFile(file.replace(/^~(?=\/)/, home)) : content
  const passphrase =
    variable(PRIVATE_KEY_PASSPHRASE_VARIABLE) || variable(OciCliVariables.Passphrase)
  return {
    tenancyOcid,
    userOcid,
    fingerprint,
    privateKeyPem,
    ...(passphrase ? { passphrase } : {})
  }
}

async function readKeyFile(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable'
    throw new InputError(Inputs.PrivateKey, `cannot read the key file ${path} (${code})`, {
      fix: `Give the path of the API signing key's PEM file, readable by this user (as in ~/.oci/config's key_file)`
    })
  }
}

/** The secrets of an API key, as the console masks them: the PEM whole and line by line. */
export function apiKeySecrets(settings: ApiKeySettings): string[] {
  const lines = settings.privateKeyPem
    .split(/\r?\n|\\n/)
    .map(line => line.trim())
    .filter(line => line !== '' && !line.startsWith('-----'))
  return [settings.privateKeyPem, ...lines, settings.passphrase ?? ''].filter(Boolean)
}
