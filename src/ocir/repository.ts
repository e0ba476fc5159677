import { Inputs, REPOSITORY_PATTERN, TAG_PATTERN } from '../common/constants.js'
import { InputError } from '../common/errors.js'
import { refuseControlCharacters } from './names.js'
import { listedValues, refuseRepeats } from './values.js'

const MAX_REPOSITORY_LENGTH = 255
const MAX_TAG_LENGTH = 128
const DOCKER_HUB_HOSTS = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io'])
/** `sha256:<hex>` or the hex forms `docker images` prints: an ID names no repository. */
const IMAGE_ID = /^(sha256:[0-9a-f]{64}|[0-9a-f]{12,64})$/
const REPOSITORY_GRAMMAR =
  "path components of lower-case letters and digits, separated inside by '.', '_', '__' or '-', joined by '/'"

/**
 * Docker's rule for whether the first component of a reference is a registry host: it has
 * a `.` or `:`, is `localhost`, or has upper case (which a repository path cannot have).
 */
function isRegistryHost(component: string): boolean {
  return (
    /[.:]/.test(component) || component === 'localhost' || component !== component.toLowerCase()
  )
}

/**
 * Whether a `repository` value starts with a registry host. Repository components may
 * contain dots themselves, so only a port, `localhost`, or a dotted name ending in a
 * top-level domain in front of at least two more components counts.
 */
function startsWithRegistryHost(components: string[]): boolean {
  const [first] = components
  // `app:1` alone is a name and a tag; `host:5000/app` starts with a host.
  return (
    (first.includes(':') && components.length > 1) ||
    first === 'localhost' ||
    (components.length >= 3 && /\.[a-z]{2,}$/i.test(first))
  )
}

/** A reference's parts: the registry host (if any), the path, the tag and digest dropped. */
function splitReference(
  reference: string,
  hasHost: (components: string[]) => boolean
): { host?: string; path: string } {
  const withoutDigest = reference.split('@', 1)[0]
  const components = withoutDigest.split('/')
  const host = components.length > 1 && hasHost(components) ? components.shift() : undefined
  const last = components.length - 1
  components[last] = components[last].split(':', 1)[0]
  return { host, path: components.join('/') }
}

/** A repository name close to `raw` that the registry accepts ('' when nothing is left). */
function suggestRepository(raw: string, namespace?: string): string {
  const components = splitReference(raw.trim(), startsWithRegistryHost)
    .path.toLowerCase()
    .split('/')
    .map(c =>
      c
        .replace(/[^a-z0-9._-]+/g, '-')
        .replace(/[._-]*(__|[._]|-+)[._-]*/g, '$1')
        .replace(/^[._-]+|[._-]+$/g, '')
    )
    .filter(c => c !== '')
  if (namespace && components[0] === namespace) components.shift()
  return components.join('/')
}

/** What is wrong with a repository value, in the order a user most likely needs to hear it. */
const REPOSITORY_PROBLEMS: Array<{
  test: (value: string, namespace?: string) => boolean
  problem: string
}> = [
  { test: v => v.includes('@'), problem: 'includes a digest' },
  {
    test: v => startsWithRegistryHost(v.split('/')),
    problem: 'includes a registry host; the host comes from region or registry'
  },
  {
    test: v => (v.split('/').pop() ?? '').includes(':'),
    problem: 'includes a tag; tags come from the tags input'
  },
  {
    test: (v, ns) => ns !== undefined && v.startsWith(`${ns}/`),
    problem: 'starts with the namespace, which is put in front of it already'
  },
  { test: v => v.startsWith('/'), problem: "starts with '/'" },
  { test: v => v.endsWith('/') || v.includes('//'), problem: 'has an empty path component' },
  { test: v => /[A-Z]/.test(v), problem: 'has upper case; repository names are lower case' },
  { test: v => /\s/.test(v), problem: 'contains whitespace' }
]

/**
 * The `repository` value (the path under the namespace, `project/app`), trimmed. Given the
 * namespace, a repository that repeats it is refused too (it would become `ns/ns/…`).
 */
/**
 * The repositories of the `repository` setting (one per line, or separated by commas; a
 * repository name has neither), each checked as `validateRepository` does; none listed twice.
 */
export function validateRepositories(raw: string, namespace?: string): string[] {
  const listed = listedValues(raw)
  const repositories = (listed.length > 0 ? listed : [raw]).map(value =>
    validateRepository(value, namespace)
  )
  refuseRepeats(Inputs.Repository, repositories, 'repository')
  return repositories
}

export function validateRepository(raw: string, namespace?: string): string {
  const repository = raw.trim()
  refuseControlCharacters(Inputs.Repository, repository)
  if (repository === '') {
    throw new InputError(Inputs.Repository, 'repository is empty', {
      fix: "Set repository to the path under the namespace, e.g. 'project/app', or leave it unset to use the image's name."
    })
  }
  const found = REPOSITORY_PROBLEMS.find(p => p.test(repository, namespace))
  if (!found && REPOSITORY_PATTERN.test(repository)) {
    if (repository.length > MAX_REPOSITORY_LENGTH) {
      throw new InputError(
        Inputs.Repository,
        `repository is ${repository.length} characters long`,
        {
          fix: `Use a repository name of at most ${MAX_REPOSITORY_LENGTH} characters.`
        }
      )
    }
    return repository
  }
  const suggestion = suggestRepository(repository, namespace)
  throw new InputError(
    Inputs.Repository,
    `repository '${repository}' ${found?.problem ?? `is not a repository name: ${REPOSITORY_GRAMMAR}`}`,
    {
      fix: suggestion
        ? `Write repository: '${suggestion}'.`
        : `Write the path under the namespace: ${REPOSITORY_GRAMMAR}, e.g. 'project/app'.`
    }
  )
}

/**
 * The repository an image is pushed to when `repository` is not set: the image's name
 * without registry host, tag and digest, lower-cased (`ghcr.io/acme/App:1.0` → `acme/app`).
 * Docker Hub's implicit `library/` is dropped (`docker.io/library/busybox` → `busybox`): it
 * is Docker's spelling, not part of the name users see. Given the namespace, a leading
 * namespace component (an image pulled from the same tenancy) is dropped as well.
 */
export function defaultRepository(imageReference: string, namespace?: string): string {
  const reference = imageReference.trim()
  refuseControlCharacters(Inputs.Image, reference)
  if (IMAGE_ID.test(reference)) {
    throw new InputError(Inputs.Repository, 'repository is required when image is an image ID', {
      fix: `Set repository to the path under the namespace, e.g. 'project/app' (image '${reference}' has no name).`
    })
  }
  const { host, path } = splitReference(reference, components => isRegistryHost(components[0]))
  let components = path.toLowerCase().split('/')
  if (
    (!host || DOCKER_HUB_HOSTS.has(host)) &&
    components.length === 2 &&
    components[0] === 'library'
  ) {
    components = components.slice(1)
  }
  if (namespace && components.length > 1 && components[0] === namespace)
    components = components.slice(1)
  const repository = components.join('/')
  if (!REPOSITORY_PATTERN.test(repository) || repository.length > MAX_REPOSITORY_LENGTH) {
    const suggestion = suggestRepository(path, namespace)
    throw new InputError(
      Inputs.Repository,
      `no repository name can be derived from image '${reference}'`,
      {
        fix: `Set repository to the path under the namespace, e.g. '${suggestion || 'project/app'}'.`
      }
    )
  }
  return repository
}

/** A tag as the registry accepts it; the fix shows the nearest valid tag. */
export function validateTag(tag: string): string {
  if (TAG_PATTERN.test(tag)) return tag
  refuseControlCharacters(Inputs.Tags, tag)
  const suggestion = tag
    .trim()
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[.-]+/, '')
    .slice(0, MAX_TAG_LENGTH)
  const problem =
    tag === ''
      ? 'is empty'
      : tag.length > MAX_TAG_LENGTH
        ? `is ${tag.length} characters long; at most ${MAX_TAG_LENGTH} are allowed`
        : /^[.-]/.test(tag)
          ? "starts with '.' or '-'"
          : "may contain only letters, digits, '_', '.' and '-'"
  throw new InputError(Inputs.Tags, `tag '${tag}' ${problem}`, {
    fix: TAG_PATTERN.test(suggestion)
      ? `Use tag '${suggestion}' (change the tag rule that produced '${tag}').`
      : `Change the tag rule: a tag is 1 to ${MAX_TAG_LENGTH} letters, digits, '_', '.' or '-', not starting with '.' or '-'.`
  })
}
