import { Inputs, envNameFor } from '../common/constants.js'
import { InputError } from '../common/errors.js'
import type { Environment } from './args.js'

const TOKEN_VARIABLE = envNameFor(Inputs.AuthToken)

const HOW_TO_GET_ONE =
  'an auth token (OCI console: Profile → Auth tokens → Generate token; the console password does not work)'

/**
 * The auth token from standard input (`--auth-token-stdin`, read to the end) or from
 * OCIR_AUTH_TOKEN. One trailing newline is dropped: `echo` and here-strings add it.
 */
export async function readAuthToken(
  fromStdin: boolean,
  env: Environment,
  stdin: AsyncIterable<string | Uint8Array>
): Promise<string> {
  const raw = fromStdin ? await readAll(stdin) : (env[TOKEN_VARIABLE] ?? '')
  const token = raw.replace(/\r?\n$/, '')
  if (token !== '') return token
  throw fromStdin
    ? new InputError(Inputs.AuthToken, 'standard input held no auth token', {
        fix: `Pipe ${HOW_TO_GET_ONE} into the command: printf '%s' "$TOKEN" | ocir-push … --auth-token-stdin`
      })
    : new InputError(Inputs.AuthToken, 'no auth token was given', {
        fix: `Set ${TOKEN_VARIABLE} to ${HOW_TO_GET_ONE}, or pipe it to --auth-token-stdin; or preview with 'ocir-push plan', which needs none`
      })
}

async function readAll(stdin: AsyncIterable<string | Uint8Array>): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of stdin) chunks.push(Buffer.from(chunk))
  return Buffer.concat(chunks).toString('utf8')
}
