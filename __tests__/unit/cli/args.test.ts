import { parseCommandLine } from '../../../src/cli/args.js'
import type { Environment, Invocation, RunRequest } from '../../../src/cli/args.js'
import { FLAGS, inputLabel } from '../../../src/cli/flags.js'
import { UsageError } from '../../../src/cli/usage-error.js'
import { Inputs, envNameFor } from '../../../src/common/constants.js'

const TOKEN = 'k]j64r{1sJSSF-;)K8'

function run(argv: string[], env: Environment = {}): RunRequest {
  const invocation = parseCommandLine(argv, env)
  if (invocation.kind !== 'run') throw new Error(`expected a run, got ${invocation.kind}`)
  return invocation.request
}

function usageError(argv: string[], env: Environment = {}): UsageError {
  try {
    parseCommandLine(argv, env)
  } catch (error) {
    if (error instanceof UsageError) return error
    throw error
  }
  throw new Error(`expected a usage error for ${JSON.stringify(argv)}`)
}

describe('commands', () => {
  it('runs push when no command is named', () => {
    expect(run(['--image', 'app']).command).toBe('push')
  })

  it.each(['push', 'login', 'logout', 'plan'] as const)('reads %s wherever it stands', command => {
    expect(run([command]).command).toBe(command)
    expect(run(['--region', 'fra', command]).command).toBe(command)
  })

  it('suggests the closest command', () => {
    const error = usageError(['pussh'])
    expect(error.message).toBe("unknown command 'pussh'")
    expect(error.fix).toMatch(/did you mean 'push'\?/)
  })

  it('refuses a second positional without echoing what may be a secret', () => {
    const error = usageError(['push', '--auth-token-stdin', TOKEN])
    expect(error.message).toBe(
      'unexpected argument at position 3 (not shown, in case it is a secret)'
    )
    expect(`${error.message}${error.fix}`).not.toContain(TOKEN)
  })

  it('names a stray word', () => {
    expect(usageError(['plan', 'extra']).message).toBe("unexpected argument 'extra'")
  })
})

describe('help and version', () => {
  it.each<[string[], Invocation]>([
    [['--help'], { kind: 'help', command: undefined }],
    [['-h'], { kind: 'help', command: undefined }],
    [['plan', '--help'], { kind: 'help', command: 'plan' }],
    [['--help', 'login', '--bogus'], { kind: 'help', command: 'login' }],
    [['--version'], { kind: 'version' }],
    [['logout', '--version'], { kind: 'version' }]
  ])('%j', (argv, expected) => {
    expect(parseCommandLine(argv, {})).toEqual(expected)
  })
})

describe('settings from flags and environment', () => {
  const cases: Array<[flag: string, field: keyof RunRequest['settings'], value: string]> = [
    ['region', 'region', 'eu-frankfurt-1'],
    ['registry', 'registry', '127.0.0.1:5000'],
    ['namespace', 'namespace', 'axaxnpcrorw5'],
    ['username', 'username', 'demo/alice@example.com'],
    ['identity-domain', 'identityDomain', 'oracleidentitycloudservice'],
    ['image', 'image', 'oci:./build/layout:1.0'],
    ['repository', 'repository', 'project/app']
  ]

  it.each(cases)('--%s sets %s', (flag, field, value) => {
    expect(run(['push', `--${flag}`, value]).settings[field]).toBe(value)
    expect(run(['push', `--${flag}=${value}`]).settings[field]).toBe(value)
  })

  it.each(cases)('OCIR_* for --%s sets %s, and the flag wins', (flag, field, value) => {
    const variable = FLAGS.find(spec => spec.name === flag)?.env ?? ''
    expect(variable).toMatch(/^OCIR_/)
    expect(run(['push'], { [variable]: value }).settings[field]).toBe(value)
    expect(run(['push', `--${flag}`, 'from-flag'], { [variable]: value }).settings[field]).toBe(
      'from-flag'
    )
  })

  it('names the variables with envNameFor', () => {
    const env = {
      OCIR_REGION: 'fra',
      OCIR_IDENTITY_DOMAIN: 'Default',
      OCIR_NAMESPACE: 'demo',
      OCIR_USERNAME: 'alice'
    }
    expect(run(['login'], env).settings).toMatchObject({
      region: 'fra',
      identityDomain: 'Default',
      namespace: 'demo',
      username: 'alice'
    })
  })

  it('trims values like action inputs', () => {
    expect(
      run(['plan', '--namespace', ' demo\n'], { OCIR_REGION: 'fra\n' }).settings
    ).toMatchObject({ namespace: 'demo', region: 'fra' })
  })

  it('treats an empty variable as unset', () => {
    expect(run(['plan'], { OCIR_REGION: '' }).settings.region).toBe('')
  })

  it('starts from empty settings', () => {
    expect(run(['push'], {}).settings).toEqual({
      region: '',
      registry: '',
      namespace: '',
      username: '',
      identityDomain: '',
      image: '',
      repository: '',
      tags: [],
      flavor: [],
      labels: [],
      annotations: [],
      pushByDigest: false,
      mergeDigests: [],
      push: true,
      logout: true,
      auth: '',
      compartment: '',
      repositoryVisibility: '',
      immutable: false
    })
  })

  it('ignores variables of settings the command does not take', () => {
    const env = { OCIR_IMAGE: 'app', OCIR_NAMESPACE: 'demo', OCIR_TAGS: 'type=sha' }
    expect(run(['logout'], env).settings).toMatchObject({ image: '', namespace: '', tags: [] })
  })
})

describe('repeatable rules', () => {
  it('collects --tag and --flavor in order', () => {
    const request = run([
      'plan',
      '--tag',
      'type=ref,event=branch',
      '--tag=type=semver,pattern={{version}}',
      '--flavor',
      'latest=false',
      '--flavor',
      'prefix=v-'
    ])
    expect(request.settings.tags).toEqual([
      'type=ref,event=branch',
      'type=semver,pattern={{version}}'
    ])
    expect(request.settings.flavor).toEqual(['latest=false', 'prefix=v-'])
  })

  it('reads OCIR_TAGS and OCIR_FLAVOR one rule per line, skipping blank lines', () => {
    const env = {
      [envNameFor(Inputs.Tags)]: 'type=ref,event=branch\r\n\n  type=sha  \n',
      [envNameFor(Inputs.Flavor)]: 'latest=true\nsuffix=-alpine'
    }
    expect(run(['plan'], env).settings).toMatchObject({
      tags: ['type=ref,event=branch', 'type=sha'],
      flavor: ['latest=true', 'suffix=-alpine']
    })
  })

  it('collects --label and --annotation in order, keeping = and commas in the value', () => {
    const request = run([
      'plan',
      '--label',
      'org.opencontainers.image.vendor=Acme, Inc.',
      '--label=maintainer=ops=team',
      '--annotation',
      'org.opencontainers.image.title=app'
    ])
    expect(request.settings).toMatchObject({
      labels: ['org.opencontainers.image.vendor=Acme, Inc.', 'maintainer=ops=team'],
      annotations: ['org.opencontainers.image.title=app']
    })
  })

  it('reads OCIR_LABELS and OCIR_ANNOTATIONS one line each; a flag replaces its variable', () => {
    const env = {
      [envNameFor(Inputs.Labels)]: 'a=1\r\n\n  b=2  \n',
      [envNameFor(Inputs.Annotations)]: 'c=3'
    }
    expect(envNameFor(Inputs.Labels)).toBe('OCIR_LABELS')
    expect(envNameFor(Inputs.Annotations)).toBe('OCIR_ANNOTATIONS')
    expect(run(['plan'], env).settings).toMatchObject({
      labels: ['a=1', 'b=2'],
      annotations: ['c=3']
    })
    expect(run(['plan', '--label', 'd=4'], env).settings.labels).toEqual(['d=4'])
  })

  it('lets --tag replace OCIR_TAGS as a whole', () => {
    expect(run(['plan', '--tag', 'type=sha'], { OCIR_TAGS: 'a\nb' }).settings.tags).toEqual([
      'type=sha'
    ])
  })
})

describe('push or not', () => {
  it('plan never pushes', () => {
    expect(run(['plan']).settings.push).toBe(false)
  })

  it('--dry-run turns push off', () => {
    expect(run(['push', '--dry-run']).settings.push).toBe(false)
  })

  it.each([
    ['false', false],
    ['FALSE', false],
    ['true', true],
    ['', true]
  ])('OCIR_PUSH=%j → push %s', (value, push) => {
    expect(run(['push'], { OCIR_PUSH: value }).settings.push).toBe(push)
  })

  it('refuses an OCIR_PUSH that is not a boolean', () => {
    const error = usageError(['push'], { OCIR_PUSH: 'no' })
    expect(error.message).toBe("OCIR_PUSH must be true or false; got 'no'")
  })

  it('only push logs out by itself', () => {
    expect(run(['push']).settings.logout).toBe(true)
    expect(run(['login']).settings.logout).toBe(false)
  })
})

describe('matrix builds', () => {
  const AMD64 = `sha256:${'a'.repeat(64)}`
  const ARM64 = `sha256:${'b'.repeat(64)}`

  it('pushes with tags unless asked to push by digest', () => {
    expect(run(['push']).settings.pushByDigest).toBe(false)
    expect(run(['push', '--push-by-digest']).settings.pushByDigest).toBe(true)
    expect(run(['plan', '--push-by-digest']).settings.pushByDigest).toBe(true)
  })

  it.each([
    ['true', true],
    ['TRUE', true],
    ['false', false],
    ['', false]
  ])('OCIR_PUSH_BY_DIGEST=%j → %s', (value, pushByDigest) => {
    expect(run(['push'], { OCIR_PUSH_BY_DIGEST: value }).settings.pushByDigest).toBe(pushByDigest)
  })

  it('refuses an OCIR_PUSH_BY_DIGEST that is not a boolean', () => {
    const error = usageError(['push'], { OCIR_PUSH_BY_DIGEST: 'yes' })
    expect(error.message).toBe("OCIR_PUSH_BY_DIGEST must be true or false; got 'yes'")
    expect(error.fix).toMatch(/OCIR_PUSH_BY_DIGEST=true/)
  })

  it('ignores OCIR_PUSH_BY_DIGEST and OCIR_MERGE_DIGESTS where they do not apply', () => {
    const env = { OCIR_PUSH_BY_DIGEST: 'true', OCIR_MERGE_DIGESTS: AMD64 }
    expect(run(['login'], env).settings).toMatchObject({ pushByDigest: false, mergeDigests: [] })
  })

  it('refuses --push-by-digest and --merge-digest where they do not apply', () => {
    expect(usageError(['login', '--push-by-digest']).message).toBe(
      "--push-by-digest does not apply to 'login'"
    )
    expect(usageError(['logout', '--merge-digest', AMD64]).message).toBe(
      "--merge-digest does not apply to 'logout'"
    )
  })

  it('collects repeated --merge-digest in order', () => {
    expect(
      run(['push', '--merge-digest', ARM64, `--merge-digest=${AMD64}`]).settings.mergeDigests
    ).toEqual([ARM64, AMD64])
  })

  it('reads OCIR_MERGE_DIGESTS one digest per line, trimmed, skipping blank lines', () => {
    const env = { OCIR_MERGE_DIGESTS: `${AMD64}\r\n\n  ${ARM64}  \n` }
    expect(run(['push'], env).settings.mergeDigests).toEqual([AMD64, ARM64])
  })

  it('lets --merge-digest replace OCIR_MERGE_DIGESTS as a whole', () => {
    const env = { OCIR_MERGE_DIGESTS: `${AMD64}\n${ARM64}` }
    expect(run(['push', '--merge-digest', ARM64], env).settings.mergeDigests).toEqual([ARM64])
  })

  it('needs a value after --merge-digest', () => {
    expect(usageError(['push', '--merge-digest', '--json']).message).toBe(
      '--merge-digest needs a value'
    )
  })
})

describe('face options', () => {
  it('reads --json, --verbose, --quiet, --auth-token-stdin', () => {
    expect(run(['push', '--json', '--verbose', '--auth-token-stdin'])).toMatchObject({
      json: true,
      verbose: true,
      quiet: false,
      authTokenStdin: true
    })
    expect(run(['plan', '--quiet'])).toMatchObject({ quiet: true, json: false, verbose: false })
  })

  it('refuses --verbose with --quiet', () => {
    expect(usageError(['plan', '--verbose', '--quiet']).message).toBe(
      '--verbose and --quiet contradict each other'
    )
  })

  it('reads --provider, lower-cased, else OCIR_PROVIDER', () => {
    expect(run(['plan', '--provider', 'GitLab']).provider).toBe('gitlab')
    expect(run(['plan'], { OCIR_PROVIDER: 'jenkins' }).provider).toBe('jenkins')
    expect(run(['plan']).provider).toBeUndefined()
  })

  it.each([
    [['plan', '--provider', 'gitlba'], {}],
    [['plan'], { OCIR_PROVIDER: 'gitlba' }]
  ])('refuses an unknown provider, suggesting the closest: %j %j', (argv, env) => {
    const error = usageError(argv, env)
    expect(error.message).toBe(
      "--provider (or OCIR_PROVIDER) 'gitlba' is not a provider this reads"
    )
    expect(error.fix).toMatch(/^did you mean 'gitlab'\? one of: github, gitlab, /)
  })

  it('reads --docker-config, else DOCKER_CONFIG, for login and logout', () => {
    expect(run(['login', '--docker-config', '/tmp/d']).dockerConfig).toBe('/tmp/d')
    expect(run(['logout'], { DOCKER_CONFIG: '/tmp/e' }).dockerConfig).toBe('/tmp/e')
    expect(run(['login']).dockerConfig).toBeUndefined()
    expect(run(['push'], { DOCKER_CONFIG: '/tmp/e' }).dockerConfig).toBeUndefined()
  })
})

describe('flag errors', () => {
  it('suggests the closest flag for a typo', () => {
    const error = usageError(['push', '--namespce', 'demo'])
    expect(error.message).toBe('unknown flag --namespce')
    expect(error.fix).toMatch(/^did you mean --namespace\?/)
  })

  it('suggests the flag for an abbreviation', () => {
    expect(usageError(['plan', '--repo', 'x']).fix).toMatch(/^did you mean --repository\?/)
  })

  it('names an unknown short flag', () => {
    expect(usageError(['-x']).message).toBe('unknown flag -x')
  })

  it('refuses a flag the command does not take', () => {
    const error = usageError(['login', '--image', 'app'])
    expect(error.message).toBe("--image does not apply to 'login'")
    expect(error.fix).toMatch(/'push', 'plan'/)
  })

  it.each([[['plan', '--region']], [['plan', '--region', '--namespace', 'demo']]])(
    'refuses a missing value: %j',
    argv => {
      const error = usageError(argv)
      expect(error.message).toBe('--region needs a value')
      expect(error.fix).toMatch(/--region KEY/)
    }
  )

  it('takes a value starting with a dash after =', () => {
    expect(run(['plan', '--flavor=suffix=-rc']).settings.flavor).toEqual(['suffix=-rc'])
  })

  it('refuses a value for a switch', () => {
    expect(usageError(['plan', '--json=yes']).message).toBe('--json takes no value')
  })

  it('refuses a single-valued flag given twice, naming the flags that repeat', () => {
    const error = usageError(['plan', '--image', 'a', '--image', 'b'])
    expect(error.message).toBe('--image is given more than once')
    expect(error.fix).toBe(
      'give --image once; only --region, --registry, --repository, --tag, --flavor, --label, --annotation, --merge-digest repeat'
    )
  })

  it('takes several regions, registries and repositories, each once per flag or comma-separated', () => {
    const { settings } = run([
      'plan',
      '--region',
      'fra',
      '--region=ams,zrh',
      '--registry',
      '127.0.0.1:5000',
      '--repository',
      'a',
      '--repository',
      'b'
    ])
    expect(settings).toMatchObject({
      region: 'fra\nams,zrh',
      registry: '127.0.0.1:5000',
      repository: 'a\nb'
    })
  })
})

describe('the auth token is never a flag', () => {
  it.each([
    ['--auth-token', TOKEN],
    ['--auth-token=' + TOKEN],
    ['--token', TOKEN],
    ['--password=' + TOKEN],
    ['--PASSWORD', TOKEN],
    ['-p', TOKEN],
    ['-p' + TOKEN]
  ])('refuses %s', (...args) => {
    const error = usageError(['push', '--region', 'fra', ...args])
    expect(error.message).toMatch(
      /is refused: a token on the command line shows in process listings/
    )
    expect(error.fix).toMatch(/OCIR_AUTH_TOKEN/)
    expect(error.fix).toMatch(/--auth-token-stdin/)
    expect(`${error.message}\n${error.fix}`).not.toContain(TOKEN)
  })

  it.each([
    ['--oidc-client-secret', 'OCIR_OIDC_CLIENT_SECRET'],
    ['--oidc-client-secret=' + TOKEN, 'OCIR_OIDC_CLIENT_SECRET'],
    ['--private-key-passphrase', 'OCIR_PRIVATE_KEY_PASSPHRASE']
  ])('refuses %s, naming the variable to set', (flag, variable) => {
    const error = usageError(['push', '--region', 'fra', flag, TOKEN])
    expect(error.message).toMatch(
      /is refused: a secret on the command line shows in process listings/
    )
    expect(error.fix).toContain(variable)
    expect(`${error.message}\n${error.fix}`).not.toContain(TOKEN)
  })

  it('has no flag that reads a token', () => {
    expect(FLAGS.map(flag => flag.name)).not.toContain('auth-token')
  })
})

describe('inputLabel', () => {
  it.each([
    [Inputs.Namespace, '--namespace'],
    [Inputs.IdentityDomain, '--identity-domain'],
    [Inputs.Tags, '--tag'],
    [Inputs.Flavor, '--flavor'],
    [Inputs.Labels, '--label'],
    [Inputs.Annotations, '--annotation'],
    [Inputs.Push, '--dry-run'],
    [Inputs.PushByDigest, '--push-by-digest'],
    [Inputs.MergeDigests, '--merge-digest'],
    [Inputs.AuthToken, 'OCIR_AUTH_TOKEN (or --auth-token-stdin)']
  ])('%s → %s', (input, label) => {
    expect(inputLabel(input)).toBe(label)
  })
})
