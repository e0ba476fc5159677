// The daemonless push's progress, against a small registry on loopback: which lines come, and
// that the status timer is gone once the push ends, fails or is cancelled.
import { jest } from '@jest/globals'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { ProgressSink } from '../../../src/common/logger.js'
import { pushImageFromSource } from '../../../src/engine/daemonless.js'
import { shortDigest } from '../../../src/engine/progress.js'
import { sha256Digest } from '../../../src/image/digest.js'
import { RegistryClient } from '../../../src/registry/client.js'
import { fail, serversPerTest, type Handler } from '../../support/http-server.js'
import { writeOciLayout, type WrittenLayout } from '../../support/oci-layout.js'

const REPOSITORY = 'demo/app'
const serve = serversPerTest()

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ocir-push-progress-test-'))
  // Only the interval is faked: it can be counted, and the sockets keep their real timers.
  jest.useFakeTimers({
    doNotFake: [
      'setTimeout',
      'clearTimeout',
      'setImmediate',
      'nextTick',
      'queueMicrotask',
      'hrtime',
      'performance',
      'Date'
    ]
  })
})
afterEach(async () => {
  jest.useRealTimers()
  await rm(dir, { recursive: true, force: true })
})

/** Blobs it `has` exist; uploads are one POST and one PUT; a `refuse`d digest gets a 500. */
function registry(has: Set<string>, refuse?: string): Handler {
  return async (request, response, body) => {
    const url = new URL(request.url ?? '/', 'http://registry')
    if (url.pathname === '/v2/') return void response.end('{}')
    if (request.method === 'HEAD') {
      const digest = url.pathname.split('/blobs/')[1] ?? ''
      return void response.writeHead(has.has(digest) ? 200 : 404).end()
    }
    if (request.method === 'POST') {
      return void response.writeHead(202, { Location: '/v2/demo/app/blobs/uploads/1' }).end()
    }
    const bytes = await body()
    const digest = url.searchParams.get('digest')
    if (digest && digest === refuse) return fail(response, 400, 'DIGEST_INVALID')
    if (digest) return void response.writeHead(201).end()
    response.writeHead(201, { 'Docker-Content-Digest': sha256Digest(bytes) }).end()
  }
}

function recorder(): ProgressSink & { lines: string[]; statuses: string[] } {
  const lines: string[] = []
  const statuses: string[] = []
  return {
    lines,
    statuses,
    line: message => void lines.push(message),
    status: message => void statuses.push(message),
    statusIntervalMs: 10_000
  }
}

function push(
  host: string,
  layout: WrittenLayout,
  progress: ProgressSink,
  controller = new AbortController()
): Promise<unknown> {
  const client = new RegistryClient({ registry: host, env: {}, signal: controller.signal })
  return pushImageFromSource(
    { kind: 'oci', path: layout.dir },
    { client, repository: REPOSITORY, tags: ['1'], controller, progress }
  )
}

describe('the progress of a push from an OCI layout', () => {
  it('shows a line per upload, the blobs already there, and the closing line; then no timer', async () => {
    const layout = writeOciLayout(dir, { layerSizes: [4096, 2048] })
    const [config, first, second] = layout.blobs
    const server = await serve(registry(new Set([second!.digest])))
    const sink = recorder()
    await push(server.host, layout, sink)
    // Blob lines in whatever order the parallel uploads went; the closing line last.
    expect(sink.lines.slice(0, -1).sort()).toEqual(
      [
        `Uploading ${shortDigest(config!.digest)} (${config!.size} B)`,
        `Uploading ${shortDigest(first!.digest)} (4.0 KiB)`,
        `${shortDigest(second!.digest)} (2.0 KiB): already there`
      ].sort()
    )
    const uploaded = ((config!.size + 4096) / 1024).toFixed(1)
    expect(sink.lines.at(-1)).toMatch(
      new RegExp(`^Uploads done: ${uploaded} KiB in .+, 2\\.0 KiB already in the registry$`)
    )
    // A push of milliseconds: no status line.
    expect(sink.statuses).toEqual([])
    expect(jest.getTimerCount()).toBe(0)
  })

  it('stops its timer when an upload fails for good, and shows no closing line', async () => {
    const layout = writeOciLayout(dir, { layerSizes: [4096] })
    const server = await serve(registry(new Set(), layout.blobs[1]!.digest))
    const sink = recorder()
    await expect(push(server.host, layout, sink)).rejects.toThrow()
    expect(sink.lines.some(line => line.startsWith('Uploads done'))).toBe(false)
    expect(jest.getTimerCount()).toBe(0)
  })

  it('stops its timer as soon as the push is cancelled', async () => {
    const layout = writeOciLayout(dir, { layerSizes: [4096] })
    const controller = new AbortController()
    let timersWhileUploading = -1
    let timersOnceCancelled = -1
    const server = await serve((request, response) => {
      if (request.url === '/v2/') return void response.end('{}')
      if (request.method === 'HEAD') return void response.writeHead(404).end()
      // The first request of an upload: the push is under way, its timer running. Cancelled.
      timersWhileUploading = jest.getTimerCount()
      controller.abort(new Error('cancelled'))
      timersOnceCancelled = jest.getTimerCount()
      // No answer: the cancellation alone ends the push.
    })
    await expect(push(server.host, layout, recorder(), controller)).rejects.toThrow('cancelled')
    expect({ timersWhileUploading, timersOnceCancelled }).toEqual({
      timersWhileUploading: 1,
      timersOnceCancelled: 0
    })
    expect(jest.getTimerCount()).toBe(0)
  })
})
