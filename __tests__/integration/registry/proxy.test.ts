import { mkdtempSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { RegistryClient } from '../../../src/registry/client.js'
import { pushImageFromSource } from '../../../src/engine/daemonless.js'
import type { ProxyEnv } from '../../../src/registry/transport/proxy.js'
import { writeOciLayout } from '../../support/oci-layout.js'
import { describeIntegration, testbed } from '../../support/testbed.js'

let serial = 0

/** What tinyproxy logged while `run` ran: the `Request` lines (one per request it carried). */
async function proxiedDuring(run: () => Promise<unknown>): Promise<string[]> {
  const log = testbed().proxyLog
  const before = statSync(log).size
  await run()
  return readFileSync(log)
    .subarray(before)
    .toString('utf8')
    .split('\n')
    .filter(line => line.includes('Request (file descriptor'))
}

async function pushThrough(env: ProxyEnv): Promise<{ repository: string; digest: string }> {
  const bed = testbed()
  const written = writeOciLayout(mkdtempSync(join(bed.dir, 'proxy-')), {
    seed: `proxy-${process.pid}-${++serial}`
  })
  const repository = `demo/proxy-${process.pid}-${serial}`
  const client = new RegistryClient({
    registry: bed.bearerRegistry,
    credentials: { username: bed.username, token: bed.token },
    env
  })
  const result = await pushImageFromSource(
    { kind: 'oci', path: written.dir },
    { client, repository, tags: ['v1'] }
  )
  expect(result.digest).toBe(written.root.digest)
  return { repository, digest: result.digest }
}

describeIntegration('registry client behind a proxy (tinyproxy)', () => {
  it('sends every request through HTTP_PROXY, loopback included', async () => {
    const bed = testbed()
    let pushed = { repository: '', digest: '' }
    const lines = await proxiedDuring(async () => {
      pushed = await pushThrough({ HTTP_PROXY: bed.proxy })
    })
    const registry = `http://${bed.bearerRegistry}`
    expect(lines.some(line => line.includes(`GET ${registry}/v2/ `))).toBe(true)
    expect(lines.some(line => line.includes(`GET ${bed.tokenRealm}?`))).toBe(true)
    expect(lines.some(line => line.includes(`/blobs/uploads/`))).toBe(true)
    expect(
      lines.some(line => line.includes(`PUT ${registry}/v2/${pushed.repository}/manifests/v1 `))
    ).toBe(true)
  })

  it('goes direct for hosts NO_PROXY names', async () => {
    const bed = testbed()
    const lines = await proxiedDuring(() =>
      pushThrough({ HTTP_PROXY: bed.proxy, NO_PROXY: '127.0.0.1' })
    )
    expect(lines).toEqual([])
  })
})
