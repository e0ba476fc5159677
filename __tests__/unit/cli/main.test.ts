import { Readable } from 'node:stream'
import { main } from '../../../src/cli/main.js'
import type { CliIo } from '../../../src/cli/main.js'
import { COMMANDS, FLAGS } from '../../../src/cli/flags.js'
import manifest from '../../../package.json' with { type: 'json' }

const TOKEN = 'k]j64r{1sJSSF-;)K8'

interface Captured {
  code: number
  stdout: string
  stderr: string
  stdinRead: boolean
}

/** Runs the CLI in-process on streams that record what is written. */
async function cli(argv: string[], env: Record<string, string> = {}): Promise<Captured> {
  let stdout = ''
  let stderr = ''
  let stdinRead = false
  const io: CliIo = {
    argv,
    env,
    stdin: () => {
      stdinRead = true
      return Readable.from([TOKEN])
    },
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    cwd: '/nonexistent',
    homedir: '/nonexistent',
    tmpdir: '/nonexistent',
    signal: new AbortController().signal
  }
  const code = await main(io)
  return { code, stdout, stderr, stdinRead }
}

describe('main', () => {
  it('prints the version from package.json', async () => {
    expect(await cli(['--version'])).toMatchObject({
      code: 0,
      stdout: `${manifest.version}\n`,
      stderr: ''
    })
  })

  it('lists every command in the overview', async () => {
    const { code, stdout } = await cli(['--help'])
    expect(code).toBe(0)
    for (const command of COMMANDS) expect(stdout).toMatch(new RegExp(`^  ${command} `, 'm'))
    expect(stdout).toContain('ocir-push plan --region fra --namespace demo --image app')
  })

  it.each(COMMANDS)('documents every flag of %s with its variable and examples', async command => {
    const { code, stdout } = await cli([command, '--help'])
    expect(code).toBe(0)
    expect(stdout).toMatch(new RegExp(`^Usage: ocir-push ${command} \\[flags\\]`))
    for (const flag of FLAGS.filter(spec => spec.commands.includes(command))) {
      expect(stdout).toContain(`--${flag.name}`)
      if (flag.env) expect(stdout).toContain(`[${flag.env}]`)
    }
    expect(stdout).toMatch(/Examples:\n {2}(OCIR_|export |printf |ocir-push )/)
  })

  it('shows what it quotes from outside without control characters or workflow commands', async () => {
    const hostile = 'oci:/layouts/\u001b[2Japp\n::error::owned'
    const { code, stdout, stderr } = await cli(
      ['plan', '--registry', '127.0.0.1:5000', '--namespace', 'demo', '--repository', 'app'],
      { OCIR_IMAGE: hostile, OCIR_TAGS: 'type=raw,value=one' }
    )
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' })
    expect(stdout).toContain('/layouts/[2Japp')
    expect(stdout).not.toContain('\u001b')
    expect(stdout).not.toMatch(/^\s*::/m)
    expect(stdout).toMatch(/^\\::error: tag owned/m)
  })

  it('exits 2 on a usage error, with the fix, on stderr only', async () => {
    const { code, stdout, stderr } = await cli(['plan', '--regoin', 'fra'])
    expect(code).toBe(2)
    expect(stdout).toBe('')
    expect(stderr).toBe(
      "error: unknown flag --regoin\nFix: did you mean --region? 'ocir-push plan --help' lists the flags\n"
    )
  })

  it('exits 2 with every flag that is wrong, each with its fix', async () => {
    const { code, stdout, stderr } = await cli(
      ['plan', '--regoin', 'fra', '--verbose', '--quiet', '--provider', 'travis'],
      { OCIR_PUSH_BY_DIGEST: 'maybe' }
    )
    expect(code).toBe(2)
    expect(stdout).toBe('')
    const messages = stderr.split(/^(?=error: )/m)
    expect(messages).toEqual([
      expect.stringMatching(/^error: unknown flag --regoin\nFix: did you mean --region\?/),
      expect.stringMatching(/^error: --verbose and --quiet contradict each other\nFix: /),
      expect.stringMatching(
        /^error: OCIR_PUSH_BY_DIGEST must be true or false; got 'maybe'\nFix: /
      ),
      expect.stringMatching(/^error: --provider \(or OCIR_PROVIDER\) 'travis'.*\nFix: .*github/)
    ])
  })

  it('exits 1 with every setting that is wrong, each naming its flag or variable and the fix', async () => {
    const result = await cli(
      [
        'push',
        '--region',
        'mars',
        '--namespace',
        'Demo',
        '--image',
        'app',
        '--tag',
        'type=nonsense'
      ],
      {}
    )
    expect(result.code).toBe(1)
    expect(result.stdout).toBe('')
    expect(result.stderr.split(/^(?=error: )/m)).toEqual([
      expect.stringMatching(/^error: --region: .*\nFix: .*eu-marseille-1/s),
      expect.stringMatching(/^error: --namespace: .*\nFix: .*Object Storage namespace/s),
      expect.stringMatching(/^error: --tag: .*unknown type 'nonsense'\nFix: use one of: /),
      expect.stringMatching(
        /^error: OCIR_AUTH_TOKEN \(or --auth-token-stdin\): no auth token was given\nFix: Set OCIR_AUTH_TOKEN/
      )
    ])
  })

  it('never shows the token from OCIR_AUTH_TOKEN, even when it was pasted into another setting', async () => {
    const result = await cli(['plan', '--region', 'fra', '--namespace', TOKEN, '--image', 'app'], {
      OCIR_AUTH_TOKEN: ` ${TOKEN}\n`
    })
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/--namespace/)
    expect(result.stderr).toContain('***')
    expect(`${result.stdout}${result.stderr}`).not.toContain(TOKEN)
  })

  it('exits 2 on a token flag, reads no token, and shows it nowhere', async () => {
    const result = await cli(['push', '--auth-token', TOKEN, '--auth-token-stdin'])
    expect(result.code).toBe(2)
    expect(result.stdinRead).toBe(false)
    expect(result.stderr).toMatch(/^error: --auth-token is refused/)
    expect(`${result.stdout}${result.stderr}`).not.toContain(TOKEN)
  })

  it('exits 1 on an invalid setting, naming it as its flag', async () => {
    const { code, stderr } = await cli(['logout', '--region', 'atlantis'])
    expect(code).toBe(1)
    expect(stderr).toMatch(/^error: --region: /)
    expect(stderr).toMatch(/\nFix: /)
  })

  it('exits 1 without a region or registry to log out of', async () => {
    const { code, stderr } = await cli(['logout'])
    expect(code).toBe(1)
    expect(stderr).toMatch(/^error: --region: neither region nor registry is set\nFix: /)
  })

  it('writes no color codes when the streams are not terminals', async () => {
    const { stderr } = await cli(['pussh'])
    expect(stderr).not.toContain('\u001b[')
  })
})
