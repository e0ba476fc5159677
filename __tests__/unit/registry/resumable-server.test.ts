// The distribution registry drops an upload whose stored size no longer matches the client's
// state after a cut inside a PATCH, so the bed's registries cannot show a resume from the
// middle of a chunk. This small server keeps every byte it received, as the OCI
// distribution spec's resumable uploads allow, and reports it with `Range: 0-N`.
// In-process server and fault proxy on loopback: no test bed needed.
import { createHash, randomUUID } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Readable } from 'node:stream'
import { RegistryClient } from '../../../src/registry/client.js'
import { CUT, startFaultProxy } from '../../support/fault-proxy.js'
import { blobOf, deterministicBytes } from '../../support/oci-layout.js'

const MiB = 1024 * 1024

/** Blob uploads only: POST, PATCH (kept as it streams in), GET status, PUT ?digest=, HEAD. */
function startResumableRegistry(): Promise<Server & { blobs: Map<string, Buffer> }> {
  const uploads = new Map<string, Buffer[]>()
  const blobs = new Map<string, Buffer>()
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost')
    const upload = /\/blobs\/uploads\/([^/]+)$/.exec(url.pathname)?.[1]
    const kept = (id: string): number =>
      (uploads.get(id) ?? []).reduce((total, part) => total + part.length, 0)
    const status = (id: string, code: number): void => {
      const size = kept(id)
      res.writeHead(code, {
        Location: `/v2/demo/resumable/blobs/uploads/${id}`,
        ...(size > 0 ? { Range: `0-${size - 1}` } : {}),
        'Content-Length': '0'
      })
      res.end()
    }
    if (url.pathname === '/v2/') {
      res.writeHead(200).end()
    } else if (req.method === 'HEAD') {
      const digest = url.pathname.split('/blobs/')[1] ?? ''
      res.writeHead(blobs.has(digest) ? 200 : 404).end()
    } else if (req.method === 'GET' && !upload) {
      const digest = url.pathname.split('/blobs/')[1] ?? ''
      res.writeHead(200).end(blobs.get(digest))
    } else if (req.method === 'POST') {
      const id = randomUUID()
      uploads.set(id, [])
      status(id, 202)
    } else if (upload && !uploads.has(upload)) {
      res.writeHead(404).end()
    } else if (req.method === 'GET' && upload) {
      status(upload, 204)
    } else if (req.method === 'PATCH' && upload) {
      const start = Number(req.headers['content-range']?.split('-')[0])
      if (start !== kept(upload)) {
        res.writeHead(416).end()
        return
      }
      req.on('data', (chunk: Buffer) => uploads.get(upload)!.push(chunk))
      req.on('end', () => status(upload, 202))
    } else if (req.method === 'PUT' && upload) {
      req.on('data', (chunk: Buffer) => uploads.get(upload)!.push(chunk))
      req.on('end', () => {
        const data = Buffer.concat(uploads.get(upload)!)
        const digest = `sha256:${createHash('sha256').update(data).digest('hex')}`
        if (digest !== url.searchParams.get('digest')) {
          res.writeHead(400).end(JSON.stringify({ errors: [{ code: 'DIGEST_INVALID' }] }))
          return
        }
        blobs.set(digest, data)
        uploads.delete(upload)
        res.writeHead(201, { Location: `/v2/demo/resumable/blobs/${digest}` }).end()
      })
    } else {
      res.writeHead(405).end()
    }
  })
  return new Promise(resolve =>
    server.listen(0, '127.0.0.1', () => resolve(Object.assign(server, { blobs })))
  )
}

describe('resuming from the middle of a chunk', () => {
  it('continues from the byte the registry reports, sending under 10% twice', async () => {
    const registry = await startResumableRegistry()
    const port = (registry.address() as AddressInfo).port
    const proxy = await startFaultProxy({ target: `127.0.0.1:${port}` })
    try {
      const size = 64 * MiB
      const bytes = deterministicBytes('mid-chunk', size)
      const engine = new RegistryClient({
        registry: proxy.address,
        chunkSize: 16 * MiB,
        retry: { attempts: 3, budgetMs: 10_000, baseDelayMs: 10, maxDelayMs: 50 }
      })
      // Halfway through the blob: 5 MiB into the third chunk (bytes 32–48 MiB).
      proxy.inject({ match: { method: 'PATCH' }, times: 2, stallMs: 0 })
      proxy.inject({ match: { method: 'PATCH' }, times: 1, resetAfterBytes: 5 * MiB })
      const blob = blobOf('', bytes)
      await engine.pushBlob('demo/resumable', {
        digest: blob.digest,
        size,
        open: offset => Readable.from([bytes.subarray(offset)])
      })
      const cut = proxy.stats.log.findIndex(entry => entry.status === CUT)
      expect(proxy.stats.log[cut + 1]).toMatchObject({ method: 'GET', status: 204 })
      expect(proxy.stats.byMethod.POST).toBe(1)
      const resent = proxy.stats.bytesUp - size
      console.info(`resume inside a chunk: ${resent} of ${size} bytes sent twice`)
      expect(resent).toBeLessThan(size / 10)
      expect(registry.blobs.get(blob.digest)?.equals(bytes)).toBe(true)
    } finally {
      await proxy.close()
      await new Promise(resolve => registry.close(resolve))
    }
  }, 60_000)
})
