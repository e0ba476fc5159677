import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { withTemporaryDockerConfig } from '../../../src/cli/temporary-docker-config.js'
import { readAuthToken } from '../../../src/cli/token.js'
import { InputError } from '../../../src/common/errors.js'

const TOKEN = 'k]j64r{1sJSSF-;)K8'

describe('readAuthToken', () => {
  const none = Readable.from([])

  it('reads OCIR_AUTH_TOKEN', async () => {
    expect(await readAuthToken(false, { OCIR_AUTH_TOKEN: TOKEN }, none)).toBe(TOKEN)
  })

  it.each([
    [[`${TOKEN}\n`], TOKEN],
    [[`${TOKEN}\r\n`], TOKEN],
    [[TOKEN.slice(0, 5), Buffer.from(TOKEN.slice(5))], TOKEN],
    [[` ${TOKEN} \n\n`], ` ${TOKEN} \n`]
  ])('reads standard input to the end, dropping one newline: %j', async (chunks, expected) => {
    expect(await readAuthToken(true, {}, Readable.from(chunks))).toBe(expected)
  })

  it('prefers standard input when asked to read it', async () => {
    const stdin = Readable.from(['from-stdin'])
    expect(await readAuthToken(true, { OCIR_AUTH_TOKEN: TOKEN }, stdin)).toBe('from-stdin')
  })

  it.each([
    [false, {}, /no auth token was given/],
    [false, { OCIR_AUTH_TOKEN: '\n' }, /no auth token was given/],
    [true, { OCIR_AUTH_TOKEN: TOKEN }, /standard input held no auth token/]
  ])('refuses a missing token (stdin %s, %j)', async (fromStdin, env, message) => {
    const error = await readAuthToken(fromStdin, env, Readable.from([])).catch(e => e)
    expect(error).toBeInstanceOf(InputError)
    expect(error.input).toBe('auth-token')
    expect(error.message).toMatch(message)
    expect(error.fix).toMatch(/Auth tokens/)
    expect(`${error.message}${error.fix}`).not.toContain(TOKEN)
  })
})

describe('withTemporaryDockerConfig', () => {
  const unexpected = (dir: string, error: unknown): never => {
    throw new Error(`${dir} was left behind: ${String(error)}`)
  }
  let parent: string
  beforeEach(() => {
    parent = mkdtempSync(join(tmpdir(), 'ocir-push-cli-test-'))
  })
  afterEach(() => rmSync(parent, { recursive: true, force: true }))

  it('gives a private directory and removes it afterwards', async () => {
    let seen = ''
    const result = await withTemporaryDockerConfig(
      { parent },
      async dir => {
        seen = dir
        expect(statSync(dir).mode & 0o777).toBe(0o700)
        expect(statSync(join(dir, 'config.json')).mode & 0o777).toBe(0o600)
        return 'done'
      },
      unexpected
    )
    expect(result).toBe('done')
    expect(seen.startsWith(parent)).toBe(true)
    expect(existsSync(seen)).toBe(false)
  })

  it('removes it when the work fails', async () => {
    let seen = ''
    const failing = withTemporaryDockerConfig(
      { parent },
      async dir => {
        seen = dir
        throw new Error('push failed')
      },
      unexpected
    )
    await expect(failing).rejects.toThrow('push failed')
    expect(existsSync(seen)).toBe(false)
  })

  it('keeps the failure of the work when the removal fails, and reports the directory left behind', async () => {
    const leftBehind: Array<[string, unknown]> = []
    const busy = new Error('EBUSY: resource busy or locked')
    let seen = ''
    const failing = withTemporaryDockerConfig(
      { parent },
      async dir => {
        seen = dir
        throw new Error('push failed')
      },
      (dir, error) => leftBehind.push([dir, error]),
      async () => {
        throw busy
      }
    )
    await expect(failing).rejects.toThrow('push failed')
    expect(leftBehind).toEqual([[seen, busy]])
  })

  it('keeps the result of the work when the removal fails', async () => {
    const leftBehind: string[] = []
    const result = await withTemporaryDockerConfig(
      { parent },
      async () => 'pushed',
      dir => leftBehind.push(dir),
      async () => {
        throw new Error('EPERM')
      }
    )
    expect(result).toBe('pushed')
    expect(leftBehind).toHaveLength(1)
  })
})
