/**
 * What is wrong with a certificate a TLS handshake refused: the registry client types it from
 * Node's TLS error code, the diagnosis words it.
 */
export type CertificateProblem =
  | 'unknown-issuer'
  | 'self-signed'
  | 'expired'
  | 'not-yet-valid'
  | 'wrong-host'
  | 'revoked'
  | 'invalid'
