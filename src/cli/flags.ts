import {
  AuthMethods,
  Inputs,
  OIDC_TOKEN_VARIABLE,
  OciCliVariables,
  PRIVATE_KEY_PASSPHRASE_VARIABLE,
  PRIVATE_KEY_VARIABLE,
  envNameFor
} from '../common/constants.js'
import type { InputName } from '../common/constants.js'
import { PROVIDER_NAMES } from '../git/index.js'

export const COMMANDS = ['push', 'login', 'logout', 'plan'] as const
export type Command = (typeof COMMANDS)[number]

export interface FlagSpec {
  /** Long name without dashes. */
  name: string
  type: 'string' | 'boolean'
  /** May be given more than once; the environment variable then holds one value per line. */
  multiple?: boolean
  /** The action input this flag stands for (its errors are reported under this flag). */
  input?: InputName
  /** Environment variable read when the flag is absent. */
  env?: string
  /** Read when neither the flag nor `env` gives a value: the OCI CLI's variable for it. */
  fallbackEnv?: string
  /** Placeholder in help, e.g. `KEY`. */
  value?: string
  short?: string
  description: string
  commands: readonly Command[]
}

const ALL = COMMANDS
const TARGET = ['push', 'login', 'logout', 'plan'] as const
const IDENTITY = ['push', 'login', 'plan'] as const
const IMAGE = ['push', 'plan'] as const
const STORED_LOGIN = ['login', 'logout'] as const
const TOKEN = ['push', 'login'] as const
/** The API key (or OIDC token) signs in, and `plan` shows what it would sign in as. */
const API_KEY = ['push', 'login', 'plan'] as const

function inputFlag(
  input: InputName,
  spec: Omit<FlagSpec, 'name' | 'type' | 'input' | 'env'> & { name?: string }
): FlagSpec {
  return { name: input, type: 'string', input, env: envNameFor(input), ...spec }
}

export const FLAGS: readonly FlagSpec[] = [
  inputFlag(Inputs.Region, {
    multiple: true,
    value: 'KEY',
    description:
      'Region key or identifier, any case: fra, eu-frankfurt-1; repeatable (or fra,ams) to push to each',
    commands: TARGET
  }),
  inputFlag(Inputs.Registry, {
    multiple: true,
    value: 'HOST',
    description:
      'Registry host; overrides the one derived from --region. https://HOST or http://HOST chooses the scheme; repeatable',
    commands: TARGET
  }),
  inputFlag(Inputs.Namespace, {
    value: 'NS',
    description: 'Tenancy namespace (Tenancy details → Object storage namespace)',
    commands: IDENTITY
  }),
  inputFlag(Inputs.Username, {
    value: 'USER',
    description: 'OCI user name (jdoe@acme.com) or already qualified (ns/jdoe@acme.com)',
    commands: IDENTITY
  }),
  inputFlag(Inputs.IdentityDomain, {
    value: 'DOMAIN',
    description: 'Identity domain, or oracleidentitycloudservice for federated users',
    commands: IDENTITY
  }),
  inputFlag(Inputs.Image, {
    value: 'SOURCE',
    description: 'Image to push: name:tag or image ID, oci:DIR[:TAG], docker-archive:FILE',
    commands: IMAGE
  }),
  inputFlag(Inputs.Repository, {
    value: 'PATH',
    multiple: true,
    description:
      "Repository under the namespace (project/app); default: the image's name; repeatable",
    commands: IMAGE
  }),
  inputFlag(Inputs.Tags, {
    name: 'tag',
    multiple: true,
    value: 'RULE',
    description: 'Tag rule (type=ref,event=branch; type=semver,pattern={{version}}; …); repeatable',
    commands: IMAGE
  }),
  inputFlag(Inputs.Flavor, {
    multiple: true,
    value: 'LINE',
    description: 'Flavor line: latest=auto|true|false, prefix=…, suffix=…; repeatable',
    commands: IMAGE
  }),
  inputFlag(Inputs.Labels, {
    name: 'label',
    multiple: true,
    value: 'KEY=VALUE',
    description: 'Label added to or overriding the org.opencontainers.image.* set; repeatable',
    commands: IMAGE
  }),
  inputFlag(Inputs.Annotations, {
    name: 'annotation',
    multiple: true,
    value: 'KEY=VALUE',
    description: 'Annotation, as --label; output once per level (manifest:KEY=VALUE); repeatable',
    commands: IMAGE
  }),
  {
    name: Inputs.PushByDigest,
    type: 'boolean',
    input: Inputs.PushByDigest,
    env: envNameFor(Inputs.PushByDigest),
    description:
      'Push the image without a tag and print its digest, for --merge-digest to join later',
    commands: IMAGE
  },
  inputFlag(Inputs.MergeDigests, {
    name: 'merge-digest',
    multiple: true,
    value: 'DIGEST',
    description:
      'Join this image (sha256:…, pushed by digest to --repository) into one index under the tags; repeatable',
    commands: IMAGE
  }),
  {
    name: 'dry-run',
    type: 'boolean',
    input: Inputs.Push,
    env: envNameFor(Inputs.Push),
    description: `Compute and print everything, push nothing (${envNameFor(Inputs.Push)}=false)`,
    commands: ['push']
  },
  {
    name: 'provider',
    type: 'string',
    env: 'OCIR_PROVIDER',
    value: 'NAME',
    description: `Read the build from this CI instead of detecting it: ${PROVIDER_NAMES.join(', ')}`,
    commands: IMAGE
  },
  {
    name: 'docker-config',
    type: 'string',
    env: 'DOCKER_CONFIG',
    value: 'DIR',
    description: 'Docker config directory that keeps the login (default: ~/.docker)',
    commands: STORED_LOGIN
  },
  {
    name: 'auth-token-stdin',
    type: 'boolean',
    description: `Read the auth token from standard input instead of ${envNameFor(Inputs.AuthToken)}`,
    commands: TOKEN
  },
  inputFlag(Inputs.Auth, {
    value: 'METHOD',
    description: `How to sign in: ${AuthMethods.AuthToken} (default; ${envNameFor(Inputs.AuthToken)}), ${AuthMethods.ApiKey} (an OCI API signing key) or ${AuthMethods.Oidc} (the CI's OIDC token)`,
    commands: API_KEY
  }),
  inputFlag(Inputs.TenancyOcid, {
    value: 'OCID',
    fallbackEnv: OciCliVariables.Tenancy,
    description: `API key: the tenancy's OCID (or ${OciCliVariables.Tenancy})`,
    commands: API_KEY
  }),
  inputFlag(Inputs.UserOcid, {
    value: 'OCID',
    fallbackEnv: OciCliVariables.User,
    description: `API key: the user's OCID (or ${OciCliVariables.User})`,
    commands: API_KEY
  }),
  inputFlag(Inputs.Fingerprint, {
    value: 'HEX',
    fallbackEnv: OciCliVariables.Fingerprint,
    description: `API key: the key's fingerprint, aa:bb:… (or ${OciCliVariables.Fingerprint})`,
    commands: API_KEY
  }),
  {
    name: 'private-key-file',
    type: 'string',
    input: Inputs.PrivateKey,
    value: 'PATH',
    description: `API key: the PEM file of the private key (or ${PRIVATE_KEY_VARIABLE}, ${OciCliVariables.KeyContent} with the PEM text, ${OciCliVariables.KeyFile}); passphrase from ${PRIVATE_KEY_PASSPHRASE_VARIABLE} or ${OciCliVariables.Passphrase}`,
    commands: API_KEY
  },
  inputFlag(Inputs.OidcDomainUrl, {
    value: 'URL',
    description: `OIDC: the identity domain's URL, https://idcs-….identity.oraclecloud.com`,
    commands: API_KEY
  }),
  inputFlag(Inputs.OidcClientId, {
    value: 'ID',
    description: `OIDC: the client ID of the domain's confidential application; its secret from ${envNameFor(Inputs.OidcClientSecret)}, the token from ${OIDC_TOKEN_VARIABLE} outside GitHub Actions`,
    commands: API_KEY
  }),
  inputFlag(Inputs.OidcAudience, {
    value: 'AUD',
    description:
      "OIDC: the OIDC token's audience, asked for or checked (default: the domain's URL)",
    commands: API_KEY
  }),
  inputFlag(Inputs.Compartment, {
    value: 'OCID',
    description:
      'API key or OIDC: create the repository in this compartment unless it exists, before pushing',
    commands: IMAGE
  }),
  inputFlag(Inputs.RepositoryVisibility, {
    value: 'private|public',
    description: 'Visibility of a repository --compartment creates (default: private)',
    commands: IMAGE
  }),
  {
    name: Inputs.Immutable,
    type: 'boolean',
    input: Inputs.Immutable,
    env: envNameFor(Inputs.Immutable),
    description: 'A repository --compartment creates gets immutable tags',
    commands: IMAGE
  },
  {
    name: 'json',
    type: 'boolean',
    description: "Print the result as one JSON object (the action's json output)",
    commands: IMAGE
  },
  {
    name: 'verbose',
    type: 'boolean',
    description: 'Show every step and the details on stderr, also when it is not a terminal',
    commands: ALL
  },
  {
    name: 'quiet',
    type: 'boolean',
    description: 'Show no progress and no warnings; results and errors only',
    commands: ALL
  },
  { name: 'help', short: 'h', type: 'boolean', description: 'Show this help', commands: ALL },
  { name: 'version', type: 'boolean', description: 'Print the version', commands: ALL }
]

/**
 * Flags that would put the auth token on the command line, where every process listing
 * and shell history shows it.
 */
export const TOKEN_FLAGS: readonly string[] = [
  '--auth-token',
  '--auth_token',
  '--authtoken',
  '--token',
  '--password',
  '--pass',
  '--passwd',
  '-p'
]

/** Flags that would put another secret on the command line, and the input it belongs to. */
export const SECRET_FLAGS: Readonly<Record<string, InputName>> = {
  '--oidc-client-secret': Inputs.OidcClientSecret,
  '--private-key-passphrase': Inputs.PrivateKeyPassphrase,
  '--passphrase': Inputs.PrivateKeyPassphrase
}

export function flagsFor(command: Command): FlagSpec[] {
  return FLAGS.filter(flag => flag.commands.includes(command))
}

/** How the CLI names an input in messages: the flag, or the variable when no flag carries it. */
export function inputLabel(input: InputName): string {
  if (input === Inputs.AuthToken) return `${envNameFor(Inputs.AuthToken)} (or --auth-token-stdin)`
  if (input === Inputs.PrivateKey) return `--private-key-file (or ${PRIVATE_KEY_VARIABLE})`
  if (input === Inputs.PrivateKeyPassphrase) {
    return `${PRIVATE_KEY_PASSPHRASE_VARIABLE} (or ${OciCliVariables.Passphrase})`
  }
  if (input === Inputs.OidcClientSecret) return envNameFor(Inputs.OidcClientSecret)
  const flag = FLAGS.find(spec => spec.input === input)
  return flag ? `--${flag.name}` : input
}
