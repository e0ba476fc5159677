// The bed itself: real logins and pushes against both registries, OCIR's challenge and token
// endpoint, generated images, and every fault the proxy injects.
import { execFileSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { request } from 'node:https'
import { join } from 'node:path'
import { CUT, startFaultProxy } from '../support/fault-proxy.js'
import type { FaultProxy } from '../support/fault-proxy.js'
import { createRootfsTar, importImage, runDocker } from '../support/images.js'
import { describeIntegration, dockerEnv, testbed } from '../support/testbed.js'

const basicAuth = (username: string, token: string) =>
  `Basic ${Buffer.from(`${username}:${token}`).toString('base64')}`

/** Logs in with the token on stdin (never argv), tags and pushes; returns the pushed digest. */
async function loginAndPush(registry: string, image: string, repository: string) {
  const bed = testbed()
  const env = dockerEnv()
  await runDocker(['login', '--username', bed.username, '--password-stdin', registry], {
    input: bed.token,
    env
  })
  const reference = `${registry}/${repository}:v1`
  await runDocker(['tag', image, reference], { env })
  const { stdout } = await runDocker(['push', reference], { env })
  return /digest: (sha256:[0-9a-f]{64})/.exec(stdout)?.[1]
}

async function token(scopes: string[], authorization?: string) {
  const url = new URL(testbed().tokenRealm)
  for (const scope of scopes) url.searchParams.append('scope', scope)
  url.searchParams.set('service', testbed().bearerRegistry)
  return fetch(url, { headers: authorization ? { authorization } : {} })
}

/** GET over HTTPS trusting `ca` (when given) in place of the system's CAs. */
function httpsGet(
  url: string,
  { ca, authorization }: { ca?: string; authorization?: string }
): Promise<{ status?: number; challenge?: string }> {
  return new Promise((resolve, reject) => {
    const headers = authorization ? { authorization } : {}
    request(url, { ca, headers, agent: false }, response => {
      response.resume()
      resolve({ status: response.statusCode, challenge: response.headers['www-authenticate'] })
    })
      .on('error', reject)
      .end()
  })
}

describeIntegration('test bed', () => {
  let image: string

  beforeAll(async () => {
    image = `testbed/hello:${Date.now()}`
    await importImage(image, { files: { hello: 'hello\n', 'etc/motd': 'bed\n' } })
  })

  describe('registries', () => {
    it.each([
      ['Basic', () => testbed().basicRegistry],
      ['Bearer', () => testbed().bearerRegistry]
    ])('%s registry accepts docker login with the token on stdin, and a push', async (_, host) => {
      const registry = host()
      const digest = await loginAndPush(registry, image, 'demo/hello')
      expect(digest).toMatch(/^sha256:/)

      const manifest = await fetch(`http://${registry}/v2/demo/hello/manifests/v1`, {
        method: 'HEAD',
        headers: {
          authorization: basicAuth(testbed().username, testbed().token),
          accept: 'application/vnd.docker.distribution.manifest.v2+json'
        }
      })
      // Basic registries take the credentials directly; the Bearer one demands a token.
      if (registry === testbed().basicRegistry) {
        expect(manifest.headers.get('docker-content-digest')).toBe(digest)
      } else {
        expect(manifest.status).toBe(401)
      }
    })

    it.each([
      ['Basic', () => testbed().basicRegistry],
      ['Bearer', () => testbed().bearerRegistry]
    ])('%s registry refuses docker login with a wrong token', async (_, host) => {
      const login = runDocker(
        ['login', '--username', testbed().username, '--password-stdin', host()],
        { input: 'not-the-token' }
      )
      await expect(login).rejects.toThrow(/unauthorized|401|incorrect/i)
    })

    it('Bearer registry challenges like OCIR, and its token works with plain fetch', async () => {
      const { bearerRegistry, tokenRealm, username } = testbed()
      const challenge = await fetch(`http://${bearerRegistry}/v2/`)
      expect(challenge.status).toBe(401)
      expect(challenge.headers.get('www-authenticate')).toBe(
        `Bearer realm="${tokenRealm}",service="${bearerRegistry}"`
      )
      expect(new URL(tokenRealm).pathname).toBe('/20180419/docker/token')

      const issued = await token(
        ['repository:demo/hello:pull'],
        basicAuth(username, testbed().token)
      )
      expect(issued.status).toBe(200)
      const body = (await issued.json()) as {
        token: string
        access_token: string
        expires_in: number
      }
      expect(body.access_token).toBe(body.token)
      expect(body.expires_in).toBe(300)
      const [header, claims] = body.token
        .split('.')
        .slice(0, 2)
        .map(part => JSON.parse(Buffer.from(part, 'base64url').toString('utf8')))
      expect(header).toMatchObject({ alg: 'RS256', typ: 'JWT' })
      expect(header.x5c).toHaveLength(1)
      expect(claims).toMatchObject({
        sub: username,
        aud: bearerRegistry,
        access: [{ type: 'repository', name: 'demo/hello', actions: ['pull'] }]
      })

      const authorization = `Bearer ${body.token}`
      expect(
        (await fetch(`http://${bearerRegistry}/v2/`, { headers: { authorization } })).status
      ).toBe(200)
      const tags = await fetch(`http://${bearerRegistry}/v2/demo/hello/tags/list`, {
        headers: { authorization }
      })
      expect(tags.status).toBe(200)
      expect(await tags.json()).toEqual({ name: 'demo/hello', tags: ['v1'] })
      // The token grants pull on demo/hello only.
      const other = await fetch(`http://${bearerRegistry}/v2/demo/other/tags/list`, {
        headers: { authorization }
      })
      expect(other.status).toBe(401)
    })

    it('token issuer refuses anonymous requests and wrong tokens with a JSON error', async () => {
      const anonymous = await token(['repository:demo/hello:pull'])
      expect(anonymous.status).toBe(401)
      expect(await anonymous.json()).toEqual({
        errors: [{ code: 'UNAUTHORIZED', message: expect.any(String) }]
      })
      const wrong = await token(
        ['repository:demo/hello:pull'],
        basicAuth(testbed().username, `${testbed().token}x`)
      )
      expect(wrong.status).toBe(401)
      const wrongUser = await token([], basicAuth('demo/bob@example.com', testbed().token))
      expect(wrongUser.status).toBe(401)
    })

    it('TLS registry speaks HTTPS for 127.0.0.1 and localhost, trusted only through its CA', async () => {
      const { tlsRegistry, tlsCa, username } = testbed()
      const ca = readFileSync(tlsCa, 'utf8')
      const port = tlsRegistry.split(':')[1]
      const authorization = basicAuth(username, testbed().token)
      for (const host of [tlsRegistry, `localhost:${port}`]) {
        expect(await httpsGet(`https://${host}/v2/`, { ca })).toEqual({
          status: 401,
          challenge: 'Basic realm="ocir-testbed"'
        })
        expect(await httpsGet(`https://${host}/v2/`, { ca, authorization })).toMatchObject({
          status: 200
        })
      }
      // This process does not trust the throwaway CA: a client must be told about it.
      await expect(httpsGet(`https://${tlsRegistry}/v2/`, {})).rejects.toMatchObject({
        code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE'
      })
    })
  })

  describe('images', () => {
    it('createRootfsTar writes a tar that tar(1) lists, parent directories first', () => {
      const file = join(testbed().dir, 'rootfs-check.tar')
      writeFileSync(file, createRootfsTar({ 'a/b/c.txt': 'c', '/top': Buffer.from([1, 2, 3]) }))
      const listing = execFileSync('tar', ['-tvf', file], { encoding: 'utf8' })
      expect(
        listing
          .split('\n')
          .filter(Boolean)
          .map(line => line.split(/\s+/).pop())
      ).toEqual(['a/', 'a/b/', 'a/b/c.txt', 'top'])
      expect(listing).toMatch(/ 3 .* top/)
    })

    it('importImage makes a multi-layer image with docker load', async () => {
      const name = `testbed/layers:${Date.now()}`
      const id = await importImage(name, { layers: 5, sizeBytes: 5 * 64 * 1024 })
      const { stdout } = await runDocker([
        'image',
        'inspect',
        '--format',
        '{{.Id}} {{len .RootFS.Layers}} {{.Size}}',
        name
      ])
      const [inspectedId, layers, size] = stdout.trim().split(' ')
      expect(inspectedId).toBe(id)
      expect(Number(layers)).toBe(5)
      expect(Number(size)).toBeGreaterThanOrEqual(5 * 64 * 1024)
    })
  })

  describe('fault proxy', () => {
    let proxy: FaultProxy
    const v2 = () => fetch(`http://${proxy.address}/v2/`)

    beforeEach(async () => {
      proxy = await startFaultProxy({ target: testbed().basicRegistry })
    })
    afterEach(() => proxy.close())

    it('answers a burst of 5xx, then forwards again, counting every request', async () => {
      proxy.inject({ match: { path: /^\/v2\/$/ }, times: 2, respond: { status: 503 } })
      const statuses = []
      for (let i = 0; i < 3; i++) statuses.push((await v2()).status)
      expect(statuses).toEqual([503, 503, 401])
      expect(proxy.stats).toMatchObject({ requests: 3, faults: 2, byMethod: { GET: 3 } })
      expect(proxy.stats.log.map(entry => entry.status)).toEqual([503, 503, 401])
    })

    it('answers 429 with and without Retry-After, only for the matching method', async () => {
      proxy.inject({ match: { method: 'HEAD' }, times: 1, respond: { status: 429 } })
      proxy.inject({
        match: { method: 'GET' },
        times: 1,
        respond: { status: 429, headers: { 'retry-after': '2' }, body: '{"errors":[]}' }
      })
      const head = await fetch(`http://${proxy.address}/v2/`, { method: 'HEAD' })
      expect(head.status).toBe(429)
      expect(head.headers.get('retry-after')).toBeNull()
      const get = await v2()
      expect(get.status).toBe(429)
      expect(get.headers.get('retry-after')).toBe('2')
      expect(await get.text()).toBe('{"errors":[]}')
      expect((await v2()).status).toBe(401)
      expect(proxy.stats.byMethod).toEqual({ HEAD: 1, GET: 2 })
    })

    it('stalls a request, and adds latency each way', async () => {
      proxy.inject({ times: 1, stallMs: 300 })
      // Lower bounds only (load can only add to them); the rule is spent after one request.
      let started = Date.now()
      expect((await v2()).status).toBe(401)
      expect(Date.now() - started).toBeGreaterThanOrEqual(290)
      expect((await v2()).status).toBe(401)
      expect({ requests: proxy.stats.requests, faults: proxy.stats.faults }).toEqual({
        requests: 2,
        faults: 1
      })

      const slow = await startFaultProxy({ target: testbed().basicRegistry, latencyMs: 150 })
      try {
        started = Date.now()
        expect((await fetch(`http://${slow.address}/v2/`)).status).toBe(401)
        expect(Date.now() - started).toBeGreaterThanOrEqual(290)
      } finally {
        await slow.close()
      }
    })

    it('rewrites upload locations to itself and cuts an upload after N body bytes', async () => {
      const authorization = basicAuth(testbed().username, testbed().token)
      const started = await fetch(`http://${proxy.address}/v2/demo/cut/blobs/uploads/`, {
        method: 'POST',
        headers: { authorization }
      })
      expect(started.status).toBe(202)
      const location = started.headers.get('location') ?? ''
      expect(location.startsWith(`http://${proxy.address}/v2/demo/cut/blobs/uploads/`)).toBe(true)

      const limit = 64 * 1024
      proxy.inject({ match: { method: 'PATCH' }, times: 1, resetAfterBytes: limit })
      const body = Buffer.alloc(1024 * 1024, 7)
      const patch = fetch(location, {
        method: 'PATCH',
        headers: { authorization, 'content-type': 'application/octet-stream' },
        body
      })
      await expect(patch).rejects.toThrow()
      expect(proxy.stats.bytesUp).toBeGreaterThanOrEqual(limit)
      expect(proxy.stats.log.at(-1)).toMatchObject({ method: 'PATCH', status: CUT })

      // The rule is spent: a new upload session takes the whole body.
      const retried = await fetch(`http://${proxy.address}/v2/demo/cut/blobs/uploads/`, {
        method: 'POST',
        headers: { authorization }
      })
      const whole = await fetch(retried.headers.get('location') ?? '', {
        method: 'PATCH',
        headers: { authorization, 'content-type': 'application/octet-stream' },
        body
      })
      expect(whole.status).toBe(202)
      expect(whole.headers.get('range')).toBe(`0-${body.length - 1}`)
    })

    it('limits the upload bandwidth of every connection together', async () => {
      const limited = await startFaultProxy({
        target: testbed().basicRegistry,
        upBytesPerSecond: 512 * 1024
      })
      try {
        const authorization = basicAuth(testbed().username, testbed().token)
        const body = Buffer.alloc(512 * 1024, 7)
        // Two bodies at once share the link: 1 MiB at 512 KiB/s takes 2 s at least.
        const patches = [1, 2].map(async () => {
          const started = await fetch(`http://${limited.address}/v2/demo/slow/blobs/uploads/`, {
            method: 'POST',
            headers: { authorization }
          })
          return fetch(started.headers.get('location') ?? '', {
            method: 'PATCH',
            headers: { authorization, 'content-type': 'application/octet-stream' },
            body
          })
        })
        const answers = await Promise.all(patches)
        expect(answers.map(answer => answer.status)).toEqual([202, 202])
        expect(limited.stats.bytesUp).toBe(2 * body.length)
        // The proxy's own clock, lower bound only: load can only make it slower.
        const log = limited.stats.log.filter(entry => entry.method === 'PATCH')
        const first = Math.min(...log.map(entry => entry.startMs))
        const last = Math.max(...log.map(entry => entry.endMs))
        expect(last - first).toBeGreaterThanOrEqual(1_950)
      } finally {
        await limited.close()
      }
    })

    it('carries a real docker push, with latency, through rewritten locations', async () => {
      const slow = await startFaultProxy({ target: testbed().basicRegistry, latencyMs: 20 })
      try {
        const digest = await loginAndPush(slow.address, image, 'demo/proxied')
        expect(digest).toMatch(/^sha256:/)
        expect(slow.stats.byMethod.PUT).toBeGreaterThanOrEqual(2)
        expect(slow.stats.bytesUp).toBeGreaterThan(0)
      } finally {
        await slow.close()
      }
    })
  })
})
