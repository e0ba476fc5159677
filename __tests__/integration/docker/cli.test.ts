import { chmod, mkdtemp, readFile, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { DockerCli, DockerCommandError } from '../../../src/docker/cli.js'
import { createDockerConfigDir } from '../../../src/docker/config.js'
import { importImage } from '../../support/images.js'
import { describeIntegration, testbed } from '../../support/testbed.js'
import { manifestDigest } from './registry-http.js'

async function storedHosts(configDir: string): Promise<string[]> {
  const config = JSON.parse(await readFile(join(configDir, 'config.json'), 'utf8')) as {
    auths?: Record<string, unknown>
  }
  return Object.keys(config.auths ?? {})
}

/** A docker wrapper that records every argv it is called with, then runs docker. */
async function recordingDocker(dir: string): Promise<{ binary: string; argvLog: string }> {
  const binary = join(dir, 'docker-recording')
  const argvLog = join(dir, 'argv.log')
  await writeFile(binary, `#!/bin/sh\nprintf '%s\\n' "$*" >> '${argvLog}'\nexec docker "$@"\n`)
  await chmod(binary, 0o755)
  return { binary, argvLog }
}

describeIntegration('DockerCli against the test bed dockerd and registries', () => {
  const bed = testbed()
  let work: string
  const source = `ocir-push-docker-seam:${process.pid}`

  beforeAll(async () => {
    work = await mkdtemp(join(bed.dir, 'docker-seam-'))
    await importImage(source, { files: { hello: `docker seam ${process.pid}\n` } })
  })

  async function newCli(binary?: string): Promise<{ docker: DockerCli; configDir: string }> {
    const configDir = await createDockerConfigDir(work)
    const docker = new DockerCli({
      configDir,
      env: { PATH: process.env.PATH, DOCKER_HOST: bed.dockerHost },
      ...(binary ? { binary } : {})
    })
    return { docker, configDir }
  }

  for (const kind of ['Basic', 'Bearer'] as const) {
    it(`logs in with the shell-character token on stdin, pushes, and logs out (${kind})`, async () => {
      const registry = kind === 'Basic' ? bed.basicRegistry : bed.bearerRegistry
      const { binary, argvLog } = await recordingDocker(await mkdtemp(join(work, 'argv-')))
      const { docker, configDir } = await newCli(binary)

      await docker.login(registry, bed.username, bed.token)
      expect(await storedHosts(configDir)).toEqual([registry])
      expect((await stat(join(configDir, 'config.json'))).mode & 0o777).toBe(0o600)

      const target = `${registry}/demo/docker-seam-${kind.toLowerCase()}:v1`
      await docker.tag(source, target)
      const digest = await docker.push(target)
      expect(digest).toMatch(/^sha256:[0-9a-f]{64}$/)
      const login = { registry, username: bed.username, token: bed.token }
      expect(await manifestDigest(login, `demo/docker-seam-${kind.toLowerCase()}`, 'v1')).toBe(
        digest
      )

      await docker.logout(registry)
      expect(await storedHosts(configDir)).toEqual([])
      const argv = await readFile(argvLog, 'utf8')
      expect(argv).toContain(`login --username ${bed.username} --password-stdin -- ${registry}`)
      expect(argv).not.toContain(bed.token)
    })
  }

  it('inspects a local image and tells a missing one apart', async () => {
    const { docker } = await newCli()
    const image = await docker.inspect(source)
    expect(image.id).toMatch(/^sha256:[0-9a-f]{64}$/)
    expect(image.repoTags).toContain(source)
    expect(image.platform).toMatch(/^linux\/[a-z0-9]+/)
    expect(await docker.imageExists(source)).toBe(true)
    expect(await docker.imageExists('ocir-push-no-such-image:1')).toBe(false)
  })

  it('fails a login with a wrong token with Docker’s words and without echoing the token', async () => {
    const { docker, configDir } = await newCli()
    const wrong = `${bed.token}-wrong`
    const failure = await docker.login(bed.bearerRegistry, bed.username, wrong).catch(e => e)
    expect(failure).toBeInstanceOf(DockerCommandError)
    expect(failure).toMatchObject({ reason: 'failed', command: 'login' })
    expect(failure.stderr).toMatch(/unauthorized|401/i)
    expect(`${failure.message} ${failure.stderr} ${failure.fix}`).not.toContain(wrong)
    expect(await storedHosts(configDir)).toEqual([])
  })

  it('says Docker is not installed when the binary is missing', async () => {
    const { docker } = await newCli(join(work, 'no-such-docker'))
    await expect(docker.imageExists(source)).rejects.toMatchObject({
      reason: 'not-installed',
      message: expect.stringMatching(/not installed/)
    })
  })

  it('says the engine is not reachable when DOCKER_HOST points at nothing', async () => {
    const configDir = await createDockerConfigDir(work)
    const socket = `unix://${join(work, 'no-daemon.sock')}`
    const docker = new DockerCli({
      configDir,
      env: { PATH: process.env.PATH, DOCKER_HOST: socket }
    })
    await expect(docker.imageExists(source)).rejects.toMatchObject({
      reason: 'daemon-unreachable',
      message: expect.stringContaining(socket)
    })
  })
})
