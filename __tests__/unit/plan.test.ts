import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { InputError } from '../../src/common/errors.js'
import type { GitContext } from '../../src/tags/context.js'
import { resolveGitContext } from '../../src/git/index.js'
import { createPlan, ociRegionOf, parseImageSource, pushesImage } from '../../src/engine/plan.js'
import type { Settings } from '../../src/engine/settings.js'
import { SETTINGS, TAG_PUSH, oneTarget } from '../support/plan-settings.js'

/** The org.opencontainers.image.* set of TAG_PUSH (no repository facts), sorted by key. */
const OCI_LABELS = [
  'org.opencontainers.image.created=2024-03-26T10:20:30.000Z',
  'org.opencontainers.image.description=',
  'org.opencontainers.image.licenses=',
  `org.opencontainers.image.revision=${TAG_PUSH.sha}`,
  'org.opencontainers.image.source=',
  'org.opencontainers.image.title=',
  'org.opencontainers.image.url=',
  'org.opencontainers.image.version=2.3.4'
]

function plan(overrides: Partial<Settings>, git: GitContext = TAG_PUSH) {
  return createPlan({ ...SETTINGS, ...overrides }, git)
}

function inputError(fn: () => unknown): InputError {
  try {
    fn()
  } catch (error) {
    if (error instanceof InputError) return error
    throw error
  }
  throw new Error('expected an InputError')
}

describe('parseImageSource', () => {
  it.each([
    ['', undefined],
    ['   ', undefined],
    ['app:1.0', { kind: 'docker', reference: 'app:1.0' }],
    [' ghcr.io/acme/app:1.0 ', { kind: 'docker', reference: 'ghcr.io/acme/app:1.0' }],
    ['localhost:5000/x/y', { kind: 'docker', reference: 'localhost:5000/x/y' }],
    ['sha256:' + 'a'.repeat(64), { kind: 'docker', reference: 'sha256:' + 'a'.repeat(64) }],
    ['oci:./layout', { kind: 'oci', path: './layout' }],
    ['oci:/builds/app:v1', { kind: 'oci', path: '/builds/app', tag: 'v1' }],
    ['oci:/a:b/layout', { kind: 'oci', path: '/a:b/layout' }],
    ['oci:/a:b/layout:1.0', { kind: 'oci', path: '/a:b/layout', tag: '1.0' }],
    ['oci:dir:v1:', { kind: 'oci', path: 'dir:v1' }],
    ['oci:dir:not a tag', { kind: 'oci', path: 'dir:not a tag' }],
    ['docker-archive:./app.tar', { kind: 'docker-archive', path: './app.tar' }],
    ['docker-archive:/tmp/a:b.tar', { kind: 'docker-archive', path: '/tmp/a:b.tar' }]
  ])('%j → %j', (image, source) => {
    expect(parseImageSource(image)).toEqual(source)
  })

  it.each([
    ['oci:', /'oci:' names no path/],
    ['oci::v1', /'oci:' names no path/],
    ['docker-archive:', /'docker-archive:' names no path/],
    ['docker://busybox', /is a URL/]
  ])('refuses %j naming the image input', (image, message) => {
    const error = inputError(() => parseImageSource(image))
    expect(error.input).toBe('image')
    expect(error.message).toMatch(message)
    expect(error.fix).not.toBe('')
  })
})

describe('createPlan', () => {
  it('plans a tag push to the region host with the default tags, most specific first', () => {
    expect(plan({})).toEqual(
      oneTarget({
        mode: 'push',
        registry: 'fra.ocir.io',
        hostInput: 'region',
        namespace: 'axaxnpcrorw5',
        username: 'axaxnpcrorw5/jdoe@acme.com',
        repository: 'app',
        repositoryPath: 'axaxnpcrorw5/app',
        repositoryReference: 'fra.ocir.io/axaxnpcrorw5/app',
        tags: ['2.3.4', '2.3', '2', 'latest'],
        references: ['2.3.4', '2.3', '2', 'latest'].map(t => `fra.ocir.io/axaxnpcrorw5/app:${t}`),
        version: '2.3.4',
        labels: OCI_LABELS,
        annotations: OCI_LABELS.map(label => `manifest:${label}`),
        source: { kind: 'docker', reference: 'app:1.0' },
        push: true,
        notices: []
      })
    )
  })

  it.each([
    [{ region: 'eu-frankfurt-1' }, 'fra.ocir.io'],
    [{ region: 'IAD' }, 'iad.ocir.io'],
    [{ region: 'us-langley-1' }, 'ocir.us-langley-1.oci.oraclegovcloud.com'],
    [{ region: 'fra', registry: '127.0.0.1:5000' }, '127.0.0.1:5000'],
    [{ region: '', registry: 'localhost:5000' }, 'localhost:5000']
  ])('host for %j is %s, also in every reference', (overrides, host) => {
    const result = plan(overrides)
    expect(result.registry).toBe(host)
    expect(result.hostInput).toBe(
      'registry' in overrides && overrides.registry ? 'registry' : 'region'
    )
    for (const reference of result.references) {
      expect(reference.startsWith(`${host}/axaxnpcrorw5/app:`)).toBe(true)
    }
  })

  it.each([
    [{ registry: 'https://127.0.0.1:5443' }, '127.0.0.1:5443', 'https'],
    [{ registry: 'http://registry.example.com:5000' }, 'registry.example.com:5000', 'http'],
    [{ registry: '127.0.0.1:5000' }, '127.0.0.1:5000', undefined],
    [{ region: 'fra', registry: '' }, 'fra.ocir.io', undefined]
  ])('registry %j: host %s in every reference, scheme %s', (overrides, host, scheme) => {
    const result = plan(overrides)
    expect(result.registry).toBe(host)
    expect(result.registryScheme).toBe(scheme)
    expect(result.references[0]).toBe(`${host}/axaxnpcrorw5/app:2.3.4`)
  })

  it.each([
    [{ region: '', registry: 'https://FRA.ocir.io/' }, 'eu-frankfurt-1'],
    [{ region: '', registry: 'ocir.us-langley-1.oci.oraclegovcloud.com' }, 'us-langley-1'],
    [{ region: 'iad', registry: 'https://127.0.0.1:5443' }, 'us-ashburn-1'],
    [{ region: '', registry: 'https://127.0.0.1:5443' }, undefined]
  ])("OCI's APIs for %j are in %s", (settings, identifier) => {
    expect(ociRegionOf(settings)?.identifier).toBe(identifier)
  })

  it.each([
    [{ username: 'jdoe@acme.com' }, 'axaxnpcrorw5/jdoe@acme.com'],
    [{ username: 'axaxnpcrorw5/jdoe@acme.com' }, 'axaxnpcrorw5/jdoe@acme.com'],
    [
      { username: 'jdoe@acme.com', identityDomain: 'oracleidentitycloudservice' },
      'axaxnpcrorw5/oracleidentitycloudservice/jdoe@acme.com'
    ],
    [{ username: 'Jane Doe' }, 'axaxnpcrorw5/Jane Doe']
  ])('username %j → %s', (overrides, username) => {
    expect(plan(overrides).username).toBe(username)
  })

  it.each([
    [{ image: 'ghcr.io/acme/App:1.0' }, 'acme/app'],
    [{ image: 'busybox' }, 'busybox'],
    [{ image: 'app:1.0', repository: 'project/app' }, 'project/app'],
    [{ image: 'oci:./build/app-layout:1.0' }, 'app-layout'],
    [{ image: 'docker-archive:/tmp/Web.tar' }, 'web'],
    [{ image: 'docker-archive:/tmp/site.tar.gz' }, 'site']
  ])('repository for %j is %s', (overrides, repository) => {
    const result = plan(overrides)
    expect(result.repository).toBe(repository)
    expect(result.repositoryPath).toBe(`axaxnpcrorw5/${repository}`)
    expect(result.repositoryReference).toBe(`fra.ocir.io/axaxnpcrorw5/${repository}`)
  })

  it('with no image plans a login only: no repository, no tags', () => {
    const result = plan({ image: '' })
    expect(result).toEqual(
      expect.objectContaining({
        mode: 'login',
        repository: '',
        repositoryPath: '',
        repositoryReference: '',
        tags: [],
        references: []
      })
    )
    expect(result).not.toHaveProperty('source')
  })

  it('carries push: false and user tag rules with their notices', () => {
    const result = plan({ push: false, tags: ['type=raw,value=Feature/X#1'] })
    expect(result.push).toBe(false)
    expect(result.tags).toEqual(['Feature-X-1'])
    expect(result.notices.length).toBeGreaterThan(0)
  })

  it.each([
    [{ region: 'mars' }, 'region'],
    [{ region: '', registry: '' }, 'region'],
    [{ registry: 'docker://fra.ocir.io' }, 'registry'],
    [{ namespace: 'AcmeCorp' }, 'namespace'],
    [{ namespace: '' }, 'namespace'],
    [{ username: '' }, 'username'],
    [{ repository: 'Project/App' }, 'repository'],
    [{ repository: 'app:1.0' }, 'repository'],
    [{ image: 'sha256:' + 'a'.repeat(64) }, 'repository'],
    [{ tags: ['type=nonsense'] }, 'tags'],
    [{ tags: ['type=raw,value=x,enable=false'] }, 'tags']
  ])('refuses %j naming input %s with a fix', (overrides, input) => {
    const error = inputError(() => plan(overrides))
    expect(error.input).toBe(input)
    expect(error.fix.length).toBeGreaterThan(10)
  })
})

describe('createPlan: version, labels and annotations (metadata-action outputs)', () => {
  const MERGE: Partial<Settings> = {
    image: '',
    repository: 'project/app',
    mergeDigests: [`sha256:${'a'.repeat(64)}`]
  }
  const NONE = { version: '', labels: [], annotations: [] }

  it.each<[string, Partial<Settings>, string]>([
    ['a tag push', {}, 'push'],
    ['a dry run', { push: false }, 'push'],
    ['a merge of digests', MERGE, 'merge'],
    [
      'push: false without an image, for a build to come',
      { image: '', repository: 'project/app', push: false },
      'login'
    ]
  ])('computes them for %s', (_, overrides, mode) => {
    const result = plan(overrides)
    expect(result).toMatchObject({
      mode,
      tags: ['2.3.4', '2.3', '2', 'latest'],
      version: '2.3.4',
      labels: OCI_LABELS,
      annotations: OCI_LABELS.map(label => `manifest:${label}`)
    })
  })

  it('gives the references a later push of the repository gets when no image is there yet', () => {
    const result = plan({ image: '', repository: 'project/app', push: false })
    expect(result.references[0]).toBe('fra.ocir.io/axaxnpcrorw5/project/app:2.3.4')
    expect(pushesImage(result)).toBe(false)
  })

  it.each<[string, Partial<Settings>]>([
    ['a login', { image: '' }],
    ['push: false without image and repository', { image: '', push: false }],
    ['a login with a repository', { image: '', repository: 'project/app' }],
    ['a push by digest', { pushByDigest: true }]
  ])('leaves them empty for %s', (_, overrides) => {
    expect(plan({ ...overrides, labels: ['a=1'] })).toMatchObject({ tags: [], ...NONE })
  })

  it('adds the user lines and lets them override the OCI set, sorted by key', () => {
    const result = plan({
      labels: ['org.opencontainers.image.title=app', '# a comment', 'maintainer=ops {{tag}}'],
      annotations: ['org.opencontainers.image.vendor=Acme']
    })
    expect(result.labels).toEqual(
      ['maintainer=ops v2.3.4', ...OCI_LABELS].map(label =>
        label === 'org.opencontainers.image.title=' ? 'org.opencontainers.image.title=app' : label
      )
    )
    expect(result.annotations).toEqual(
      [...OCI_LABELS.slice(0, 7), 'org.opencontainers.image.vendor=Acme', OCI_LABELS[7]].map(
        line => `manifest:${line}`
      )
    )
  })

  it.each([
    ['labels', { labels: ['a=1', 'b={{nope}}'] }, "line 2 'b={{nope}}': unknown expression"],
    ['annotations', { annotations: ['c={{unknown}}'] }, "line 1 'c={{unknown}}'"]
  ])('refuses a bad %s line, naming the input and the line', (input, overrides, message) => {
    const error = inputError(() => plan(overrides))
    expect(error.input).toBe(input)
    expect(error.message).toContain(message)
    expect(error.fix).toMatch(/docs\/tags\.md/)
  })

  it('names the rules it tried when none applies', () => {
    const error = inputError(() =>
      plan({ tags: ['type=ref,event=branch', 'type=raw,value=x,enable=false'] })
    )
    expect(error.input).toBe('tags')
    expect(error.message).toBe(
      'no tag rule applies to this build (push refs/tags/v2.3.4); the rules tried: type=ref,event=branch; type=raw,value=x,enable=false'
    )
  })
})

/** Real GitHub event payloads (shared fixtures): every event plans the tags it must give. */
describe('createPlan from GitHub events', () => {
  const directory = join(import.meta.dirname, '../fixtures/github')
  const fixtures = readdirSync(directory)
    .filter(file => file.endsWith('.json'))
    .map(file => ({
      name: file,
      ...(JSON.parse(readFileSync(join(directory, file), 'utf8')) as {
        env: Record<string, string>
        payload?: unknown
        git?: Record<string, string>
        tags: string[]
      })
    }))

  it.each(fixtures)('$name', async fixture => {
    const git = await resolveGitContext(fixture.env, {
      readFile: async () => JSON.stringify(fixture.payload),
      git: async args => fixture.git?.[args.join(' ')],
      now: () => new Date('2024-03-26T10:20:30.000Z')
    })
    const result = plan({ image: 'ghcr.io/acme/app:build' }, git)
    expect(result.references).toEqual(
      fixture.tags.map(tag => `fra.ocir.io/axaxnpcrorw5/acme/app:${tag}`)
    )
  })
})

describe('createPlan for matrix builds', () => {
  const AMD64 = `sha256:${'a'.repeat(64)}`
  const ARM64 = `sha256:${'b'.repeat(64)}`
  const MERGE: Partial<Settings> = {
    image: '',
    repository: 'project/app',
    mergeDigests: [AMD64, ARM64]
  }

  it('pushes by digest: the source, no tags, no references', () => {
    const result = plan({ image: 'app:amd64', pushByDigest: true })
    expect(result).toMatchObject({
      mode: 'push-by-digest',
      source: { kind: 'docker', reference: 'app:amd64' },
      repository: 'app',
      tags: [],
      references: []
    })
    expect(pushesImage(result)).toBe(true)
  })

  it.each<Partial<Settings>>([{ tags: ['type=sha'] }, { labels: ['a=1'] }])(
    'tells that %j is not used when pushing by digest',
    overrides => {
      const result = plan({ pushByDigest: true, ...overrides })
      expect(result.tags).toEqual([])
      expect(result.notices).toContainEqual(expect.objectContaining({ title: 'Tags not used' }))
    }
  )

  it('merges digests under the computed tags, without a source', () => {
    const result = plan(MERGE)
    expect(result).toMatchObject({
      mode: 'merge',
      digests: [AMD64, ARM64],
      repository: 'project/app',
      repositoryPath: 'axaxnpcrorw5/project/app',
      tags: ['2.3.4', '2.3', '2', 'latest'],
      references: ['2.3.4', '2.3', '2', 'latest'].map(
        tag => `fra.ocir.io/axaxnpcrorw5/project/app:${tag}`
      )
    })
    expect(result).not.toHaveProperty('source')
    expect(pushesImage(result)).toBe(true)
  })

  it('a plain tag push is neither', () => {
    expect(plan({}).mode).toBe('push')
    expect(pushesImage(plan({ image: '' }))).toBe(false)
  })

  it.each<[string, Partial<Settings>, string, RegExp]>([
    [
      'push-by-digest without an image',
      { image: '', pushByDigest: true },
      'push-by-digest',
      /needs an image/
    ],
    ['both modes at once', { ...MERGE, pushByDigest: true }, 'merge-digests', /push-by-digest/],
    ['an image with merge-digests', { ...MERGE, image: 'app:1.0' }, 'image', /must be empty/],
    ['no repository', { ...MERGE, repository: '' }, 'repository', /required with merge-digests/],
    [
      'a short digest',
      { ...MERGE, mergeDigests: ['sha256:abc'] },
      'merge-digests',
      /'sha256:abc' is not a digest/
    ],
    [
      'upper-case hex',
      { ...MERGE, mergeDigests: [`sha256:${'A'.repeat(64)}`] },
      'merge-digests',
      /is not a digest/
    ],
    [
      'no algorithm',
      { ...MERGE, mergeDigests: ['a'.repeat(64)] },
      'merge-digests',
      /is not a digest/
    ],
    [
      'a pinned reference',
      { ...MERGE, mergeDigests: [`fra.ocir.io/ns/app@${AMD64}`] },
      'merge-digests',
      /is not a digest/
    ],
    [
      'a duplicate',
      { ...MERGE, mergeDigests: [AMD64, ARM64, AMD64] },
      'merge-digests',
      /listed twice/
    ],
    [
      'no tag rule that applies',
      { ...MERGE, tags: ['type=raw,value=x,enable=false'] },
      'tags',
      /no tag rule/
    ]
  ])('refuses %s, naming the input and the fix', (_, overrides, input, message) => {
    const error = inputError(() => plan(overrides))
    expect(error.input).toBe(input)
    expect(error.message).toMatch(message)
    expect(error.fix.length).toBeGreaterThan(10)
  })

  it.each<[string, Partial<Settings>, string[]]>([
    ['a literal list', { tags: ['v1, latest'] }, ['v1', 'latest']],
    [
      "metadata-action's references to this repository",
      { repository: 'project/app', tags: ['fra.ocir.io/axaxnpcrorw5/project/app:2.3.4'] },
      ['2.3.4']
    ]
  ])('takes tags written out: %s', (_, overrides, tags) => {
    expect(plan(overrides).tags).toEqual(tags)
  })

  it('refuses a reference to a repository other than the one it pushes to, naming both', () => {
    const error = inputError(() => plan({ tags: ['fra.ocir.io/axaxnpcrorw5/other:1'] }))
    expect(error.input).toBe('tags')
    expect(error.message).toContain(
      "'fra.ocir.io/axaxnpcrorw5/other:1' names fra.ocir.io/axaxnpcrorw5/other, not the repository this step pushes to (fra.ocir.io/axaxnpcrorw5/app)"
    )
  })

  it('points a pinned reference at the digest output', () => {
    const error = inputError(() =>
      plan({ ...MERGE, mergeDigests: [`fra.ocir.io/ns/app@${AMD64}`] })
    )
    expect(error.fix).toMatch(/digest output .* not its pinned-reference/)
  })
})
