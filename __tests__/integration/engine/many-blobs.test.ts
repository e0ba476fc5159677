import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createHash } from 'node:crypto'
import { pushImageFromSource } from '../../../src/engine/daemonless.js'
import { RegistryClient } from '../../../src/registry/client.js'
import { writeOciLayout } from '../../support/oci-layout.js'
import { serversPerTest } from '../../support/http-server.js'

const serve = serversPerTest()

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ocir-push-many-blobs-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('a layout of many tiny blobs', () => {
  it('pushes 2,000 layers, each once, never more than 8 uploads at a time', async () => {
    const layerSizes = Array.from({ length: 2000 }, (_, i) => 16 + (i % 7))
    const layout = writeOciLayout(join(dir, 'layout'), { seed: 'many', layerSizes })
    const stored = new Set<string>()
    const uploads = { open: 0, most: 0, total: 0 }
    let manifestDigest = ''
    const server = await serve(async (request, response, body) => {
      const url = new URL(request.url ?? '', 'http://registry')
      if (url.pathname === '/v2/') return void response.end('{}')
      if (request.method === 'HEAD' && url.pathname.includes('/blobs/')) {
        const found = stored.has(url.pathname.split('/').pop()!)
        return void response.writeHead(found ? 200 : 404).end()
      }
      if (request.method === 'POST') {
        response.writeHead(202, { Location: `/v2/demo/app/blobs/uploads/${uploads.total}` })
        return void response.end()
      }
      if (request.method === 'PUT' && url.pathname.includes('/blobs/uploads/')) {
        uploads.open++
        uploads.total++
        uploads.most = Math.max(uploads.most, uploads.open)
        await body()
        stored.add(url.searchParams.get('digest')!)
        uploads.open--
        return void response.writeHead(201).end()
      }
      if (request.method === 'PUT' && url.pathname.includes('/manifests/')) {
        const bytes = await body()
        manifestDigest = `sha256:${createHash('sha256').update(bytes).digest('hex')}`
        return void response.writeHead(201, { 'Docker-Content-Digest': manifestDigest }).end()
      }
      response.writeHead(404).end()
    })
    const client = new RegistryClient({ registry: server.host, env: {} })
    const result = await pushImageFromSource(
      { kind: 'oci', path: layout.dir },
      { client, repository: 'demo/app', tags: ['one'] }
    )
    expect(result.digest).toBe(layout.root.digest)
    expect(manifestDigest).toBe(layout.root.digest)
    // Every layer and the config, each uploaded once.
    const distinct = new Set(layout.blobs.map(blob => blob.digest))
    expect(stored).toEqual(distinct)
    expect(uploads.total).toBe(distinct.size)
    expect(uploads.most).toBeLessThanOrEqual(8)
  }, 30_000)
})
