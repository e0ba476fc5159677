import { computeMetadata } from '../../../src/tags/metadata.js'
import { githubEventContext } from './github-event.js'

/**
 * What makes ocir-push a drop-in for docker/metadata-action, one row per behaviour, on
 * GitHub's event payloads (metadata-action's test events). Expected values are
 * metadata-action's documented results, except the pre-release fix and the head commit
 * on pull requests (docs/tags.md, "What differs from metadata-action").
 */
const NOW = new Date('2024-03-26T10:20:30.000Z')

interface Row {
  behaviour: string
  event: string
  rules: string[]
  flavor?: string[]
  env?: Record<string, string>
  git?: Record<string, string>
  tags: string[]
}

// prettier-ignore
const rows: Row[] = [
  // latest=auto: the first rule that gives a tag decides
  { behaviour: 'stable semver → latest', event: 'tag_v1.1.1', rules: ['type=semver,pattern={{version}}'], tags: ['1.1.1', 'latest'] },
  { behaviour: 'stable PEP 440 → latest', event: 'tag_1.2', rules: ['type=pep440,pattern={{version}}'], tags: ['1.2', 'latest'] },
  { behaviour: 'ref event=tag → latest', event: 'tag_release1', rules: ['type=ref,event=tag'], tags: ['release1', 'latest'] },
  { behaviour: 'match → latest', event: 'tag_v1.1.1', rules: ['type=match,pattern=\\d.\\d'], tags: ['1.1', 'latest'] },
  { behaviour: 'a higher-priority raw rule first → no latest', event: 'tag_v1.1.1', rules: ['type=raw,value=foo,priority=2000', 'type=ref,event=tag'], tags: ['foo', 'v1.1.1'] },
  { behaviour: 'branch push → no latest', event: 'push_master', rules: ['type=ref,event=branch'], tags: ['master'] },
  // the fix kept: a pre-release never gets latest
  { behaviour: 'semver pre-release through ref event=tag', event: 'tag_v2.0.8-beta.67', rules: ['type=ref,event=tag'], tags: ['v2.0.8-beta.67'] },
  { behaviour: 'semver pre-release through match', event: 'tag_v2.0.8-beta.67', rules: ['type=match,pattern=\\d.\\d.\\d'], tags: ['2.0.8'] },
  { behaviour: 'PEP 440 pre-release through match', event: 'tag_20200110-RC2', rules: ['type=match,pattern=\\d{8}'], tags: ['20200110'] },
  // type=pep440
  { behaviour: 'pep440 rc keeps its normal form only', event: 'tag_1.2.3rc2', rules: ['type=pep440,pattern={{version}}', 'type=pep440,pattern={{major}}.{{minor}}'], tags: ['1.2.3rc2'] },
  { behaviour: 'pep440 dev release normalised', event: 'tag_1.0dev4', rules: ['type=pep440,pattern={{major}}.{{minor}}'], tags: ['1.0.dev4'] },
  { behaviour: 'pep440 beta normalised', event: 'tag_1.1beta2', rules: ['type=pep440,pattern={{version}}'], tags: ['1.1b2'] },
  { behaviour: 'pep440 post release: its version only, no latest', event: 'tag_1.2post1', rules: ['type=pep440,pattern={{version}}', 'type=pep440,pattern={{major}}'], tags: ['1.2.post1'] },
  { behaviour: 'pep440 {{raw}} of a pre-release', event: 'tag_v1.2.3rc2', rules: ['type=pep440,pattern={{raw}}'], tags: ['v1.2.3rc2'] },
  { behaviour: 'pep440 stable: major, minor, patch', event: 'tag_v1.1.1', rules: ['type=pep440,pattern={{major}}.{{minor}}.{{patch}}', 'type=pep440,pattern={{major}}'], tags: ['1.1.1', '1', 'latest'] },
  // match= on semver and pep440
  { behaviour: 'semver match= takes group 1', event: 'tag_p1-v1.0.0', rules: ['type=semver,pattern={{major}}.{{minor}},"match=v(\\d.\\d.\\d)$"'], tags: ['1.0', 'latest'] },
  { behaviour: 'pep440 match= on value=', event: 'push_master', rules: ['type=pep440,pattern={{version}},value=app-1.5rc1,match=app-(.*)'], tags: ['1.5rc1'] },
  // {{commit_date}}
  { behaviour: 'commit_date from head_commit.timestamp', event: 'push_master', rules: ["type=raw,value={{commit_date 'YYYYMMDD-HHmmss'}}"], tags: ['20220419-090439'] },
  { behaviour: 'commit_date with tz', event: 'push_master', rules: ["type=raw,value={{commit_date 'YYYYMMDD-HHmm' tz='Asia/Tokyo'}}"], tags: ['20220419-1804'] },
  { behaviour: 'commit_date from git when the payload has none', event: 'pull_request', git: { 'log -1 --format=%cI': '2023-12-31T23:59:58+01:00' }, rules: ["type=raw,value={{commit_date 'YYYY-MM-DD'}}"], tags: ['2023-12-31'] },
  { behaviour: 'commit_date without a format: ISO 8601', event: 'push_master', rules: ['type=raw,value={{commit_date}}'], tags: ['2022-04-19T09-04-39Z'] },
  { behaviour: 'date is the build time', event: 'push_master', rules: ["type=raw,value={{date 'YYYYMMDD'}}"], tags: ['20240326'] },
  // {{base_ref}}
  { behaviour: 'base_ref on a tag push from the payload', event: 'tag_v1.1.1', rules: ['type=raw,value={{base_ref}}-foo'], tags: ['master-foo'] },
  { behaviour: 'base_ref on a pull request', event: 'pull_request', rules: ['type=raw,value=into-{{base_ref}}'], tags: ['into-master'] },
  // DOCKER_METADATA_* variables
  { behaviour: 'pull request: head commit by default', event: 'pull_request', rules: ['type=sha'], tags: ['sha-3370e22'] },
  { behaviour: 'DOCKER_METADATA_PR_HEAD_SHA=false: merge commit', event: 'pull_request', env: { DOCKER_METADATA_PR_HEAD_SHA: 'false' }, rules: ['type=sha'], tags: ['sha-a9c8c58'] },
  { behaviour: 'DOCKER_METADATA_SHORT_SHA_LENGTH', event: 'push_dev', env: { DOCKER_METADATA_SHORT_SHA_LENGTH: '12' }, rules: ['type=sha', 'type=raw,value=at-{{sha}}'], tags: ['at-860c1904a1ce', 'sha-860c1904a1ce'] },
  // order: priority, then rule order
  { behaviour: 'priority first, then the order written', event: 'tag_v1.1.1', rules: ['type=sha', 'type=raw,value=b', 'type=raw,value=a', 'type=ref,event=tag', 'type=semver,pattern={{major}}'], tags: ['1', 'v1.1.1', 'b', 'a', 'sha-860c190', 'latest'] },
  // no rule applies
  { behaviour: 'no rule applies: no tags', event: 'push_dev', rules: ['type=ref,event=tag', 'type=ref,event=pr'], tags: [] }
]

describe('metadata-action behaviour on real event payloads', () => {
  it.each(rows.map(row => [row.behaviour, row] as const))('%s', async (_behaviour, row) => {
    const context = await githubEventContext(row.event, { env: row.env, git: row.git, now: NOW })
    const computed = computeMetadata({ rules: row.rules, flavor: row.flavor ?? [], context })
    expect(computed.tags).toEqual(row.tags)
    expect(computed.version).toBe(row.tags[0] ?? '')
  })

  it('says which rules were tried when none applies', async () => {
    const context = await githubEventContext('push_dev', { now: NOW })
    const rules = ['type=ref,event=tag', 'type=semver,pattern={{version}}']
    const computed = computeMetadata({ rules, flavor: [], context })
    expect(computed.tried).toEqual(['type=semver,pattern={{version}}', 'type=ref,event=tag'])
    expect(computed.notices.at(-1)?.message).toMatch(
      /rules tried: type=semver,pattern=\{\{version\}\}; type=ref,event=tag\.$/
    )
  })
})

describe('labels and annotations', () => {
  it('come from the payload repository, the version and the commit', async () => {
    const context = await githubEventContext('tag_v1.1.1', { now: NOW })
    const computed = computeMetadata({ rules: ['type=ref,event=tag'], flavor: [], context })
    const standard = [
      'org.opencontainers.image.created=2024-03-26T10:20:30.000Z',
      'org.opencontainers.image.description=Test "Docker" Actions',
      'org.opencontainers.image.licenses=MIT',
      'org.opencontainers.image.revision=860c1904a1ce19322e91ac35af1ab07466440c37',
      'org.opencontainers.image.source=https://github.com/docker/test-docker-action',
      'org.opencontainers.image.title=test-docker-action',
      'org.opencontainers.image.url=https://github.com/docker/test-docker-action',
      'org.opencontainers.image.version=v1.1.1'
    ]
    expect(computed.labels).toEqual(standard)
    expect(computed.annotations).toEqual(standard.map(line => `manifest:${line}`))
  })

  it('take the user lines: added, overriding, expanded; lines without = ignored', async () => {
    const context = await githubEventContext('push_dev', { now: NOW })
    const computed = computeMetadata({
      rules: ['type=ref,event=branch'],
      flavor: [],
      context,
      labels: [
        'org.opencontainers.image.title=app',
        'maintainer=ops@example.com',
        '# a comment',
        'invalid',
        'org.opencontainers.image.vendor=Acme {{branch}}'
      ],
      annotations: ['index:org.opencontainers.image.title=index title'],
      now: new Date('2024-01-02T03:04:05.000Z')
    })
    expect(computed.labels).toEqual([
      'maintainer=ops@example.com',
      'org.opencontainers.image.created=2024-01-02T03:04:05.000Z',
      'org.opencontainers.image.description=Test "Docker" Actions',
      'org.opencontainers.image.licenses=MIT',
      'org.opencontainers.image.revision=860c1904a1ce19322e91ac35af1ab07466440c37',
      'org.opencontainers.image.source=https://github.com/docker/test-docker-action',
      'org.opencontainers.image.title=app',
      'org.opencontainers.image.url=https://github.com/docker/test-docker-action',
      'org.opencontainers.image.vendor=Acme dev',
      'org.opencontainers.image.version=dev'
    ])
    // As in metadata-action, a level written in a line is part of its key.
    expect(computed.annotations).toContain(
      'manifest:index:org.opencontainers.image.title=index title'
    )
  })

  it('are written for every level of DOCKER_METADATA_ANNOTATIONS_LEVELS', async () => {
    const env = { DOCKER_METADATA_ANNOTATIONS_LEVELS: 'manifest,index' }
    const context = await githubEventContext('push_dev', { env, now: NOW })
    const { annotations } = computeMetadata({
      rules: ['type=ref,event=branch'],
      flavor: [],
      context
    })
    expect(annotations).toHaveLength(16)
    expect(annotations[0]).toMatch(/^manifest:org\.opencontainers\.image\.created=/)
    expect(annotations[8]).toMatch(/^index:org\.opencontainers\.image\.created=/)
  })

  it('name the failing line of an unknown expression', async () => {
    const context = await githubEventContext('push_dev', { now: NOW })
    expect(() =>
      computeMetadata({ rules: [], flavor: [], context, labels: ['a=b', 'c={{nope}}'] })
    ).toThrow(
      expect.objectContaining({
        input: 'labels',
        message: expect.stringMatching(/^line 2 'c=\{\{nope\}\}': unknown expression \{\{nope\}\}/)
      })
    )
  })
})

describe('DOCKER_METADATA_SHORT_SHA_LENGTH', () => {
  it('must be a positive number', async () => {
    await expect(
      githubEventContext('push_dev', { env: { DOCKER_METADATA_SHORT_SHA_LENGTH: 'ten' }, now: NOW })
    ).rejects.toThrow("DOCKER_METADATA_SHORT_SHA_LENGTH is not a positive number: 'ten'")
  })
})
