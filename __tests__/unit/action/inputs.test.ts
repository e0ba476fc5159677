import { jest } from '@jest/globals'
import { maskEncodedCredentials, readInputs as readWith } from '../../../src/action/inputs.js'
import { InputError } from '../../../src/common/errors.js'
import { runnerEnvironment } from '../../../src/action/environment.js'

const TOKEN = 'k]j64r{1sJSSF-;)K8'

/** The inputs as the runner hands them over (INPUT_* variables, read through @actions/core). */
const readInputs = () => readWith(runnerEnvironment())

/** Sets INPUT_* as the runner does (upper case, dashes kept) and captures workflow commands. */
function withInputs<T>(
  inputs: Record<string, string>,
  fn: () => T
): { result: T; stdout: string[] } {
  const saved = { ...process.env }
  for (const name of Object.keys(process.env))
    if (name.startsWith('INPUT_')) delete process.env[name]
  for (const [name, value] of Object.entries(inputs)) {
    process.env[`INPUT_${name.toUpperCase()}`] = value
  }
  const stdout: string[] = []
  const write = jest
    .spyOn(process.stdout, 'write')
    .mockImplementation((chunk: string | Uint8Array) => stdout.push(String(chunk)) > 0)
  try {
    return { result: fn(), stdout }
  } finally {
    write.mockRestore()
    process.env = saved
  }
}

describe('readInputs', () => {
  it('reads every input into Settings, with the documented defaults', () => {
    const { result } = withInputs(
      { region: 'fra', namespace: 'demo', username: 'jdoe@acme.com', 'auth-token': TOKEN },
      readInputs
    )
    expect(result).toEqual({
      token: TOKEN,
      summary: true,
      settings: {
        region: 'fra',
        registry: '',
        namespace: 'demo',
        username: 'jdoe@acme.com',
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
      },
      apiKey: { tenancyOcid: '', userOcid: '', fingerprint: '', privateKeyPem: '' },
      oidc: {
        settings: { domainUrl: '', clientId: '', clientSecret: '', audience: '' },
        source: { kind: 'github' }
      }
    })
  })

  it('masks the token before it writes anything else', () => {
    const { stdout } = withInputs({ 'auth-token': TOKEN, push: 'maybe' }, () => {
      expect(readInputs).toThrow(InputError)
    })
    expect(stdout[0]).toBe(`::add-mask::${TOKEN}\n`)
  })

  it('reads hyphenated inputs and trims values', () => {
    const { result } = withInputs(
      { 'identity-domain': ' oracleidentitycloudservice ', registry: '127.0.0.1:5000\n' },
      readInputs
    )
    expect(result.settings.identityDomain).toBe('oracleidentitycloudservice')
    expect(result.settings.registry).toBe('127.0.0.1:5000')
  })

  it('splits tags and flavor by line, keeping commas inside a rule, dropping blanks and # comments', () => {
    const { result } = withInputs(
      {
        tags: 'type=semver,pattern={{version}}\n\n  # a comment\r\ntype=raw,value="a,b"\n',
        flavor: 'latest=false\nprefix=app-,onlatest=true'
      },
      readInputs
    )
    expect(result.settings.tags).toEqual([
      'type=semver,pattern={{version}}',
      'type=raw,value="a,b"'
    ])
    expect(result.settings.flavor).toEqual(['latest=false', 'prefix=app-,onlatest=true'])
  })

  it('reads labels and annotations one key=value per line, dropping blanks and # comments', () => {
    const { result } = withInputs(
      {
        labels: 'org.opencontainers.image.vendor=Acme, Inc.\n\n# the team\r\nmaintainer=ops\n',
        annotations: '  org.opencontainers.image.title=app  '
      },
      readInputs
    )
    expect(result.settings.labels).toEqual([
      'org.opencontainers.image.vendor=Acme, Inc.',
      'maintainer=ops'
    ])
    expect(result.settings.annotations).toEqual(['org.opencontainers.image.title=app'])
  })

  it('reads push-by-digest, and merge-digests one digest per line', () => {
    const amd64 = `sha256:${'a'.repeat(64)}`
    const arm64 = `sha256:${'b'.repeat(64)}`
    const { result } = withInputs(
      { 'push-by-digest': 'True', 'merge-digests': `${amd64}\n\n  ${arm64}\r\n` },
      readInputs
    )
    expect(result.settings.pushByDigest).toBe(true)
    expect(result.settings.mergeDigests).toEqual([amd64, arm64])
  })

  it('refuses a push-by-digest that is not a boolean', () => {
    withInputs({ 'push-by-digest': 'yes' }, () => {
      expect(readInputs).toThrow(
        expect.objectContaining({
          input: 'push-by-digest',
          fix: 'Write push-by-digest: false or push-by-digest: true'
        })
      )
    })
  })

  it.each([
    ['true', true],
    ['false', false],
    ['False', false],
    ['TRUE', true]
  ])('reads push and logout %j as %s', (value, expected) => {
    const { result } = withInputs({ push: value, logout: value }, readInputs)
    expect(result.settings.push).toBe(expected)
    expect(result.settings.logout).toBe(expected)
  })

  it.each([
    ['push', 'yes'],
    ['push', '1'],
    ['logout', 'no'],
    ['logout', 'off']
  ])('refuses %s: %j, naming the input and both values', (input, value) => {
    withInputs({ [input]: value }, () => {
      let error: unknown
      try {
        readInputs()
      } catch (caught) {
        error = caught
      }
      expect(error).toBeInstanceOf(InputError)
      expect(error).toMatchObject({
        input,
        message: `must be 'true' or 'false'; got '${value}'`,
        fix: `Write ${input}: true or ${input}: false`
      })
    })
  })
})

describe('maskEncodedCredentials', () => {
  it('masks base64 of username:token, what config.json and Basic headers hold', () => {
    const { stdout } = withInputs({}, () =>
      maskEncodedCredentials(runnerEnvironment(), {
        username: 'demo/alice@example.com',
        token: TOKEN
      })
    )
    const encoded = Buffer.from(`demo/alice@example.com:${TOKEN}`).toString('base64')
    expect(stdout).toEqual([`::add-mask::${encoded}\n`])
  })

  it('masks nothing without a token', () => {
    const { stdout } = withInputs({}, () =>
      maskEncodedCredentials(runnerEnvironment(), { username: 'u', token: '' })
    )
    expect(stdout).toEqual([])
  })
})
