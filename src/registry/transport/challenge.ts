/** One challenge of a `WWW-Authenticate` header: the scheme (lower-cased) and its parameters. */
export interface AuthChallenge {
  scheme: string
  /** Parameter names are lower-cased; values are unquoted and unescaped. */
  params: Record<string, string>
}

const TOKEN = /[!#$%&'*+\-.^_`|~0-9A-Za-z]/

/**
 * Parses `Bearer realm="https://x/token",service="x",scope="a:b:pull,push", Basic realm="y"`.
 * Quoted values may hold commas and escaped quotes, so the header cannot be split on commas.
 */
export function parseWwwAuthenticate(header: string): AuthChallenge[] {
  const challenges: AuthChallenge[] = []
  let position = 0
  const skip = (pattern: RegExp): void => {
    while (position < header.length && pattern.test(header[position]!)) position++
  }
  const readToken = (): string => {
    const start = position
    while (position < header.length && TOKEN.test(header[position]!)) position++
    return header.slice(start, position)
  }
  const readQuoted = (): string => {
    let value = ''
    position++
    while (position < header.length && header[position] !== '"') {
      if (header[position] === '\\') position++
      value += header[position] ?? ''
      position++
    }
    position++
    return value
  }

  while (position < header.length) {
    skip(/[\s,]/)
    const scheme = readToken()
    if (!scheme) {
      position++
      continue
    }
    const challenge: AuthChallenge = { scheme: scheme.toLowerCase(), params: {} }
    challenges.push(challenge)
    for (;;) {
      skip(/[\s,]/)
      const start = position
      const name = readToken()
      skip(/\s/)
      if (!name || header[position] !== '=') {
        // Not a parameter: the next challenge's scheme starts here.
        position = start
        break
      }
      position++
      skip(/\s/)
      const value = header[position] === '"' ? readQuoted() : readToken()
      challenge.params[name.toLowerCase()] = value
    }
  }
  return challenges
}

/** The challenge of a `WWW-Authenticate` header a client follows: Bearer if offered, else Basic. */
export function preferredChallenge(header: string): AuthChallenge | undefined {
  const challenges = parseWwwAuthenticate(header)
  return challenges.find(c => c.scheme === 'bearer') ?? challenges.find(c => c.scheme === 'basic')
}
