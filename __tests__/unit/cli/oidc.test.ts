// The CLI's auth: oidc settings: flags and OCIR_* variables, the client secret from a variable
// only, the OIDC token from OCIR_OIDC_TOKEN or, in a GitHub job, GitHub's token service.
import { parseCommandLine } from '../../../src/cli/args.js'
import type { Environment, RunRequest } from '../../../src/cli/args.js'
import { inputLabel } from '../../../src/cli/flags.js'
import { oidcSecrets, readOidc } from '../../../src/cli/oidc.js'
import { Inputs, withoutAuthToken } from '../../../src/common/constants.js'
import { formatError } from '../../../src/common/errors.js'
import { MissingOidcSettingError } from '../../../src/oci/index.js'

function run(argv: string[], env: Environment = {}): RunRequest {
  const invocation = parseCommandLine(argv, env)
  if (invocation.kind !== 'run') throw new Error(`expected a run, got ${invocation.kind}`)
  return invocation.request
}

const DOMAIN = 'https://idcs-0123.identity.oraclecloud.com'

describe('OIDC flags', () => {
  it('reads --auth oidc, the domain, the client id and the audience', () => {
    const request = run([
      'push',
      '--auth',
      'oidc',
      '--oidc-domain-url',
      DOMAIN,
      '--oidc-client-id',
      'ocir-push-ci',
      '--oidc-audience',
      'https://cloud.oracle.com'
    ])
    expect(request.settings.auth).toBe('oidc')
    expect(request.oidc).toEqual({
      domainUrl: DOMAIN,
      clientId: 'ocir-push-ci',
      audience: 'https://cloud.oracle.com'
    })
  })

  it('falls back to OCIR_OIDC_* variables, for login and plan too', () => {
    const env = { OCIR_OIDC_DOMAIN_URL: DOMAIN, OCIR_OIDC_CLIENT_ID: 'ci' }
    for (const command of ['push', 'login', 'plan']) {
      expect(run([command], env).oidc).toEqual({ domainUrl: DOMAIN, clientId: 'ci', audience: '' })
    }
  })

  it('has no flag that takes the client secret', () => {
    expect(() => run(['push', '--oidc-client-secret', 'x'])).toThrow(
      /--oidc-client-secret is refused: a secret on the command line/
    )
  })

  it('names the client secret by its variable', () => {
    expect(inputLabel(Inputs.OidcClientSecret)).toBe('OCIR_OIDC_CLIENT_SECRET')
    expect(inputLabel(Inputs.OidcDomainUrl)).toBe('--oidc-domain-url')
    expect(formatError(new MissingOidcSettingError('oidc-client-secret'), inputLabel)).toMatch(
      /^OCIR_OIDC_CLIENT_SECRET: is required with auth: oidc\nFix: Set oidc-client-secret/
    )
  })
})

describe('readOidc', () => {
  const oidc = { domainUrl: DOMAIN, clientId: 'ci', audience: '' }
  const GITHUB = {
    GITHUB_ACTIONS: 'true',
    ACTIONS_ID_TOKEN_REQUEST_URL: 'https://gh.example/idtoken?api-version=2.0',
    ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'request-token'
  }

  it('takes the client secret from OCIR_OIDC_CLIENT_SECRET and the token from OCIR_OIDC_TOKEN', () => {
    const read = readOidc(
      { oidc },
      { OCIR_OIDC_CLIENT_SECRET: ' s3cret\n', OCIR_OIDC_TOKEN: 'eyJ.a.b', ...GITHUB }
    )
    expect(read).toEqual({
      settings: { ...oidc, clientSecret: 's3cret' },
      source: { kind: 'given', token: 'eyJ.a.b' }
    })
    expect(oidcSecrets(read)).toEqual(['s3cret', 'eyJ.a.b'])
  })

  it("asks GitHub's token service in a GitHub job without OCIR_OIDC_TOKEN", () => {
    const read = readOidc({ oidc }, GITHUB)
    expect(read.source).toEqual({
      kind: 'github',
      requestUrl: GITHUB.ACTIONS_ID_TOKEN_REQUEST_URL,
      requestToken: 'request-token'
    })
    expect(oidcSecrets(read)).toEqual(['request-token'])
    expect(readOidc({ oidc }, { GITHUB_ACTIONS: 'true' }).source).toEqual({ kind: 'github' })
  })

  it('has no token outside GitHub without OCIR_OIDC_TOKEN', () => {
    expect(readOidc({ oidc }, {}).source).toEqual({ kind: 'given', token: '' })
  })
})

describe('child environments', () => {
  it('never carry the client secret, the OIDC token or the request token', () => {
    expect(
      withoutAuthToken({
        'INPUT_OIDC-CLIENT-SECRET': 's',
        INPUT_OIDC_CLIENT_SECRET: 's',
        OCIR_OIDC_CLIENT_SECRET: 's',
        OCIR_OIDC_TOKEN: 't',
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'r',
        ACTIONS_ID_TOKEN_REQUEST_URL: 'https://gh.example/idtoken',
        PATH: '/bin'
      })
    ).toEqual({ ACTIONS_ID_TOKEN_REQUEST_URL: 'https://gh.example/idtoken', PATH: '/bin' })
  })
})
