import { Inputs, type InputName } from '../common/constants.js'
import { InputError } from '../common/errors.js'
import type { Notice } from './values.js'
import { trimSetting } from './values.js'

/** One path component of a repository name, as the registry accepts it. */
const COMPONENT = /^[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*$/
const FIND_NAMESPACE =
  "Console → Profile menu → Tenancy → Object Storage namespace, or run 'oci os ns get'"
/** Federated (Oracle Identity Cloud Service) users' domain, the one most users meet. */
export const IDCS_DOMAIN = 'oracleidentitycloudservice'

/**
 * Refuses a value holding a control character (line break, tab, escape, …) and never quotes
 * it: in a log, a line break followed by `::command::` would run as a workflow command, and
 * in a header it would end the header.
 */
export function refuseControlCharacters(input: InputName, value: string): void {
  const characters = [...value]
  const at = characters.findIndex(character => {
    const code = character.codePointAt(0)!
    return code < 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0x2028 || code === 0x2029
  })
  if (at === -1) return
  const code = characters[at]!.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')
  throw new InputError(
    input,
    `${input} contains a control character (U+${code}) at position ${at + 1}`,
    {
      fix: `Write ${input} on one line, without line breaks, tabs or other control characters; check how the value is composed (a secret or variable with a trailing line is a common cause).`
    }
  )
}

/**
 * The tenancy namespace, trimmed. It is an auto-generated lower-case string (for some old
 * tenancies the lower-cased tenancy name); the messages say which other value was likely
 * pasted instead.
 */
export function validateNamespace(raw: string): string {
  const namespace = raw.trim()
  refuseControlCharacters(Inputs.Namespace, namespace)
  const fail = (message: string, fix: string): never => {
    throw new InputError(Inputs.Namespace, message, { fix })
  }
  if (namespace === '') {
    fail('namespace is empty', `Set namespace to the tenancy namespace (${FIND_NAMESPACE}).`)
  }
  if (/^ocid1\./i.test(namespace)) {
    fail(
      `namespace is an OCID ('${namespace.slice(0, 20)}…'), not the tenancy namespace`,
      `Use the tenancy's Object Storage namespace, a short string like 'axaxnpcrorw5' (${FIND_NAMESPACE}).`
    )
  }
  if (namespace.includes('/')) {
    const [first, ...rest] = namespace.split('/').filter(Boolean)
    fail(
      `namespace takes the namespace only; got '${namespace}'`,
      `Write namespace: '${(first ?? '').toLowerCase()}'${rest.length > 0 ? ` and put '${rest.join('/')}' in repository` : ''}.`
    )
  }
  if (/[A-Z]/.test(namespace)) {
    fail(
      `namespace '${namespace}' has upper case; namespaces are lower case, so this is likely the tenancy name`,
      `Use the tenancy's Object Storage namespace (${FIND_NAMESPACE}). Older tenancies' namespace is the lower-cased tenancy name${COMPONENT.test(namespace.toLowerCase()) ? ` ('${namespace.toLowerCase()}')` : ''}; a newer one is a random string like 'axaxnpcrorw5'.`
    )
  }
  if (!COMPONENT.test(namespace)) {
    fail(
      `namespace '${namespace}' is not a tenancy namespace: ${/\s/.test(namespace) ? 'it contains spaces, like a display name' : 'only lower-case letters and digits, joined by single . _ or -, are possible'}`,
      `Use the tenancy's Object Storage namespace (${FIND_NAMESPACE}).`
    )
  }
  return namespace
}

export interface UsernameParts {
  namespace: string
  /** Plain (`jdoe@acme.com`), domain-qualified (`oracleidentitycloudservice/jdoe`) or fully qualified. */
  username: string
  /** '' for none. */
  identityDomain: string
}

/**
 * The username to log in with: `<namespace>/<user>` or `<namespace>/<identity-domain>/<user>`.
 * See `qualifyUsernameWithNotices` for the rules.
 */
export function qualifyUsername(parts: UsernameParts): string {
  return qualifyUsernameWithNotices(parts).username
}

/**
 * The qualified username, and notices about what was done to get it.
 *
 * User names may themselves contain `/` (and spaces, `@`, `.`, `,`), so the username is
 * never split on `/`. The namespace input decides: a username is already qualified only
 * when it starts with `<namespace>/`; anything else is the user part and is kept whole.
 * The identity domain is added unless the username already starts with it (or, without
 * an identity-domain input, with `oracleidentitycloudservice/`, as the Console shows
 * federated users). A username that starts with some other `<x>/` gets a notice showing
 * the result, so a username meant for another namespace is visible before login fails.
 */
export function qualifyUsernameWithNotices(parts: UsernameParts): {
  username: string
  notices: Notice[]
} {
  const namespace = validateNamespace(parts.namespace)
  const trimmedUser = trimSetting(Inputs.Username, parts.username)
  const trimmedDomain = trimSetting(Inputs.IdentityDomain, parts.identityDomain)
  const notices = [trimmedUser.notice, trimmedDomain.notice].filter(n => n !== undefined)
  const user = trimmedUser.value
  const domain = trimmedDomain.value
  refuseControlCharacters(Inputs.Username, user)
  refuseControlCharacters(Inputs.IdentityDomain, domain)
  const format = `'${namespace}/<user>', or '${namespace}/<identity-domain>/<user>'`

  if (user === '') {
    throw new InputError(Inputs.Username, 'username is empty', {
      fix: `Set username to your OCI user name (e.g. 'jdoe@acme.com'); it is sent as ${format}.`
    })
  }
  // Basic authentication sends `<username>:<token>`; the registry splits at the first ':'.
  for (const [input, value] of [
    [Inputs.Username, user],
    [Inputs.IdentityDomain, domain]
  ] as const) {
    if (value.includes(':')) {
      throw new InputError(input, `${input} contains ':', which no OCI user name has`, {
        fix: `Write ${input} without ':': the login sends '<username>:<auth-token>', so a ':' would move the rest of the name into the token.`
      })
    }
  }
  if (domain.includes('/')) {
    throw new InputError(Inputs.IdentityDomain, `identity-domain '${domain}' contains '/'`, {
      fix: `Write only the domain name, e.g. '${IDCS_DOMAIN}' or 'Default'; it is placed between namespace and user name.`
    })
  }
  const first = user.split('/', 1)[0]
  if (user.includes('/') && first !== namespace && first.toLowerCase() === namespace) {
    throw new InputError(
      Inputs.Username,
      `username starts with '${first}/', the namespace in the wrong case`,
      {
        fix: `Namespaces are lower case: write username: '${namespace}${user.slice(first.length)}' or just the user name after it.`
      }
    )
  }
  const alreadyQualified = user.startsWith(`${namespace}/`)
  const userPart = alreadyQualified ? user.slice(namespace.length + 1) : user
  if (alreadyQualified && userPart === '') {
    throw new InputError(Inputs.Username, `username '${user}' has no user after the namespace`, {
      fix: `Write username as ${format}, or just the user name.`
    })
  }
  if (alreadyQualified && userPart.startsWith(`${namespace}/`)) {
    throw new InputError(Inputs.Username, `username '${user}' is qualified twice`, {
      fix: `Write username: '${userPart}' (the namespace once), or just the user name.`
    })
  }
  const domainPresent = domain === '' || userPart.startsWith(`${domain}/`)
  if (alreadyQualified && !domainPresent) {
    throw new InputError(
      Inputs.Username,
      `username '${user}' is already qualified but lacks identity-domain '${domain}'`,
      {
        fix: `Write username: '${namespace}/${domain}/${userPart}', or just the user name, or leave identity-domain empty.`
      }
    )
  }
  const username = domainPresent ? `${namespace}/${userPart}` : `${namespace}/${domain}/${userPart}`
  const domainPrefixed = first === IDCS_DOMAIN || (domain !== '' && first === domain)
  if (!alreadyQualified && user.includes('/') && !domainPrefixed) {
    notices.push({
      title: 'Username contains /',
      message: `Logging in as '${username}': the username was kept whole under namespace '${namespace}'. If '${first}' is a tenancy namespace, set namespace to it instead.`
    })
  }
  return { username, notices }
}

/**
 * The auth token without surrounding whitespace (a notice says so, never quoting it). Its
 * value never appears in a message: only its shape is described.
 */
export function validateAuthToken(raw: string): { token: string; notices: Notice[] } {
  const { value: token, notice } = trimSetting(Inputs.AuthToken, raw)
  const generate =
    'Generate one in Console → Profile menu → My profile → Auth tokens, and pass it from a secret'
  if (token === '') {
    throw new InputError(Inputs.AuthToken, 'auth-token is empty', {
      fix: `${generate} (in GitHub Actions: auth-token: \${{ secrets.OCIR_AUTH_TOKEN }}; secrets are empty in workflows started from forks).`
    })
  }
  if (/-----BEGIN [A-Z ]*KEY-----/.test(token)) {
    throw new InputError(Inputs.AuthToken, 'auth-token holds a PEM key (an API signing key)', {
      fix: `OCIR logins take an auth token, not an API key. ${generate}.`
    })
  }
  if (/[\r\n]/.test(token)) {
    throw new InputError(Inputs.AuthToken, 'auth-token spans several lines', {
      fix: `An auth token is one line; store only the token in the secret. ${generate}.`
    })
  }
  return { token, notices: notice ? [notice] : [] }
}
