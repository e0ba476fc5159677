import { parseArgs } from 'node:util'
import { AuthMethods, Inputs, OciCliVariables, envNameFor } from '../common/constants.js'
import type { InputName } from '../common/constants.js'
import { PROVIDER_NAMES } from '../git/index.js'
import type { Settings } from '../engine/settings.js'
import { closest } from './closest.js'
import { COMMANDS, FLAGS, SECRET_FLAGS, TOKEN_FLAGS, flagsFor, inputLabel } from './flags.js'
import type { Command, FlagSpec } from './flags.js'
import { UsageChecks, UsageError } from './usage-error.js'

export type Environment = Readonly<Record<string, string | undefined>>

/** A command to run, as the command line and the `OCIR_*` environment describe it. */
export interface RunRequest {
  command: Command
  settings: Settings
  json: boolean
  verbose: boolean
  quiet: boolean
  /** Forced CI provider; undefined means detect it. */
  provider?: string
  /** Where `login`/`logout` keep the credential; undefined means the default (~/.docker). */
  dockerConfig?: string
  authTokenStdin: boolean
  /** API key (`--auth api-key`): the OCIDs and fingerprint; the key is read by `readApiKey`. */
  apiKey: { tenancyOcid: string; userOcid: string; fingerprint: string; privateKeyFile: string }
  /** OIDC (`--auth oidc`): the secret and the token are read by `readOidc`. */
  oidc: { domainUrl: string; clientId: string; audience: string }
}

export type Invocation =
  { kind: 'run'; request: RunRequest } | { kind: 'help'; command?: Command } | { kind: 'version' }

type Values = Map<string, string[] | true>

const TOKEN_VARIABLE = envNameFor(Inputs.AuthToken)
const REPEATABLE = FLAGS.filter(flag => flag.multiple)
  .map(flag => `--${flag.name}`)
  .join(', ')

/**
 * Reads argv (without node and script) and the environment; throws `UsageError`, or
 * `UsageErrors` when several flags are wrong. Each flag is checked on its own, except that a
 * token given as a flag stops the reading at once (what follows it may be the token, which no
 * message may quote), and so does an unknown command (it decides which flags apply).
 */
export function parseCommandLine(argv: readonly string[], env: Environment): Invocation {
  refuseTokenFlags(argv)
  // Only the tokens are used: the checks and messages below are the CLI's own.
  const { tokens } = parseArgs({
    args: [...argv],
    options: Object.fromEntries(
      FLAGS.map(flag => [
        flag.name,
        { type: flag.type, ...(flag.short ? { short: flag.short } : {}) }
      ])
    ),
    strict: false,
    allowPositionals: true,
    tokens: true
  })

  const positionals = tokens.filter(token => token.kind === 'positional')
  const command = commandFrom(positionals[0]?.value)

  const present = new Set(tokens.flatMap(token => (token.kind === 'option' ? [token.name] : [])))
  if (present.has('help')) return { kind: 'help', command: positionals[0] ? command : undefined }
  if (present.has('version')) return { kind: 'version' }

  const problems = new UsageChecks()
  const values: Values = new Map()
  for (const token of tokens) {
    if (token.kind !== 'option') continue
    problems.check(() => {
      const flag = knownFlag(token.name, token.rawName, command)
      readValue(values, flag, token.rawName, token.value, token.inlineValue ?? false)
    })
  }
  // After a flag that is wrong, a stray argument is most likely its value: not a problem of its own.
  const extra = problems.found.length === 0 ? positionals[1] : undefined
  if (extra) {
    problems.add(
      new UsageError(
        `unexpected argument ${describeArgument(extra.value, extra.index)}`,
        `'ocir-push ${command} --help' shows the flags; values go after their flag (--image app)`
      )
    )
  }
  const request = requestFrom(command, values, env, problems)
  problems.throwIfAny()
  return { kind: 'run', request }
}

function refuseTokenFlags(argv: readonly string[]): void {
  for (const arg of argv) {
    if (arg === '--') return
    const name = arg.split('=', 1)[0].toLowerCase()
    const flag = TOKEN_FLAGS.find(token =>
      token.startsWith('--') ? name === token : /^-[a-z]/.test(name) && name.startsWith(token)
    )
    if (flag) {
      throw new UsageError(
        `${flag} is refused: a token on the command line shows in process listings, shell history and CI logs`,
        `set ${TOKEN_VARIABLE} in the environment (a masked CI secret), or pipe the token to standard input: ` +
          `printf '%s' "$${TOKEN_VARIABLE}" | ocir-push login --auth-token-stdin …`
      )
    }
    const secret = SECRET_FLAGS[name]
    if (secret) {
      throw new UsageError(
        `${name} is refused: a secret on the command line shows in process listings, shell history and CI logs`,
        `set ${inputLabel(secret)} in the environment (a masked CI secret)`
      )
    }
  }
}

function commandFrom(word: string | undefined): Command {
  if (word === undefined) return 'push'
  const command = COMMANDS.find(name => name === word)
  if (command) return command
  const suggestion = closest(word, COMMANDS)
  throw new UsageError(
    `unknown command ${describeArgument(word, 0)}`,
    suggestion
      ? `did you mean '${suggestion}'? Commands: ${COMMANDS.join(', ')}`
      : `commands: ${COMMANDS.join(', ')}; 'ocir-push --help' shows them`
  )
}

/** Quotes a stray argument only when it looks like a word: it may be a misplaced secret. */
function describeArgument(value: string, index: number): string {
  return /^[a-z][a-z0-9-]{0,30}$/i.test(value)
    ? `'${value}'`
    : `at position ${index + 1} (not shown, in case it is a secret)`
}

function knownFlag(name: string, rawName: string, command: Command): FlagSpec {
  const flag = FLAGS.find(spec => spec.name === name || spec.short === name)
  const shown = rawName.startsWith('--') ? rawName : `-${name}`
  if (!flag) {
    const suggestion = closest(
      name,
      flagsFor(command).map(spec => spec.name)
    )
    throw new UsageError(
      `unknown flag ${shown}`,
      suggestion
        ? `did you mean --${suggestion}? 'ocir-push ${command} --help' lists the flags`
        : `'ocir-push ${command} --help' lists the flags`
    )
  }
  if (!flag.commands.includes(command)) {
    throw new UsageError(
      `--${flag.name} does not apply to '${command}'`,
      `it applies to ${flag.commands.map(c => `'${c}'`).join(', ')}; 'ocir-push ${command} --help' lists the flags of '${command}'`
    )
  }
  return flag
}

function readValue(
  values: Values,
  flag: FlagSpec,
  rawName: string,
  value: string | undefined,
  inline: boolean
): void {
  if (flag.type === 'boolean') {
    if (value !== undefined) {
      throw new UsageError(`--${flag.name} takes no value`, `write ${rawName} alone`)
    }
    values.set(flag.name, true)
    return
  }
  // Without `=`, a following flag is a forgotten value, not the value.
  if (value === undefined || (!inline && value.startsWith('-'))) {
    throw new UsageError(
      `--${flag.name} needs a value`,
      `write --${flag.name} ${flag.value ?? 'VALUE'} (or --${flag.name}=VALUE when the value starts with '-')`
    )
  }
  const previous = values.get(flag.name)
  if (Array.isArray(previous)) {
    if (!flag.multiple) {
      throw new UsageError(
        `--${flag.name} is given more than once`,
        `give --${flag.name} once; only ${REPEATABLE} repeat`
      )
    }
    previous.push(value)
  } else {
    values.set(flag.name, [value])
  }
}

/** The request the values make; what is wrong with them is added to `problems`. */
function requestFrom(
  command: Command,
  values: Values,
  env: Environment,
  problems: UsageChecks
): RunRequest {
  const flag = (name: string): boolean => values.get(name) === true
  const verbose = flag('verbose')
  const quiet = flag('quiet')
  if (verbose && quiet) {
    problems.add(new UsageError('--verbose and --quiet contradict each other', 'give one of them'))
  }
  const text = (name: string): string => lines(command, name, values, env).join('\n')
  // A variable that is not a boolean is read as unset for the checks after it.
  const variable = (input: InputName, fix: string): boolean | undefined =>
    problems.check(() => booleanVariable(env, input, fix))
  const dryRun =
    flag('dry-run') ||
    (command === 'push' &&
      variable(Inputs.Push, 'set OCIR_PUSH=false for a dry run, or unset it') === false)
  const pushByDigest =
    applies(command, Inputs.PushByDigest) &&
    (flag(Inputs.PushByDigest) ||
      variable(
        Inputs.PushByDigest,
        'set OCIR_PUSH_BY_DIGEST=true to push without tags, or unset it'
      ) === true)
  const provider = text('provider').toLowerCase()
  if (provider !== '' && !PROVIDER_NAMES.includes(provider)) {
    const suggestion = closest(provider, PROVIDER_NAMES)
    problems.add(
      new UsageError(
        `--provider (or OCIR_PROVIDER) '${provider}' is not a provider this reads`,
        `${suggestion ? `did you mean '${suggestion}'? ` : ''}one of: ${PROVIDER_NAMES.join(', ')}`
      )
    )
  }
  const dockerConfig = text('docker-config')
  const auth = text(Inputs.Auth)
  // With an API key the region falls back to the OCI CLI's, like the key's other settings.
  const region =
    text(Inputs.Region) ||
    (auth === AuthMethods.ApiKey ? (env[OciCliVariables.Region]?.trim() ?? '') : '')
  return {
    command,
    settings: {
      region,
      registry: text(Inputs.Registry),
      namespace: text(Inputs.Namespace),
      username: text(Inputs.Username),
      identityDomain: text(Inputs.IdentityDomain),
      image: text(Inputs.Image),
      repository: text(Inputs.Repository),
      tags: lines(command, 'tag', values, env),
      flavor: lines(command, Inputs.Flavor, values, env),
      labels: lines(command, 'label', values, env),
      annotations: lines(command, 'annotation', values, env),
      pushByDigest,
      mergeDigests: lines(command, 'merge-digest', values, env),
      push: command !== 'plan' && !dryRun,
      // `push` logs in to a throw-away Docker config; `login` is asked to stay logged in.
      logout: command === 'push',
      auth,
      compartment: text(Inputs.Compartment),
      repositoryVisibility: text(Inputs.RepositoryVisibility),
      immutable:
        applies(command, Inputs.Immutable) &&
        (flag(Inputs.Immutable) ||
          variable(
            Inputs.Immutable,
            'set OCIR_IMMUTABLE=true for immutable tags in a repository --compartment creates, or unset it'
          ) === true)
    },
    apiKey: {
      tenancyOcid: text(Inputs.TenancyOcid),
      userOcid: text(Inputs.UserOcid),
      fingerprint: text(Inputs.Fingerprint),
      privateKeyFile: text('private-key-file')
    },
    oidc: {
      domainUrl: text(Inputs.OidcDomainUrl),
      clientId: text(Inputs.OidcClientId),
      audience: text(Inputs.OidcAudience)
    },
    json: flag('json'),
    verbose,
    quiet,
    provider: provider === '' ? undefined : provider,
    dockerConfig: dockerConfig === '' ? undefined : dockerConfig,
    authTokenStdin: flag('auth-token-stdin')
  }
}

/**
 * A setting's value from its flag(s), else from its environment variable, trimmed like
 * action inputs; repeatable settings take one entry per non-blank line. Settings that do
 * not apply to the command stay empty whatever the environment holds.
 */
function lines(command: Command, name: string, values: Values, env: Environment): string[] {
  const spec = FLAGS.find(flag => flag.name === name)
  if (!spec?.commands.includes(command)) return spec?.multiple ? [] : ['']
  const given = values.get(name)
  const fromEnv = (name: string | undefined): string => (name ? (env[name] ?? '') : '')
  const raw = Array.isArray(given)
    ? given
    : [fromEnv(spec.env).trim() ? fromEnv(spec.env) : fromEnv(spec.fallbackEnv)]
  if (!spec.multiple) return [raw[0].trim()]
  return raw
    .flatMap(value => value.split(/\r?\n/))
    .map(line => line.trim())
    .filter(line => line !== '')
}

function applies(command: Command, name: string): boolean {
  return FLAGS.some(flag => flag.name === name && flag.commands.includes(command))
}

/** A `true`/`false` environment variable; undefined when unset or blank. */
function booleanVariable(env: Environment, input: InputName, fix: string): boolean | undefined {
  const name = envNameFor(input)
  const value = (env[name] ?? '').trim().toLowerCase()
  if (value === '') return undefined
  if (value === 'true') return true
  if (value === 'false') return false
  throw new UsageError(`${name} must be true or false; got '${env[name]}'`, fix)
}
