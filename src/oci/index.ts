/**
 * OCI's own APIs, signed with an API key or with a session token got through an OIDC token:
 * signing, the key, the OIDC session, endpoints, namespace, repositories, registry token.
 */
export type { RequestSigner, SignableRequest } from './signer.js'
export { apiKeyId, createRequestSigner, sessionTokenKeyId } from './signer.js'
export type { ApiKey, ApiKeySettings } from './api-key.js'
export {
  apiKeyPrincipal,
  FingerprintMismatchError,
  InvalidOcidError,
  loadApiKey,
  PassphraseRequiredError,
  publicKeyFingerprint,
  UnreadablePrivateKeyError,
  UnsupportedPrivateKeyTypeError,
  WrongPassphraseError
} from './api-key.js'
export type { EndpointEnvironment } from './endpoints.js'
export {
  ARTIFACTS_ENDPOINT_VARIABLE,
  artifactsEndpoint,
  InvalidEndpointOverrideError,
  OBJECT_STORAGE_ENDPOINT_VARIABLE,
  objectStorageEndpoint
} from './endpoints.js'
export type { OciHttpRequest, OciHttpResponse, OciSend } from './http.js'
export { createNodeSend, describeUrl } from './http.js'
export type { OciClient, OciPrincipal } from './client.js'
export type { SubjectTokenSource } from './oidc-token.js'
export {
  IdTokenPermissionError,
  IdTokenRequestError,
  OidcAudienceMismatchError,
  OidcUnexpectedAnswerError,
  SubjectTokenMissingError,
  SubjectTokenUnreadableError,
  gitHubTokenSource,
  subjectToken
} from './oidc-token.js'
export type { OidcSettings, OidcTarget } from './token-exchange.js'
export {
  exchangePublicKey,
  exchangeToken,
  InvalidDomainUrlError,
  MissingOidcSettingError,
  OidcClientRejectedError,
  OidcExchangeRefusedError,
  oidcTarget
} from './token-exchange.js'
export { startOidcSession } from './oidc-session.js'
export { lookUpNamespace } from './object-storage.js'
export type {
  ContainerRepository,
  EnsureRepositoryRequest,
  EnsureRepositoryResult,
  RepositoryDifference
} from './artifacts.js'
export { ensureRepository, findRepository, RepositoryNameTakenError } from './artifacts.js'
export type { RegistryToken, RegistryTokenRequest } from './registry-token.js'
export { requestRegistryToken } from './registry-token.js'
export type { ApiKeySetting, OciErrorDetails, OciRequestFacts, OciServiceFacts } from './errors.js'
export {
  OciClockSkewError,
  OciConnectionError,
  OciError,
  OciNotAuthenticatedError,
  OciNotAuthorizedOrNotFoundError,
  OciRequestError,
  OciResponseTooLargeError,
  OciServiceError,
  OciSessionNotAuthenticatedError,
  OciTimeoutError,
  OciUnexpectedResponseError
} from './errors.js'
