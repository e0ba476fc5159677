import { createHash } from 'node:crypto'
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { RegistryClient } from '../../../src/registry/client.js'
import { pushImageFromSource } from '../../../src/engine/daemonless.js'
import { importImage, runDocker } from '../../support/images.js'
import { tarFiles, writeOciLayout } from '../../support/oci-layout.js'
import { describeIntegration, dockerEnv, testbed } from '../../support/testbed.js'

let serial = 0
const fresh = (name: string): string => `demo/${name}-${process.pid}-${++serial}`
const sha256 = (bytes: Buffer): string =>
  `sha256:${createHash('sha256').update(bytes).digest('hex')}`

interface Descriptor {
  mediaType: string
  digest: string
  size: number
}
interface ManifestDocument {
  mediaType: string
  config: Descriptor
  layers: Descriptor[]
  manifests?: Descriptor[]
}

function client(): RegistryClient {
  const bed = testbed()
  return new RegistryClient({
    registry: bed.basicRegistry,
    credentials: { username: bed.username, token: bed.token }
  })
}

/** Every file under `dir` as a tar member, like the OCI layout `docker save` 25+ writes. */
function tarDirectory(dir: string): Buffer {
  const files: Array<{ name: string; data: Buffer }> = []
  const walk = (path: string): void => {
    for (const entry of readdirSync(path, { withFileTypes: true })) {
      const full = join(path, entry.name)
      if (entry.isDirectory()) walk(full)
      else files.push({ name: relative(dir, full), data: readFileSync(full) })
    }
  }
  walk(dir)
  return tarFiles(files)
}

describeIntegration('docker-archive sources', () => {
  it('pushes a real `docker save` without Docker, and Docker pulls the same image back', async () => {
    const bed = testbed()
    const name = `archive-source-${process.pid}`
    const imageId = await importImage(`${name}:v1`, { layers: 3, sizeBytes: 300_000 })
    const work = mkdtempSync(join(bed.dir, 'archive-'))
    const archive = join(work, 'image.tar')
    await runDocker(['save', '-o', archive, `${name}:v1`])

    const engine = client()
    const repository = fresh('archive')
    const result = await pushImageFromSource(
      { kind: 'docker-archive', path: archive },
      { client: engine, repository, tags: ['v1', 'latest'] }
    )
    expect(result.platforms).toEqual([`linux/${process.arch === 'x64' ? 'amd64' : process.arch}`])

    const manifest = await engine.getManifest(repository, 'latest')
    expect(manifest.digest).toBe(result.digest)
    const document = JSON.parse(manifest.bytes.toString('utf8')) as ManifestDocument
    expect(document.mediaType).toBe('application/vnd.docker.distribution.manifest.v2+json')
    expect(document.config.digest).toBe(imageId)
    const config = JSON.parse(
      (await engine.getBlob(repository, document.config.digest)).toString('utf8')
    ) as { rootfs: { diff_ids: string[] } }
    const diffIds: string[] = []
    for (const layer of document.layers) {
      expect(layer.mediaType).toBe('application/vnd.docker.image.rootfs.diff.tar.gzip')
      const blob = await engine.getBlob(repository, layer.digest)
      expect(blob.length).toBe(layer.size)
      diffIds.push(sha256(gunzipSync(blob)))
    }
    expect(diffIds).toEqual(config.rootfs.diff_ids)
    expect(result.size).toBe(
      document.config.size + document.layers.reduce((total, layer) => total + layer.size, 0)
    )

    const env = dockerEnv()
    await runDocker(['login', bed.basicRegistry, '-u', bed.username, '--password-stdin'], {
      input: bed.token,
      env
    })
    await runDocker(['pull', `${bed.basicRegistry}/${repository}:v1`], { env })
    const { stdout } = await runDocker(
      ['image', 'inspect', '--format', '{{.Id}}', `${bed.basicRegistry}/${repository}:v1`],
      { env }
    )
    expect(stdout.trim()).toBe(imageId)
  }, 120_000)

  it.each([1, 2])(
    'pushes the OCI layout inside a docker 25+ archive (%i platforms), gzipping plain layers',
    async platforms => {
      const bed = testbed()
      const work = mkdtempSync(join(bed.dir, 'oci-archive-'))
      const written = writeOciLayout(join(work, 'layout'), {
        seed: `oci-archive-${platforms}-${serial}`,
        uncompressedLayers: true,
        layerSizes: [100_000, 3_000],
        platforms: [
          { os: 'linux', architecture: 'amd64' },
          { os: 'linux', architecture: 'arm64' }
        ].slice(0, platforms)
      })
      const archive = join(work, 'image.tar')
      writeFileSync(archive, tarDirectory(written.dir))

      const engine = client()
      const repository = fresh('oci-archive')
      const result = await pushImageFromSource(
        { kind: 'docker-archive', path: archive },
        { client: engine, repository, tags: ['v1'] }
      )
      const root = await engine.getManifest(repository, 'v1')
      expect(root.digest).toBe(result.digest)
      const rootDocument = JSON.parse(root.bytes.toString('utf8')) as ManifestDocument
      const manifests =
        platforms === 1
          ? [rootDocument]
          : await Promise.all(
              rootDocument.manifests!.map(async child =>
                JSON.parse(
                  (await engine.getManifest(repository, child.digest)).bytes.toString('utf8')
                )
              )
            )
      expect(manifests).toHaveLength(platforms)
      const originals = new Map(written.blobs.map(blob => [blob.digest, blob.bytes]))
      for (const manifest of manifests as ManifestDocument[]) {
        expect(originals.has(manifest.config.digest)).toBe(true)
        for (const layer of manifest.layers) {
          expect(layer.mediaType).toBe('application/vnd.oci.image.layer.v1.tar+gzip')
          const plain = gunzipSync(await engine.getBlob(repository, layer.digest))
          expect(originals.get(sha256(plain))?.equals(plain)).toBe(true)
        }
      }
    },
    60_000
  )
})
