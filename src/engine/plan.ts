import {
  AuthMethods,
  BEARER_TOKEN_USERNAME,
  Inputs,
  TAG_PATTERN,
  type AuthMethod
} from '../common/constants.js'
import { InputChecks } from '../common/checks.js'
import { InputError } from '../common/errors.js'
import type { GitContext } from '../tags/context.js'
import {
  defaultRepository,
  findRegion,
  listedValues,
  qualifyUsernameWithNotices,
  regionOfHost,
  registryHostOf,
  resolveRegistries,
  validateNamespace,
  validateRepositories
} from '../ocir/index.js'
import type { Region, RegistryTarget } from '../ocir/index.js'
import type { Settings } from './settings.js'
import { computeMetadata } from '../tags/metadata.js'
import type { ImageSource, Plan, PlanTarget, PushPlan, RepositoryEnsure } from './types.js'

const OCI_PREFIX = 'oci:'
const ARCHIVE_PREFIX = 'docker-archive:'

/**
 * Reads the `image` input. '' → undefined (log in only).
 * - `oci:<dir>[:<tag>]`: the part after the last `:` is the tag when it is a valid tag (no
 *   `/`), so `oci:/builds/app:v1` is directory `/builds/app`, tag `v1`, and `oci:/a:b/layout`
 *   is directory `/a:b/layout`. A trailing `:` ends the directory: `oci:dir:v1:` is the
 *   directory `dir:v1`, no tag.
 * - `docker-archive:<file>`: everything after the prefix is the file.
 * - anything else: a reference or image ID in the local Docker engine.
 */
export function parseImageSource(image: string): ImageSource | undefined {
  const value = image.trim()
  if (value === '') return undefined
  if (value.startsWith(OCI_PREFIX)) return parseOciLayout(value.slice(OCI_PREFIX.length))
  if (value.startsWith(ARCHIVE_PREFIX)) {
    const path = value.slice(ARCHIVE_PREFIX.length)
    if (path === '') throw missingPath(ARCHIVE_PREFIX, 'docker-archive:./app.tar')
    return { kind: 'docker-archive', path }
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
    throw new InputError(Inputs.Image, `'${value}' is a URL, not an image`, {
      fix: "Name a local Docker image ('app:1.0'), an OCI layout ('oci:<dir>') or a 'docker save' tarball ('docker-archive:<file>')"
    })
  }
  return { kind: 'docker', reference: value }
}

function parseOciLayout(rest: string): ImageSource {
  const colon = rest.lastIndexOf(':')
  const candidate = colon === -1 ? undefined : rest.slice(colon + 1)
  const hasTag = candidate !== undefined && (candidate === '' || TAG_PATTERN.test(candidate))
  const path = hasTag ? rest.slice(0, colon) : rest
  if (path === '') throw missingPath(OCI_PREFIX, 'oci:./layout or oci:./layout:1.0')
  return hasTag && candidate ? { kind: 'oci', path, tag: candidate } : { kind: 'oci', path }
}

function missingPath(prefix: string, example: string): InputError {
  return new InputError(Inputs.Image, `'${prefix}' names no path`, {
    fix: `Write the path after the prefix, e.g. '${example}'`
  })
}

/**
 * Everything a run will do, computed without touching anything: the targets (every registry
 * host × every repository, in the order given), the qualified username and the tag references. Every setting that cannot work
 * is reported before a byte is sent: all of them at once (`InputErrors`; one alone as its
 * `InputError`), which a face adds to the problems it found while reading its inputs.
 *
 * Each input is checked on its own, except where a check needs what another gives; then it
 * waits for that one to be right, so that one mistake is reported once:
 * - the namespace (only when empty: a signed run needs none) and the username wait for `auth`;
 * - the username and identity domain are qualified with the namespace;
 * - a repository derived from the image waits for `image`;
 * - full references in `tags` are compared with the repository only when registry, namespace
 *   and repository are all right.
 */
export function createPlan(settings: Settings, git: GitContext): Plan {
  const problems = new InputChecks()
  const registries = problems.check(() =>
    resolveRegistries({ region: settings.region, registry: settings.registry })
  )
  const auth = problems.check(() => parseAuth(settings.auth))
  // An API key and an OIDC token both sign OCI requests (`signed`).
  const signed = auth !== undefined && auth !== AuthMethods.AuthToken
  const givenNamespace = settings.namespace.trim()
  // A signed dry run looks nothing up: the namespace it would discover is shown so.
  const namespace =
    auth === undefined && !givenNamespace
      ? undefined
      : signed && !settings.push && !givenNamespace
        ? NAMESPACE_PLACEHOLDER
        : problems.check(() => validateNamespace(settings.namespace))
  // A signed run logs in to OCIR as Docker does with a bearer token: no user name to qualify.
  const user =
    auth === undefined || namespace === undefined
      ? undefined
      : signed
        ? { username: BEARER_TOKEN_USERNAME, notices: [] }
        : problems.check(() =>
            qualifyUsernameWithNotices({
              namespace,
              username: settings.username,
              identityDomain: settings.identityDomain
            })
          )
  if (auth === AuthMethods.AuthToken && settings.compartment.trim()) {
    problems.add(
      new InputError(
        Inputs.Compartment,
        `needs ${Inputs.Auth}: ${AuthMethods.ApiKey} or ${AuthMethods.Oidc}`,
        {
          fix: `Ensuring the repository calls OCI's Artifacts API, which takes signed requests: set ${Inputs.Auth}: ${AuthMethods.ApiKey} with tenancy-ocid, user-ocid, fingerprint and private-key, or ${Inputs.Auth}: ${AuthMethods.Oidc}, or remove ${Inputs.Compartment}`
        }
      )
    )
  }
  // What was asked for decides the mode, and which checks apply, whether or not it is right.
  const imageGiven = settings.image.trim() !== ''
  const merging = settings.mergeDigests.length > 0
  const source = problems.check(() => parseImageSource(settings.image))
  const mergeDigests = merging ? problems.check(() => parseMergeDigests(settings)) : undefined
  if (settings.pushByDigest && !imageGiven && !merging) {
    problems.add(
      new InputError(Inputs.PushByDigest, 'needs an image to push', {
        fix: 'Set image to the platform image this job built; a later job joins the digests with merge-digests'
      })
    )
  }
  // The namespace only refuses a repository that repeats it: unknown, it is left out. [''] is
  // no repository: log in only.
  const repositories = settings.repository
    ? problems.check(() => validateRepositories(settings.repository, namespace))
    : source
      ? problems.check(() => [defaultRepository(nameOf(source), namespace)])
      : imageGiven
        ? undefined
        : ['']
  const repositoryReferences =
    repositories?.[0] === ''
      ? []
      : registries && namespace && repositories
        ? registries.flatMap(({ host }) =>
            repositories.map(repository => `${host}/${namespace}/${repository}`)
          )
        : undefined
  const notices: Plan['notices'] = []
  const metadataSettings = [settings.tags, settings.flavor, settings.labels, settings.annotations]
  if (settings.pushByDigest && metadataSettings.some(lines => lines.length > 0)) {
    notices.push({
      title: 'Tags not used',
      message:
        'push-by-digest pushes no tag: tags, flavor, labels and annotations belong to the job that merges the digests'
    })
  }
  // push: false without an image stands in for metadata-action before the build step: it
  // computes what a later push to the repository gets.
  const beforeBuild = !settings.push && !imageGiven && !merging && repositories?.[0] !== ''
  const tagged = (imageGiven && !settings.pushByDigest) || merging || beforeBuild
  const planned = tagged
    ? problems.check(() => planMetadata(settings, git, repositoryReferences, notices))
    : NO_METADATA
  const ensureRepository =
    signed && repositories?.[0] !== '' ? repositoryEnsure(settings, problems) : undefined

  const [hosts, checkedNamespace, qualified, checkedRepositories, { tags, ...metadata }] =
    problems.settle(registries, namespace, user, repositories, planned)
  const targets = hosts.flatMap(host =>
    checkedRepositories.map(repository =>
      planTarget(host, checkedNamespace, repository, tags, {
        signed,
        ...(ensureRepository ? { ensureRepository } : {})
      })
    )
  )
  const [first] = targets as [PlanTarget, ...PlanTarget[]]
  const common = {
    ...first,
    targets,
    namespace: checkedNamespace,
    username: qualified.username,
    tags,
    ...metadata,
    push: settings.push,
    notices: [...qualified.notices, ...notices]
  }
  if (mergeDigests) return { ...common, mode: 'merge', digests: mergeDigests }
  if (!source) return { ...common, mode: 'login' }
  return { ...common, mode: settings.pushByDigest ? 'push-by-digest' : 'push', source }
}

/** One host and repository of the plan, with the tags' references there. */
function planTarget(
  host: RegistryTarget,
  namespace: string,
  repository: string,
  tags: string[],
  options: { signed: boolean; ensureRepository?: RepositoryEnsure }
): PlanTarget {
  const repositoryPath = repository ? `${namespace}/${repository}` : ''
  const reference = repositoryPath ? `${host.host}/${repositoryPath}` : ''
  const ociRegion = options.signed ? host.region : undefined
  return {
    registry: host.host,
    ...(host.scheme ? { registryScheme: host.scheme } : {}),
    hostInput: host.input,
    repository,
    repositoryPath,
    repositoryReference: reference,
    references: tags.map(tag => `${reference}:${tag}`),
    ...(ociRegion ? { ociRegion } : {}),
    ...(options.ensureRepository ? { ensureRepository: options.ensureRepository } : {})
  }
}

/** What a signed dry run without `namespace` shows where the discovered one goes. */
export const NAMESPACE_PLACEHOLDER = '<namespace>'

function parseAuth(value: string): AuthMethod {
  const auth = value.trim() || AuthMethods.AuthToken
  const known: readonly string[] = Object.values(AuthMethods)
  if (known.includes(auth)) return auth as AuthMethod
  throw new InputError(Inputs.Auth, `'${value}' is not a way to sign in`, {
    fix: `Write ${Inputs.Auth}: ${AuthMethods.AuthToken} (username and auth-token), ${Inputs.Auth}: ${AuthMethods.ApiKey} (tenancy-ocid, user-ocid, fingerprint, private-key) or ${Inputs.Auth}: ${AuthMethods.Oidc} (oidc-domain-url, oidc-client-id, oidc-client-secret)`
  })
}

/**
 * The region whose OCI APIs a signed run calls before it has a plan (the namespace lookup):
 * the first `region`, else the one the first registry host names (`fra.ocir.io`); undefined
 * for other hosts.
 */
export function ociRegionOf(settings: Pick<Settings, 'region' | 'registry'>): Region | undefined {
  const [region = ''] = listedValues(settings.region)
  const [registry = ''] = listedValues(settings.registry)
  return findRegion(region) ?? regionOfHost(registryHostOf(registry))
}

const COMPARTMENT_OCID = /^ocid1\.(compartment|tenancy)\.[a-z0-9-]+\.[a-z0-9-]*\.[a-z0-9]+$/

/** The repository `compartment` makes exist; undefined without one, or when a value is wrong. */
function repositoryEnsure(settings: Settings, problems: InputChecks): RepositoryEnsure | undefined {
  const compartmentId = settings.compartment.trim()
  if (!compartmentId) return undefined
  const compartment = problems.check(() => {
    if (COMPARTMENT_OCID.test(compartmentId)) return compartmentId
    throw new InputError(Inputs.Compartment, `'${compartmentId}' is not a compartment OCID`, {
      fix: 'Set compartment to the OCID of the compartment (ocid1.compartment.oc1..…; the tenancy OCID for the root compartment), as the console shows it under Identity → Compartments'
    })
  })
  const visibility = problems.check(() => {
    const value = settings.repositoryVisibility.trim().toLowerCase() || 'private'
    if (value === 'private' || value === 'public') return value
    throw new InputError(
      Inputs.RepositoryVisibility,
      `must be 'private' or 'public'; got '${settings.repositoryVisibility}'`,
      { fix: `Write ${Inputs.RepositoryVisibility}: private (the default) or public` }
    )
  })
  if (!compartment || !visibility) return undefined
  return {
    compartmentId: compartment,
    isPublic: visibility === 'public',
    isImmutable: settings.immutable
  }
}

type PlannedMetadata = Pick<Plan, 'tags' | 'version' | 'labels' | 'annotations'>

/** Log in only, and push by digest: the tags and their metadata belong to another run. */
const NO_METADATA: PlannedMetadata = { tags: [], version: '', labels: [], annotations: [] }

/**
 * The tags the rules give for this build (at least one), the version, labels and annotations;
 * their notices added to `notices`. `repositoryReferences` undefined: not known (another input
 * is wrong), so full references in `tags` are not compared with them.
 */
function planMetadata(
  settings: Settings,
  git: GitContext,
  repositoryReferences: readonly string[] | undefined,
  notices: Plan['notices']
): PlannedMetadata {
  const computed = computeMetadata({
    rules: settings.tags,
    repositories: repositoryReferences,
    flavor: settings.flavor,
    labels: settings.labels,
    annotations: settings.annotations,
    context: git
  })
  if (computed.tags.length === 0) {
    const event = [git.eventName, git.ref].filter(Boolean).join(' ')
    const rules = settings.tags.length === 0 ? 'the default rules' : 'the rules'
    // Outside a git checkout no rule that reads git can apply; only a tag written out can.
    const build = git.sha ? `this build (${event})` : 'a build outside a git checkout (no commit)'
    throw new InputError(
      Inputs.Tags,
      `no tag rule applies to ${build}; ${rules} tried: ${computed.tried.join('; ')}`,
      {
        fix: git.sha
          ? "Add a rule that applies to every build, e.g. 'type=sha' or 'type=raw,value=latest'"
          : "Give a tag written out (e.g. 'v1'), or run inside a git checkout"
      }
    )
  }
  notices.push(...computed.notices)
  const { tags, version, labels, annotations } = computed
  return { tags, version, labels, annotations }
}

/** Every registry host of the plan once, in its order: each is logged into and out of. */
export function planHosts(plan: Plan): string[] {
  return [...new Set(plan.targets.map(target => target.registry))]
}

/** The targets as messages name them: their repositories, or their hosts for a login only. */
export function describeTargets(plan: Plan): string {
  return plan.repositoryReference
    ? plan.targets.map(target => target.repositoryReference).join(', ')
    : planHosts(plan).join(', ')
}

/** True when the run pushes an image: a source, or an index merged from digests. */
export function pushesImage(plan: Plan): plan is PushPlan {
  return plan.mode !== 'login'
}

const DIGEST_PATTERN = /^sha256:[a-f0-9]{64}$/

/**
 * Reads `merge-digests` (not empty). The index is made of images already in the repository,
 * so there must be no image and an explicit repository.
 */
function parseMergeDigests(settings: Settings): string[] {
  if (settings.pushByDigest) {
    throw new InputError(Inputs.MergeDigests, 'cannot be combined with push-by-digest', {
      fix: 'Set push-by-digest: true (with image) in each platform job, and merge-digests (without image) in the one job that joins them'
    })
  }
  if (settings.image.trim()) {
    throw new InputError(Inputs.Image, 'must be empty with merge-digests', {
      fix: 'merge-digests joins images the platform jobs already pushed; remove image from this step'
    })
  }
  if (!settings.repository.trim()) {
    throw new InputError(Inputs.Repository, 'is required with merge-digests', {
      fix: 'Set repository to the repository the platform jobs pushed their digests to (project/app)'
    })
  }
  const seen = new Set<string>()
  for (const digest of settings.mergeDigests) {
    if (!DIGEST_PATTERN.test(digest)) {
      throw new InputError(Inputs.MergeDigests, `'${digest}' is not a digest`, {
        fix: digest.includes('@')
          ? "Pass each platform job's digest output (sha256:…), not its pinned-reference"
          : "Write one digest per line, 'sha256:' and 64 lower-case hex digits: the digest output of each push-by-digest job"
      })
    }
    if (seen.has(digest)) {
      throw new InputError(Inputs.MergeDigests, `${digest} is listed twice`, {
        fix: "List each platform job's digest once; if two jobs pushed the same digest, they built the same platform"
      })
    }
    seen.add(digest)
  }
  return [...seen]
}

/** What names the default repository: the image reference, or a layout's or tarball's base name. */
function nameOf(source: ImageSource): string {
  if (source.kind === 'docker') return source.reference
  const base = source.path.replace(/\/+$/, '').split('/').pop() ?? ''
  return base.replace(/\.(tar|tar\.gz|tgz)$/i, '')
}

/** The image source as the faces show it: `app:1.0 (local Docker engine)`. */
export function describeSource(source: ImageSource): string {
  switch (source.kind) {
    case 'docker':
      return `${source.reference} (local Docker engine)`
    case 'oci':
      return `${source.path}${source.tag ? ` tag ${source.tag}` : ''} (OCI image layout)`
    case 'docker-archive':
      return `${source.path} (docker save tarball)`
  }
}
