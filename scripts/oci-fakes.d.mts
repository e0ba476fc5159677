import type { KeyObject } from 'node:crypto'
import type { IncomingHttpHeaders } from 'node:http'

export const MAX_CLOCK_SKEW_MS: number
export const REPOSITORIES_PATH: string
export const BEARER_TOKEN_USERNAME: string

export type SignatureVerdict = { keyId: string } | { rejection: string; message: string }

export function verifyOciSignature(request: {
  method: string
  /** The request target as received: path and query. */
  target: string
  headers: IncomingHttpHeaders
  body: Buffer
  publicKey: KeyObject
  /** When given, the only keyId accepted. */
  keyId?: string
  now?: Date
}): SignatureVerdict

/** What the registry's `auth.token` section trusts: its rootcertbundle's key and cert, issuer, service. */
export interface TokenIssuer {
  key: KeyObject | string
  cert?: string
  issuer: string
  /** The JWT's audience; the request's `service` when unset. */
  service?: string
}

export interface FakeRepository {
  id: string
  compartmentId: string
  displayName: string
  namespace: string
  isPublic: boolean
  isImmutable: boolean
  lifecycleState: string
  imageCount: number
  layerCount: number
  layersSizeInBytes: number
  timeCreated: string
}

export interface FakeRequest {
  service: 'token' | 'artifacts' | 'objectstorage'
  method: string
  target: string
  headers: IncomingHttpHeaders
  status: number
  /** Why the signature check refused it. */
  rejection?: string
  /** The `sub` of the session token it was signed with (`ST$` signatures). */
  sessionSubject?: string
}

export interface OciFakes {
  /** `http://127.0.0.1:<port>/20180419/docker/token` */
  tokenRealm: string
  artifactsUrl: string
  objectStorageUrl: string
  requests: FakeRequest[]
  repositories: FakeRepository[]
  addRepository(repository: {
    compartmentId: string
    displayName: string
    isPublic?: boolean
    isImmutable?: boolean
  }): FakeRepository
  /** The next create finds the repository just created by another job: 409. */
  simulateParallelCreate(): void
  /** Requests on this compartment answer 404 NotAuthorizedOrNotFound. */
  denyCompartment(compartmentId: string): void
  close(): Promise<void>
}

export function startOciFakes(options: {
  publicKeyPem: string
  keyId?: string
  namespace?: string
  /** Repositories per list page, cut before the displayName filter (default 1). */
  pageSize?: number
  /** Without one, tokens are signed with a throwaway key and carry no x5c. */
  tokenIssuer?: TokenIssuer
  /**
   * The identity domain fake's key (`OidcFakes.sessionTokenKey`): requests signed with
   * keyId="ST$<upst>" of its session tokens are accepted, verified with the key each carries.
   */
  sessionTokenKey?: KeyObject
  /** The fakes' clock. */
  now?: () => Date
}): Promise<OciFakes>
