// Container repositories through the Artifacts API: found by compartment and name, or created
// with the visibility and immutability asked for. An existing repository is never changed:
// where it differs from what was asked, the caller is told how.
import { randomUUID } from 'node:crypto'
import { asRecord, parseJson, sendSigned } from './client.js'
import type { OciAccess, OciClient } from './client.js'
import { OciServiceError } from './errors.js'
import type { OciServiceFacts } from './errors.js'

export interface ContainerRepository {
  id: string
  displayName: string
  compartmentId: string
  isPublic: boolean
  isImmutable: boolean
  lifecycleState?: string
}

export interface EnsureRepositoryRequest {
  /** The Artifacts API's base URL (artifactsEndpoint). */
  endpoint: string
  compartmentId: string
  /** The repository name under the namespace: `project/app`. */
  displayName: string
  /** Asked for; unset: a new repository is private and an existing one is not judged on it. */
  isPublic?: boolean
  /** Likewise; a new repository is mutable when unset. */
  isImmutable?: boolean
  /**
   * The tenancy (root compartment): where to find a repository of that name in another
   * compartment when creating it conflicts. Without it such a conflict is thrown.
   */
  tenancyOcid?: string
  signal?: AbortSignal
}

/** Creating conflicts (409) with a repository of that name that this user cannot find. */
export class RepositoryNameTakenError extends OciServiceError {
  readonly displayName: string

  constructor(facts: OciServiceFacts, displayName: string, searchedTenancy: boolean) {
    super(facts, {
      message: `A repository named ${displayName} exists in another compartment of the tenancy (409 ${facts.code})`,
      fix: searchedTenancy
        ? `Set compartment to the compartment that holds ${displayName}, or let the user list repositories in the ` +
          "tenancy ('Allow group <group> to inspect repos in tenancy') so it is found."
        : `Set compartment to the compartment that holds ${displayName}, or give tenancy-ocid so it is looked up there.`
    })
    this.displayName = displayName
  }
}

/** A property of an existing repository that is not what was asked for. */
export type RepositoryDifference =
  | { property: 'compartmentId'; wanted: string; actual: string }
  | { property: 'isPublic' | 'isImmutable'; wanted: boolean; actual: boolean }

export type EnsureRepositoryResult =
  | { outcome: 'created'; repository: ContainerRepository }
  | { outcome: 'found'; repository: ContainerRepository }
  /** Exists (maybe in another compartment), left as it is. */
  | { outcome: 'differs'; repository: ContainerRepository; differences: RepositoryDifference[] }

const REPOSITORIES_PATH = '/20160918/container/repositories'
/** At most this many list pages are read: a paging loop must end even if the server's does not. */
const MAX_PAGES = 100

export async function ensureRepository(
  client: OciClient,
  request: EnsureRepositoryRequest
): Promise<EnsureRepositoryResult> {
  const existing = await findRepository(client, request, { compartmentId: request.compartmentId })
  if (existing) return judge(existing, request)
  try {
    return { outcome: 'created', repository: await createRepository(client, request) }
  } catch (error) {
    if (!(error instanceof OciServiceError && error.status === 409)) throw error
    const taken = await findAfterConflict(client, request)
    if (!taken) {
      throw new RepositoryNameTakenError(
        error.facts,
        request.displayName,
        request.tenancyOcid !== undefined
      )
    }
    return judge(taken, request)
  }
}

/** After a 409: created meanwhile by a parallel job, or the name is taken in another compartment. */
async function findAfterConflict(
  client: OciClient,
  request: EnsureRepositoryRequest
): Promise<ContainerRepository | undefined> {
  const raced = await findRepository(client, request, { compartmentId: request.compartmentId })
  if (raced || !request.tenancyOcid) return raced
  return findRepository(client, request, { compartmentId: request.tenancyOcid, inSubtree: true })
}

/** The repository of that name in the compartment (or the tenancy's subtree), following every page. */
export async function findRepository(
  client: OciClient,
  request: { endpoint: string; displayName: string; signal?: AbortSignal },
  where: { compartmentId: string; inSubtree?: boolean }
): Promise<ContainerRepository | undefined> {
  let page: string | null = null
  for (let pages = 0; pages < MAX_PAGES; pages++) {
    const url = new URL(`${request.endpoint}${REPOSITORIES_PATH}`)
    url.searchParams.set('compartmentId', where.compartmentId)
    if (where.inSubtree) url.searchParams.set('compartmentIdInSubtree', 'true')
    url.searchParams.set('displayName', request.displayName)
    if (page) url.searchParams.set('page', page)
    const response = await sendSigned(client, {
      method: 'GET',
      url,
      signal: request.signal,
      access: repositoryAccess('list repositories', where.compartmentId)
    })
    const { items } = parseJson(response, 'a repository collection', readRepositoryCollection)
    const match = items.find(item => item.displayName === request.displayName)
    if (match) return match
    page = response.headers.get('opc-next-page')
    if (!page) return undefined
  }
  return undefined
}

async function createRepository(
  client: OciClient,
  request: EnsureRepositoryRequest
): Promise<ContainerRepository> {
  const response = await sendSigned(client, {
    method: 'POST',
    url: new URL(`${request.endpoint}${REPOSITORIES_PATH}`),
    // Makes a retried create (after a lost answer) return the first one's repository.
    headers: { 'opc-retry-token': randomUUID() },
    json: {
      compartmentId: request.compartmentId,
      displayName: request.displayName,
      isPublic: request.isPublic ?? false,
      isImmutable: request.isImmutable ?? false
    },
    signal: request.signal,
    access: repositoryAccess('create repositories', request.compartmentId)
  })
  return parseJson(response, 'a container repository', value =>
    isRepository(value) ? value : undefined
  )
}

function judge(
  repository: ContainerRepository,
  request: EnsureRepositoryRequest
): EnsureRepositoryResult {
  const differences: RepositoryDifference[] = []
  if (repository.compartmentId !== request.compartmentId) {
    differences.push({
      property: 'compartmentId',
      wanted: request.compartmentId,
      actual: repository.compartmentId
    })
  }
  for (const property of ['isPublic', 'isImmutable'] as const) {
    const wanted = request[property]
    if (wanted !== undefined && repository[property] !== wanted) {
      differences.push({ property, wanted, actual: repository[property] })
    }
  }
  return differences.length
    ? { outcome: 'differs', repository, differences }
    : { outcome: 'found', repository }
}

function repositoryAccess(what: string, compartmentId: string): OciAccess {
  // Policies name the root compartment `tenancy`, every other one by its OCID.
  const where = compartmentId.startsWith('ocid1.tenancy.')
    ? 'tenancy'
    : `compartment id ${compartmentId}`
  return {
    what: `${what} in ${compartmentId.startsWith('ocid1.tenancy.') ? 'the tenancy' : `compartment ${compartmentId}`}`,
    policy: `Allow group <group> to manage repos in ${where}`
  }
}

function readRepositoryCollection(value: unknown): { items: ContainerRepository[] } | undefined {
  const items: unknown = asRecord(value)?.items
  return Array.isArray(items) && items.every(isRepository) ? { items } : undefined
}

function isRepository(value: unknown): value is ContainerRepository {
  const record = asRecord(value)
  return (
    typeof record?.id === 'string' &&
    typeof record.displayName === 'string' &&
    typeof record.compartmentId === 'string' &&
    typeof record.isPublic === 'boolean' &&
    typeof record.isImmutable === 'boolean'
  )
}
