/** What the registry is signed in with: a tenancy-qualified username and its auth token. */
export interface Credentials {
  /** The qualified username (`<namespace>/<user>`). */
  username: string
  /** Secret. Only ever written to a child's stdin or an Authorization header. */
  token: string
}
