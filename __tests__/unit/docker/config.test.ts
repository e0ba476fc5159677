import {
  chmod,
  lstat,
  mkdir,
  mkdtemp,
  readFile,
  rm,
  stat,
  symlink,
  writeFile
} from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  createDockerConfigDir,
  removeAuth,
  removeDockerConfigDir,
  writeAuth
} from '../../../src/docker/config.js'

const TOKEN = 'k]j64r{1sJSSF-;)K8'

async function readAuths(dir: string): Promise<Record<string, { auth: string }>> {
  return (
    JSON.parse(await readFile(join(dir, 'config.json'), 'utf8')) as {
      auths: Record<string, { auth: string }>
    }
  ).auths
}

describe('the job-scoped Docker config', () => {
  let parent: string
  beforeEach(async () => {
    parent = await mkdtemp(join(tmpdir(), 'ocir-push-config-test-'))
  })
  afterEach(async () => {
    await rm(parent, { recursive: true, force: true })
  })

  it('is a private directory with a private, empty config.json', async () => {
    const dir = await createDockerConfigDir(parent)
    expect(dir.startsWith(parent)).toBe(true)
    expect((await stat(dir)).mode & 0o777).toBe(0o700)
    expect((await stat(join(dir, 'config.json'))).mode & 0o777).toBe(0o600)
    expect(await readAuths(dir)).toEqual({})
  })

  it('stores user:token for a host the way docker login does, file mode 0600', async () => {
    const dir = await createDockerConfigDir(parent)
    await writeAuth(dir, 'fra.ocir.io', 'demo/alice@example.com', TOKEN)
    const auths = await readAuths(dir)
    expect(Buffer.from(auths['fra.ocir.io'].auth, 'base64').toString()).toBe(
      `demo/alice@example.com:${TOKEN}`
    )
    expect((await stat(join(dir, 'config.json'))).mode & 0o777).toBe(0o600)
  })

  it('removes exactly the entry for one host and keeps other hosts and settings', async () => {
    const dir = await createDockerConfigDir(parent)
    const other = { auth: Buffer.from('someone:else').toString('base64') }
    await writeFile(
      join(dir, 'config.json'),
      JSON.stringify({ auths: { 'iad.ocir.io': other }, credHelpers: { 'x.io': 'pass' } })
    )
    await writeAuth(dir, 'fra.ocir.io', 'demo/alice@example.com', TOKEN)

    expect(await removeAuth(dir, 'fra.ocir.io')).toBe(true)
    expect(await removeAuth(dir, 'fra.ocir.io')).toBe(false)

    const config = JSON.parse(await readFile(join(dir, 'config.json'), 'utf8')) as unknown
    expect(config).toEqual({ auths: { 'iad.ocir.io': other }, credHelpers: { 'x.io': 'pass' } })
  })

  it('treats a directory without config.json as having no credentials', async () => {
    expect(await removeAuth(parent, 'fra.ocir.io')).toBe(false)
    await writeAuth(parent, 'fra.ocir.io', 'demo/alice@example.com', TOKEN)
    expect(Object.keys(await readAuths(parent))).toEqual(['fra.ocir.io'])
  })

  it('edits the target of a linked config.json in place, keeping the link and its mode', async () => {
    const dotfiles = join(parent, 'dotfiles')
    await mkdir(dotfiles)
    const target = join(dotfiles, 'docker-config.json')
    await writeFile(target, JSON.stringify({ auths: {}, credHelpers: { 'x.io': 'pass' } }))
    await chmod(target, 0o640)
    const dir = join(parent, 'docker')
    await mkdir(dir)
    await symlink(target, join(dir, 'config.json'))

    await writeAuth(dir, 'fra.ocir.io', 'demo/alice@example.com', TOKEN)
    expect(Object.keys(JSON.parse(await readFile(target, 'utf8')).auths)).toEqual(['fra.ocir.io'])

    expect(await removeAuth(dir, 'fra.ocir.io')).toBe(true)
    expect((await lstat(join(dir, 'config.json'))).isSymbolicLink()).toBe(true)
    const after = await readFile(target, 'utf8')
    expect(after).not.toContain(Buffer.from(`demo/alice@example.com:${TOKEN}`).toString('base64'))
    expect(JSON.parse(after)).toEqual({ auths: {}, credHelpers: { 'x.io': 'pass' } })
    expect((await stat(target)).mode & 0o777).toBe(0o640)
  })

  it('removes the whole directory', async () => {
    const dir = await createDockerConfigDir(parent)
    await removeDockerConfigDir(dir)
    await expect(stat(dir)).rejects.toThrow(/ENOENT/)
  })
})
