// The action's API-key inputs: each falls back to the OCI CLI's variable, and the key and the
// passphrase are masked before anything else is written.
import { jest } from '@jest/globals'
import { readInputs } from '../../../src/action/inputs.js'
import { runnerEnvironment } from '../../../src/action/environment.js'

const PEM =
  '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\nBKcwggSjAgEAAoIBAQC7\n-----END PRIVATE KEY-----'

/** Sets INPUT_* and other variables as the runner does, and captures workflow commands. */
function withEnvironment<T>(
  variables: Record<string, string>,
  fn: () => T
): { result: T; stdout: string[] } {
  const saved = { ...process.env }
  for (const name of Object.keys(process.env)) {
    if (name.startsWith('INPUT_') || name.startsWith('OCI_CLI_')) delete process.env[name]
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

const OCI_CLI = {
  OCI_CLI_TENANCY: 'ocid1.tenancy.oc1..cli',
  OCI_CLI_USER: 'ocid1.user.oc1..cli',
  OCI_CLI_FINGERPRINT: 'cc:dd',
  OCI_CLI_KEY_CONTENT: PEM,
  OCI_CLI_PASSPHRASE: 'pass;word',
  OCI_CLI_REGION: 'eu-frankfurt-1'
}

describe('API-key inputs', () => {
  it('fall back to the OCI CLI variables with auth: api-key', () => {
    const { result } = withEnvironment({ INPUT_AUTH: 'api-key', ...OCI_CLI }, () =>
      readInputs(runnerEnvironment())
    )
    expect(result.apiKey).toEqual({
      tenancyOcid: 'ocid1.tenancy.oc1..cli',
      userOcid: 'ocid1.user.oc1..cli',
      fingerprint: 'cc:dd',
      privateKeyPem: PEM,
      passphrase: 'pass;word'
    })
    expect(result.settings).toMatchObject({ auth: 'api-key', region: 'eu-frankfurt-1' })
  })

  it('win over the OCI CLI variables when given', () => {
    const { result } = withEnvironment(
      {
        INPUT_AUTH: 'api-key',
        'INPUT_TENANCY-OCID': 'ocid1.tenancy.oc1..input',
        INPUT_REGION: 'fra',
        ...OCI_CLI
      },
      () => readInputs(runnerEnvironment())
    )
    expect(result.apiKey.tenancyOcid).toBe('ocid1.tenancy.oc1..input')
    expect(result.settings.region).toBe('fra')
  })

  it('are not read from the OCI CLI variables for an auth-token run', () => {
    const { result } = withEnvironment({ ...OCI_CLI }, () => readInputs(runnerEnvironment()))
    expect(result.apiKey).toEqual({
      tenancyOcid: '',
      userOcid: '',
      fingerprint: '',
      privateKeyPem: ''
    })
    expect(result.settings.region).toBe('')
  })

  it('mask the key whole and line by line, and the passphrase, before anything else', () => {
    const { stdout } = withEnvironment(
      {
        INPUT_AUTH: 'api-key',
        'INPUT_PRIVATE-KEY': PEM,
        'INPUT_PRIVATE-KEY-PASSPHRASE': 'pw!',
        INPUT_PUSH: 'maybe'
      },
      () => {
        expect(() => readInputs(runnerEnvironment())).toThrow(/must be 'true' or 'false'/)
      }
    )
    expect(stdout).toEqual([
      `::add-mask::${PEM.replace(/\n/g, '%0A')}\n`,
      '::add-mask::MIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n',
      '::add-mask::BKcwggSjAgEAAoIBAQC7\n',
      '::add-mask::pw!\n'
    ])
  })
})
