// The action's auth: oidc inputs: the identity domain's application, and GitHub's token
// service as the job's variables name it; the client secret and the request token masked
// before anything else is written.
import { jest } from '@jest/globals'
import { readInputs } from '../../../src/action/inputs.js'
import { runnerEnvironment } from '../../../src/action/environment.js'

const SECRET = "idcs]{;)s3cret'("
const REQUEST_URL = 'https://pipelines.actions.githubusercontent.com/x/idtoken?api-version=2.0'

/** Sets INPUT_* and other variables as the runner does, and captures workflow commands. */
function withEnvironment<T>(
  variables: Record<string, string>,
  fn: () => T
): { result: T; stdout: string[] } {
  const saved = { ...process.env }
  for (const name of Object.keys(process.env)) {
    if (name.startsWith('INPUT_') || name.startsWith('ACTIONS_ID_TOKEN_')) delete process.env[name]
  }
  Object.assign(process.env, variables)
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

describe('OIDC inputs', () => {
  it("read the domain's application and the job's token service", () => {
    const { result } = withEnvironment(
      {
        INPUT_AUTH: 'oidc',
        'INPUT_OIDC-DOMAIN-URL': ' https://idcs-0123.identity.oraclecloud.com ',
        'INPUT_OIDC-CLIENT-ID': 'ocir-push-ci',
        'INPUT_OIDC-CLIENT-SECRET': SECRET,
        'INPUT_OIDC-AUDIENCE': 'https://cloud.oracle.com',
        ACTIONS_ID_TOKEN_REQUEST_URL: REQUEST_URL,
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'request-token'
      },
      () => readInputs(runnerEnvironment())
    )
    expect(result.oidc).toEqual({
      settings: {
        domainUrl: 'https://idcs-0123.identity.oraclecloud.com',
        clientId: 'ocir-push-ci',
        clientSecret: SECRET,
        audience: 'https://cloud.oracle.com'
      },
      source: { kind: 'github', requestUrl: REQUEST_URL, requestToken: 'request-token' }
    })
    expect(result.settings.auth).toBe('oidc')
  })

  it('leave the token service out when the job has no id-token permission', () => {
    const { result } = withEnvironment({ INPUT_AUTH: 'oidc' }, () =>
      readInputs(runnerEnvironment())
    )
    expect(result.oidc.source).toEqual({ kind: 'github' })
  })

  it('mask the client secret and the request token before anything else', () => {
    const { stdout } = withEnvironment(
      {
        INPUT_AUTH: 'oidc',
        'INPUT_OIDC-CLIENT-SECRET': SECRET,
        ACTIONS_ID_TOKEN_REQUEST_URL: REQUEST_URL,
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'request-token',
        INPUT_PUSH: 'maybe'
      },
      () => {
        expect(() => readInputs(runnerEnvironment())).toThrow(/must be 'true' or 'false'/)
      }
    )
    expect(stdout).toEqual([`::add-mask::${SECRET}\n`, '::add-mask::request-token\n'])
  })

  it('leave the request token alone for other ways to sign in', () => {
    const { stdout } = withEnvironment({ ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'request-token' }, () =>
      readInputs(runnerEnvironment())
    )
    expect(stdout).toEqual([])
  })
})
