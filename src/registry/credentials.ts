/** What the registry is signed in with: a tenancy-qualified username and its auth token. */
export interface Credentials {
  /** The qualified username (`<namespace>/<user>`). */
  username: string
  /** Secret. Only ever written to a child's stdin or an Authorization header. */
  token: string
}

/** A registry bearer token and how long it is valid. */
export interface IssuedToken {
  /** Secret: only for the registry's Authorization header or Docker's stdin. */
  token: string
  expiresInSeconds: number
}

/** A request to the token realm, sent by the registry's transport (see `RealmSend`). */
export interface RealmRequest {
  method: string
  url: URL
  headers: Readonly<Record<string, string>>
  body?: Uint8Array
  signal?: AbortSignal
}

export interface RealmResponse {
  status: number
  headers: { get(name: string): string | null }
  text(): Promise<string>
}

/**
 * Sends to the token realm the registry's challenge named, and nowhere else: a request for
 * another origin is refused, and its Authorization never follows a redirect off that origin.
 */
export type RealmSend = (request: RealmRequest) => Promise<RealmResponse>

/**
 * Gets a bearer token for `scopes` from `realm` in a way of its own (an OCI-signed request
 * instead of Basic credentials), sending only through `send`.
 */
export type TokenSource = (request: {
  realm: string
  service: string
  scopes: readonly string[]
  send: RealmSend
}) => Promise<IssuedToken>

/** How the client signs in: Basic credentials (also at the token realm), or a token source. */
export type RegistryAuth = Credentials | TokenSource
