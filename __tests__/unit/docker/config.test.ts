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
  credentialHelperFor,
  keepsSecretsPrivate,
  readConfigText,
  removeAuth,
  removeDockerConfigDir,
  restoreConfig,
  storeLoginInFile,
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

describe('logging into the Docker config the job already has', () => {
  let home: string
  beforeEach(async () => {
    home = await mkdtemp(join(tmpdir(), 'ocir-push-config-test-'))
  })
  afterEach(async () => {
    await rm(home, { recursive: true, force: true })
  })

  it('creates ~/.docker 0700 and config.json 0600 when there is none', async () => {
    const dir = join(home, '.docker')
    expect(await keepsSecretsPrivate(dir)).toBe(true)
    await writeAuth(dir, 'fra.ocir.io', 'demo/alice@example.com', TOKEN)
    expect((await stat(dir)).mode & 0o777).toBe(0o700)
    expect((await stat(join(dir, 'config.json'))).mode & 0o777).toBe(0o600)
  })

  it('does not store a token in a config.json others can read', async () => {
    const dir = join(home, '.docker')
    await mkdir(dir)
    await writeFile(join(dir, 'config.json'), '{}', { mode: 0o644 })
    expect(await keepsSecretsPrivate(dir)).toBe(false)
    await chmod(join(dir, 'config.json'), 0o600)
    expect(await keepsSecretsPrivate(dir)).toBe(true)
  })

  it('copies config.json 0600 and links every other entry into a job-scoped view', async () => {
    const base = join(home, '.docker')
    await mkdir(join(base, 'contexts', 'meta'), { recursive: true })
    await mkdir(join(base, 'buildx'))
    const config = { auths: { 'ghcr.io': { auth: 'b3RoZXI=' } }, currentContext: 'remote' }
    await writeFile(join(base, 'config.json'), JSON.stringify(config), { mode: 0o644 })
    const dir = await createDockerConfigDir(home, base)
    expect(JSON.parse(await readFile(join(dir, 'config.json'), 'utf8'))).toEqual(config)
    expect((await stat(join(dir, 'config.json'))).mode & 0o777).toBe(0o600)
    expect((await lstat(join(dir, 'contexts'))).isSymbolicLink()).toBe(true)
    expect((await lstat(join(dir, 'buildx'))).isSymbolicLink()).toBe(true)
    await removeDockerConfigDir(dir)
    // Removing the view leaves what its links point at.
    expect((await stat(join(base, 'contexts', 'meta'))).isDirectory()).toBe(true)
  })

  it('sends the login to the file when a credential helper would take it, and undoes that on logout', async () => {
    const dir = join(home, '.docker')
    await mkdir(dir)
    await writeFile(join(dir, 'config.json'), JSON.stringify({ credsStore: 'desktop' }))
    expect(await credentialHelperFor(dir, 'fra.ocir.io')).toBe('desktop')
    await storeLoginInFile(dir, 'fra.ocir.io')
    expect(await credentialHelperFor(dir, 'fra.ocir.io')).toBeUndefined()
    expect(await credentialHelperFor(dir, 'ghcr.io')).toBe('desktop')
    await writeAuth(dir, 'fra.ocir.io', 'demo/alice@example.com', TOKEN)
    expect(await removeAuth(dir, 'fra.ocir.io')).toBe(true)
    expect(JSON.parse((await readConfigText(dir))!)).toEqual({
      credsStore: 'desktop',
      auths: {},
      credHelpers: {}
    })
  })

  it('leaves a config without a helper unchanged when asked to store in the file', async () => {
    const dir = join(home, '.docker')
    await mkdir(dir)
    await writeFile(join(dir, 'config.json'), '{"auths":{}}')
    await storeLoginInFile(dir, 'fra.ocir.io')
    expect(await readConfigText(dir)).toBe('{"auths":{}}')
  })

  describe('restoring after the logout', () => {
    const original = '{\n    "auths": {\n        "fra.ocir.io": {"auth": "ZWFybGllcg=="}\n    }\n}'
    let dir: string
    beforeEach(async () => {
      dir = join(home, '.docker')
      await mkdir(dir)
      await writeFile(join(dir, 'config.json'), original, { mode: 0o600 })
    })

    it('writes the original bytes back when only this run changed the file', async () => {
      await storeLoginInFile(dir, 'fra.ocir.io')
      await writeAuth(dir, 'fra.ocir.io', 'demo/alice@example.com', TOKEN)
      await removeAuth(dir, 'fra.ocir.io')
      await restoreConfig(dir, ['fra.ocir.io'], original)
      expect(await readConfigText(dir)).toBe(original)
    })

    it('puts back the registry entry and keeps what a later step added', async () => {
      await writeAuth(dir, 'fra.ocir.io', 'demo/alice@example.com', TOKEN)
      await writeAuth(dir, 'ghcr.io', 'octo', 'later-step')
      await removeAuth(dir, 'fra.ocir.io')
      await restoreConfig(dir, ['fra.ocir.io'], original)
      const restored = JSON.parse((await readConfigText(dir))!) as { auths: object }
      expect(restored.auths).toEqual({
        'fra.ocir.io': { auth: 'ZWFybGllcg==' },
        'ghcr.io': { auth: Buffer.from('octo:later-step').toString('base64') }
      })
    })

    it('removes a file that was not there, unless a later step wrote to it', async () => {
      await rm(join(dir, 'config.json'))
      await writeAuth(dir, 'fra.ocir.io', 'demo/alice@example.com', TOKEN)
      await removeAuth(dir, 'fra.ocir.io')
      await restoreConfig(dir, ['fra.ocir.io'], undefined)
      expect(await readConfigText(dir)).toBeUndefined()

      await writeAuth(dir, 'fra.ocir.io', 'demo/alice@example.com', TOKEN)
      await writeAuth(dir, 'ghcr.io', 'octo', 'later-step')
      await restoreConfig(dir, ['fra.ocir.io'], undefined)
      expect(Object.keys(JSON.parse((await readConfigText(dir))!).auths)).toEqual(['ghcr.io'])
    })
  })
})
