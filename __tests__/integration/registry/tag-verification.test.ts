import { mkdtempSync } from 'node:fs'
import { createServer, request, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { RegistryClient } from '../../../src/registry/client.js'
import { fanOutTags, pushImageFromSource } from '../../../src/engine/daemonless.js'
import { describeIntegration, testbed } from '../../support/testbed.js'
import { writeOciLayout } from '../../support/oci-layout.js'

let serial = 0
const fresh = (name: string): string => `demo/${name}-${process.pid}-${++serial}`

interface Forwarder {
  address: string
  /** Method and path of every request, in order. */
  log: string[]
  close(): Promise<void>
}

/**
 * Forwards to the Basic registry, changing the `Docker-Content-Digest` of answers:
 * `rewrite` returns the header's new value for a request, or undefined to drop it.
 */
async function startForwarder(
  rewrite: (method: string, path: string, digest: string) => string | undefined
): Promise<Forwarder> {
  const [host, port] = testbed().basicRegistry.split(':') as [string, string]
  const log: string[] = []
  const server: Server = createServer((incoming, outgoing) => {
    const method = incoming.method ?? 'GET'
    const path = incoming.url ?? '/'
    log.push(`${method} ${path}`)
    const upstream = request(
      { host, port: Number(port), method, path, headers: incoming.headers },
      answer => {
        const headers: IncomingHttpHeaders = { ...answer.headers }
        const digest = headers['docker-content-digest']
        delete headers['docker-content-digest']
        const value = typeof digest === 'string' ? rewrite(method, path, digest) : undefined
        if (value) headers['docker-content-digest'] = value
        outgoing.writeHead(answer.statusCode ?? 502, headers)
        answer.pipe(outgoing)
      }
    )
    incoming.pipe(upstream)
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  return {
    address: `127.0.0.1:${(server.address() as AddressInfo).port}`,
    log,
    // Idle keep-alive connections would hold close() open until they time out.
    close: () =>
      new Promise(resolve => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
  }
}

async function pushedImage(): Promise<{ repository: string; digest: string }> {
  const bed = testbed()
  const written = writeOciLayout(mkdtempSync(join(bed.dir, 'verify-')), {
    seed: `verify-${process.pid}-${serial}`
  })
  const repository = fresh('verify')
  const client = new RegistryClient({
    registry: bed.basicRegistry,
    credentials: { username: bed.username, token: bed.token }
  })
  await pushImageFromSource(
    { kind: 'oci', path: written.dir },
    { client, repository, tags: ['first'] }
  )
  return { repository, digest: written.root.digest }
}

function clientFor(address: string): RegistryClient {
  const bed = testbed()
  return new RegistryClient({
    registry: address,
    credentials: { username: bed.username, token: bed.token }
  })
}

const tagPut = (method: string, path: string): boolean =>
  method === 'PUT' && path.includes('/manifests/')

describeIntegration('every tag is confirmed to resolve to the pushed digest', () => {
  it('looks a tag up by HEAD when the PUT answer names no digest', async () => {
    const { repository, digest } = await pushedImage()
    const forwarder = await startForwarder((method, path, value) =>
      tagPut(method, path) ? undefined : value
    )
    try {
      const tags = ['a', 'b', 'c']
      const manifest = await fanOutTags(clientFor(forwarder.address), repository, 'first', tags)
      expect(manifest.digest).toBe(digest)
      // docker-registry may answer a lookup 500 while sibling PUTs rewrite the manifest's
      // files; the client retries it, so each tag is looked up at least once, and nothing else.
      const heads = new Set(forwarder.log.filter(entry => entry.startsWith('HEAD ')))
      expect([...heads].sort()).toEqual(tags.map(tag => `HEAD /v2/${repository}/manifests/${tag}`))
    } finally {
      await forwarder.close()
    }
  })

  it('fails when the lookup finds a tag at another digest', async () => {
    const { repository } = await pushedImage()
    const other = `sha256:${'0'.repeat(64)}`
    const forwarder = await startForwarder((method, path, value) => {
      if (tagPut(method, path)) return undefined
      return method === 'HEAD' && path.endsWith('/manifests/b') ? other : value
    })
    try {
      await expect(
        fanOutTags(clientFor(forwarder.address), repository, 'first', ['a', 'b'])
      ).rejects.toMatchObject({
        message: expect.stringContaining(`b resolves to ${other} after pushing`),
        fix: expect.stringContaining('Another push to the same tag')
      })
    } finally {
      await forwarder.close()
    }
  })

  it('fails when a PUT answer names another digest', async () => {
    const { repository } = await pushedImage()
    const other = `sha256:${'1'.repeat(64)}`
    const forwarder = await startForwarder((method, path, value) =>
      tagPut(method, path) && path.endsWith('/manifests/a') ? other : value
    )
    try {
      await expect(
        fanOutTags(clientFor(forwarder.address), repository, 'first', ['a'])
      ).rejects.toMatchObject({ message: expect.stringContaining(`stored digest ${other}`) })
      expect(forwarder.log.some(entry => entry.startsWith('HEAD '))).toBe(false)
    } finally {
      await forwarder.close()
    }
  })
})
