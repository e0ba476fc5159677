import {
  describePlan,
  failureTitle,
  formatBytes,
  renderFailureSummary,
  renderSummary
} from '../../../src/action/summary.js'
import {
  DockerError,
  InputError,
  OcirPushError,
  RegistryError
} from '../../../src/common/errors.js'
import { PartialPushError } from '../../../src/engine/partial-push.js'
import { toOutputs } from '../../../src/engine/outputs.js'
import type { Plan, PushResult, TagPushPlan } from '../../../src/engine/types.js'
import { oneTarget } from '../../support/plan-settings.js'

const DIGEST = `sha256:${'ab'.repeat(32)}`
const REPOSITORY = 'fra.ocir.io/axaxnpcrorw5/project/app'
const PLAN: TagPushPlan = oneTarget({
  mode: 'push',
  registry: 'fra.ocir.io',
  namespace: 'axaxnpcrorw5',
  username: 'axaxnpcrorw5/jdoe@acme.com',
  repository: 'project/app',
  repositoryPath: 'axaxnpcrorw5/project/app',
  repositoryReference: REPOSITORY,
  tags: ['2.3.4', '2.3'],
  references: [`${REPOSITORY}:2.3.4`, `${REPOSITORY}:2.3`],
  version: '2.3.4',
  labels: ['org.opencontainers.image.version=2.3.4'],
  annotations: ['manifest:org.opencontainers.image.version=2.3.4'],
  source: { kind: 'docker', reference: 'app:1.0' },
  push: true,
  notices: []
})
const RESULT: PushResult = {
  digest: DIGEST,
  pushed: PLAN.references,
  platforms: ['linux/amd64'],
  size: 12_345_678
}
const LOGIN_ONLY: Plan = oneTarget({
  mode: 'login',
  registry: PLAN.registry,
  namespace: PLAN.namespace,
  username: PLAN.username,
  push: true,
  notices: [],
  repository: '',
  repositoryPath: '',
  repositoryReference: '',
  tags: [],
  references: [],
  version: '',
  labels: [],
  annotations: []
})

/** The summary of `plan` (its target fields as written) pushed with `result`. */
function pushed(plan: Plan = PLAN, result: PushResult = RESULT): string {
  const whole = oneTarget(plan)
  return renderSummary(whole, toOutputs(whole, [{ result }]), [result])
}

/** The fenced block that follows `label` in `markdown`, without its fences. */
function blockAfter(markdown: string, label: string): string {
  const match = new RegExp(`${label}\\n\\n(\`{3,})\\w*\\n([\\s\\S]*?)\\n\\1`).exec(markdown)
  if (!match) throw new Error(`no fenced block after '${label}' in:\n${markdown}`)
  return match[2]!
}

describe('toOutputs', () => {
  it('gives every output after a push, the pull reference first of the tags', () => {
    expect(toOutputs(PLAN, [{ result: RESULT }])).toEqual({
      registry: 'fra.ocir.io',
      username: 'axaxnpcrorw5/jdoe@acme.com',
      repository: REPOSITORY,
      tags: PLAN.references,
      'pull-reference': `${REPOSITORY}:2.3.4`,
      digest: DIGEST,
      'pinned-reference': `${REPOSITORY}@${DIGEST}`,
      version: '2.3.4',
      labels: PLAN.labels,
      annotations: PLAN.annotations,
      targets: [
        {
          registry: 'fra.ocir.io',
          repository: REPOSITORY,
          tags: PLAN.references,
          'pull-reference': `${REPOSITORY}:2.3.4`,
          digest: DIGEST,
          'pinned-reference': `${REPOSITORY}@${DIGEST}`
        }
      ]
    })
  })

  it('leaves digest and pinned-reference empty without a push', () => {
    expect(toOutputs(PLAN)).toMatchObject({ digest: '', 'pinned-reference': '' })
    expect(toOutputs(PLAN)['pull-reference']).toBe(PLAN.references[0])
  })
})

describe('describePlan', () => {
  it('lists host, username, image, repository and tags', () => {
    expect(describePlan(PLAN)).toEqual([
      'Registry:   fra.ocir.io',
      'Username:   axaxnpcrorw5/jdoe@acme.com',
      'Image:      app:1.0 (local Docker engine)',
      `Repository: ${REPOSITORY}`,
      'Tags:       2.3.4, 2.3',
      'Labels:     org.opencontainers.image.version=2.3.4'
    ])
  })

  it.each([
    [{ kind: 'oci', path: './layout', tag: '1.0' } as const, './layout tag 1.0 (OCI image layout)'],
    [{ kind: 'docker-archive', path: 'app.tar' } as const, 'app.tar (docker save tarball)']
  ])('names a %j source', (source, text) => {
    expect(describePlan({ ...PLAN, source })).toContain(`Image:      ${text}`)
  })

  it('says when it only logs in', () => {
    expect(describePlan(LOGIN_ONLY)).toContain('Image:      none (log in only)')
  })
})

describe('renderSummary after a push', () => {
  it('names the repository in its heading, lists the references, and digest, size and platforms once', () => {
    const markdown = pushed()
    expect(markdown).toContain(`### Pushed to OCIR: \`${REPOSITORY}\`\n`)
    expect(markdown).toContain(`→ \`${REPOSITORY}\`. Version \`2.3.4\`.`)
    expect(markdown).toContain(
      `| Reference |\n| --- |\n| \`${REPOSITORY}:2.3.4\` |\n| \`${REPOSITORY}:2.3\` |\n`
    )
    expect(markdown.split(DIGEST)).toHaveLength(4) // once, and in the two pinned references
    expect(markdown).toContain(`Digest \`${DIGEST}\`, size 12.3 MB, platforms \`linux/amd64\`.`)
  })

  it.each<[string, Partial<PushResult>, string]>([
    [
      'two platforms of an index, size unknown',
      { platforms: ['linux/amd64', 'linux/arm64'], size: undefined },
      'size unknown, platforms `linux/amd64`, `linux/arm64`.'
    ],
    ['no platform known', { platforms: [] }, 'size 12.3 MB, platforms unknown.'],
    ['an empty image', { size: 0 }, 'size 0 B, platforms `linux/amd64`.']
  ])('digest line for %s', (_, change, cells) => {
    expect(pushed(PLAN, { ...RESULT, ...change })).toContain(cells)
  })

  it('gives the pull command and the pinned reference as copyable blocks', () => {
    const markdown = pushed()
    expect(blockAfter(markdown, 'Pull:')).toBe(`docker pull ${REPOSITORY}:2.3.4`)
    expect(blockAfter(markdown, 'Pinned reference[^\\n]*')).toBe(`${REPOSITORY}@${DIGEST}`)
  })

  it('gives a pod spec fragment with the pinned image and the secret to create, token left out', () => {
    const markdown = pushed()
    expect(blockAfter(markdown, '#### Kubernetes')).toBe(
      [
        'containers:',
        '  - name: app',
        `    image: ${REPOSITORY}@${DIGEST}`,
        'imagePullSecrets:',
        '  - name: ocirsecret'
      ].join('\n')
    )
    expect(blockAfter(markdown, 'The pull secret[^\\n]*')).toBe(
      "kubectl create secret docker-registry ocirsecret --docker-server=fra.ocir.io --docker-username='axaxnpcrorw5/jdoe@acme.com' --docker-password='<auth token>' --docker-email=<email>"
    )
  })

  it.each([
    ['project/my_app.v2', 'my-app-v2'],
    ['tools/__', 'app'],
    [`x/${'a'.repeat(70)}`, 'a'.repeat(63)]
  ])('names the container after repository %s: %s', (repository, name) => {
    expect(pushed({ ...PLAN, repository })).toContain(`\n  - name: ${name}\n`)
  })

  it('quotes a username with a quote and spaces for the shell', () => {
    const plan = { ...PLAN, username: "ns/Default/Jo O'Neil" }
    expect(pushed(plan)).toContain(`--docker-username='ns/Default/Jo O'\\''Neil'`)
  })

  it('escapes a | inside a table cell', () => {
    const plan = { ...PLAN, references: [`${REPOSITORY}:a|b`] }
    expect(pushed(plan)).toContain(`| \`${REPOSITORY}:a\\|b\` |`)
  })

  it('keeps a hostile platform inside its code span', () => {
    const hostile = 'linux`<img src=x onerror=alert(1)>`|\n\n# owned&amp;/amd64'
    const markdown = pushed(PLAN, { ...RESULT, platforms: [hostile] })
    expect(markdown).toContain(
      'platforms ``linux`<img src=x onerror=alert(1)>`\\| # owned&amp;/amd64``.'
    )
    expect(markdown).not.toMatch(/^# owned/m)
  })

  it('lists the notices, such as a tag that had to be sanitised', () => {
    const plan = {
      ...PLAN,
      notices: [{ title: 'Tag changed to be valid', message: "'feat/x' became 'feat-x'" }]
    }
    expect(pushed(plan)).toContain("> **Tag changed to be valid:** 'feat/x' became 'feat-x'")
  })
})

describe('renderSummary without a push', () => {
  it('for push: false, the planned references without digest, pull command or Kubernetes', () => {
    const markdown = renderSummary({ ...PLAN, push: false }, toOutputs(PLAN))
    expect(markdown).toContain(
      `### OCIR push planned: \`${REPOSITORY}\` (push: false, nothing was sent)`
    )
    expect(markdown).toContain(`| \`${REPOSITORY}:2.3.4\` |\n| \`${REPOSITORY}:2.3\` |`)
    for (const absent of ['sha256:', 'docker pull', 'kubectl', 'Digest']) {
      expect(markdown).not.toContain(absent)
    }
  })

  it('for push: false without an image, the version and the references of a build to come', () => {
    const before: Plan = { ...PLAN, mode: 'login', push: false }
    const markdown = renderSummary(before, toOutputs(before))
    expect(markdown).toContain(
      `### OCIR push planned: \`${REPOSITORY}\` (push: false, nothing was sent)`
    )
    expect(markdown).toContain(`Repository \`${REPOSITORY}\`. Version \`2.3.4\`.`)
    expect(markdown).toContain(`| \`${REPOSITORY}:2.3.4\` |`)
    expect(describePlan(before)).toContain(
      'Image:      none (push: false: the metadata of a build to come)'
    )
  })

  it('for push: false with nothing to push, no login and no table', () => {
    const markdown = renderSummary({ ...LOGIN_ONLY, push: false }, toOutputs(LOGIN_ONLY))
    expect(markdown).toBe(
      '### OCIR push planned: `fra.ocir.io` (push: false, nothing was sent)\n\nRegistry `fra.ocir.io`, username `axaxnpcrorw5/jdoe@acme.com`.\n'
    )
  })

  it('for a login only, the registry and username', () => {
    const markdown = renderSummary(LOGIN_ONLY, toOutputs(LOGIN_ONLY))
    expect(markdown).toBe(
      '### Logged in to OCIR: `fra.ocir.io`\n\nRegistry `fra.ocir.io`, username `axaxnpcrorw5/jdoe@acme.com`.\n'
    )
  })
})

describe('renderFailureSummary', () => {
  it('shows the input, the message, the fix and what was attempted', () => {
    const error = new InputError('username', "must be <namespace>/<user>; got 'jdoe'", {
      fix: 'Set namespace, or write the username as <namespace>/<user>'
    })
    const markdown = renderFailureSummary(error, PLAN)
    expect(markdown).toContain(
      `### OCIR push to \`${REPOSITORY}\` failed: invalid input 'username'`
    )
    expect(markdown).toContain(
      "Input `username`: must be \\<namespace\\>/\\<user\\>; got 'jdoe'\n\n**Fix:** Set namespace, or write the username as \\<namespace\\>/\\<user\\>"
    )
    expect(markdown).toContain('Registry `fra.ocir.io`, username `axaxnpcrorw5/jdoe@acme.com`.')
    expect(markdown).toContain(`| \`${REPOSITORY}:2.3\` | not pushed |`)
  })

  it('marks which references a partial push left behind, and their digest', () => {
    const failure = new RegistryError('the registry refused tag 2.3', { fix: 'Run it again' })
    const error = new PartialPushError(DIGEST, [PLAN.references[0]!], failure)
    const outputs = toOutputs(PLAN, [{ error, digest: DIGEST, pushed: error.pushed }])
    const markdown = renderFailureSummary(error, PLAN, outputs)
    expect(markdown).toContain(
      `| Reference | State |\n| --- | --- |\n| \`${REPOSITORY}:2.3.4\` | pushed |\n| \`${REPOSITORY}:2.3\` | not pushed |`
    )
    expect(markdown).toContain(`The pushed references name \`${DIGEST}\`.`)
  })

  it.each([
    [
      new RegistryError('push denied', {
        fix: 'Check the token',
        detail: 'denied: Anonymous users…',
        code: 'DENIED'
      }),
      'The registry said:'
    ],
    [
      new DockerError('docker push failed', {
        fix: 'Start Docker',
        detail: 'Cannot connect to the Docker daemon'
      }),
      'Docker said:'
    ]
  ])('quotes the other side verbatim in a block: %s', (error, label) => {
    expect(blockAfter(renderFailureSummary(error), label)).toBe(error.detail)
  })

  it('fences a detail that holds backticks with a longer fence', () => {
    const error = new RegistryError('odd', { fix: 'Retry', detail: 'a ``` b' })
    expect(renderFailureSummary(error)).toContain('````text\na ``` b\n````')
  })

  it('for an error from outside the engine, its message only, and no plan before there is one', () => {
    const markdown = renderFailureSummary(new Error('out of memory'))
    expect(markdown).toBe('### OCIR push failed: unexpected error\n\nout of memory\n')
  })
})

describe('failureTitle', () => {
  it.each<[unknown, string]>([
    [new InputError('namespace', 'm', { fix: 'f' }), "invalid input 'namespace'"],
    [
      new RegistryError('m', { fix: 'f', code: 'DENIED', input: 'auth-token' }),
      "registry error DENIED, check input 'auth-token'"
    ],
    [new RegistryError('m', { fix: 'f', status: 503 }), 'registry error'],
    [new DockerError('m', { fix: 'f', input: 'image' }), "Docker error, check input 'image'"],
    [new DockerError('m', { fix: 'f' }), 'Docker error'],
    [new OcirPushError('m', { fix: 'f' }), 'error'],
    ['a string', 'unexpected error']
  ])('%p: %s', (error, title) => {
    expect(failureTitle(error)).toBe(title)
  })
})

describe('formatBytes', () => {
  it.each([
    [0, '0 B'],
    [999, '999 B'],
    [1000, '1.0 kB'],
    [1_234_567, '1.2 MB'],
    [999_999_999, '1.0 GB'],
    [5_300_000_000, '5.3 GB'],
    [2e16, '20000.0 TB']
  ])('%d bytes: %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text)
  })
})

describe('matrix builds', () => {
  const ARM64 = `sha256:${'cd'.repeat(32)}`
  const BY_DIGEST: Plan = oneTarget({ ...PLAN, mode: 'push-by-digest', tags: [], references: [] })
  const MERGE: Plan = oneTarget({
    ...LOGIN_ONLY,
    ...{ repository: PLAN.repository, repositoryPath: PLAN.repositoryPath },
    ...{ repositoryReference: REPOSITORY, tags: PLAN.tags, references: PLAN.references },
    mode: 'merge',
    digests: [DIGEST, ARM64]
  })
  const INDEX: PushResult = {
    digest: `sha256:${'ef'.repeat(32)}`,
    pushed: PLAN.references,
    platforms: ['linux/amd64', 'linux/arm64/v8']
  }

  it('a push by digest shows no tags, and the pinned reference as the one to pull', () => {
    expect(describePlan(BY_DIGEST)).toContain('Tags:       none (push-by-digest)')
    const markdown = pushed(BY_DIGEST)
    expect(markdown).toContain('`app:1.0 (local Docker engine), by digest without tags`')
    expect(markdown).toContain(`| \`${REPOSITORY}@${DIGEST}\` |\n`)
    expect(blockAfter(markdown, 'Pull:')).toBe(`docker pull ${REPOSITORY}@${DIGEST}`)
  })

  it('a merge lists the digests in the plan, and the index with its platforms', () => {
    expect(describePlan(MERGE)).toEqual(
      expect.arrayContaining([
        'Image:      index of 2 images pushed by digest',
        `            ${DIGEST}`,
        `            ${ARM64}`,
        'Tags:       2.3.4, 2.3'
      ])
    )
    const markdown = pushed(MERGE, INDEX)
    expect(markdown).toContain('### Pushed to OCIR')
    expect(markdown).toContain(
      `Digest \`${INDEX.digest}\`, size unknown, platforms \`linux/amd64\`, \`linux/arm64/v8\`.`
    )
    expect(blockAfter(markdown, 'Pull:')).toBe(`docker pull ${REPOSITORY}:2.3.4`)
  })

  it('a failed merge says what was attempted', () => {
    const error = new InputError('merge-digests', `digest ${ARM64} is not in ${REPOSITORY}`, {
      fix: 'Push it first.'
    })
    expect(renderFailureSummary(error, MERGE)).toContain(
      `Image \`index of 2 images pushed by digest\` → \`${REPOSITORY}\`.`
    )
  })
})
