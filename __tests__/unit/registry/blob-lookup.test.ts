import { Readable } from 'node:stream'
import { RegistryClient } from '../../../src/registry/client.js'
import { RegistryResponseError } from '../../../src/registry/errors.js'
import { sha256Digest } from '../../../src/image/digest.js'
import type { BlobContent } from '../../../src/image/content.js'
import { serversPerTest, type Handler, type TestServer } from '../../support/http-server.js'

// A blob push asks whether the blob is there and opens its upload session at once; the session
// of a blob that is there is cancelled, and only what the push needs decides its outcome.

const REPOSITORY = 'demo/app'
const BYTES = Buffer.from('layer bytes')
const BLOB: BlobContent = {
  digest: sha256Digest(BYTES),
  size: BYTES.length,
  open: offset => Readable.from([BYTES.subarray(offset)])
}
const SESSION = '/v2/demo/app/blobs/uploads/s1'

const serve = serversPerTest()

function client(server: TestServer, debug: string[] = []): RegistryClient {
  return new RegistryClient({
    registry: server.host,
    logger: {
      info: () => undefined,
      warning: () => undefined,
      debug: message => debug.push(message),
      group: (_name, fn) => fn()
    },
    credentials: { username: 'demo/alice', token: 'secret' },
    retry: { attempts: 1, budgetMs: 1000, baseDelayMs: 1, maxDelayMs: 1 },
    env: {}
  })
}

interface Answers {
  head: number
  post: number
  delete?: number
}

/** A registry answering the lookup, the session start and its cancel as told; PUT takes the blob. */
function registry(answers: Answers): Handler {
  return async (request, response, body) => {
    if (request.url === '/v2/') return void response.end('{}')
    await body()
    switch (request.method) {
      case 'HEAD':
        return void response.writeHead(answers.head).end()
      case 'POST':
        return void response
          .writeHead(answers.post, answers.post === 202 ? { Location: SESSION } : {})
          .end(answers.post === 202 ? '' : '{"errors":[{"code":"DENIED","message":"denied"}]}')
      case 'DELETE':
        return void response.writeHead(answers.delete ?? 204).end()
      default:
        return void response.writeHead(201).end()
    }
  }
}

const requests = (server: TestServer): string[] =>
  server.seen
    .filter(seen => seen.url !== '/v2/')
    .map(seen => `${seen.method} ${seen.url.split('?')[0]}`)

it('opens the upload session without waiting for the lookup', async () => {
  let posted!: () => void
  const post = new Promise<void>(resolve => (posted = resolve))
  let sessionBeforeLookup = false
  const server = await serve(async (request, response, body) => {
    if (request.url === '/v2/') return void response.end('{}')
    await body()
    if (request.method === 'HEAD') {
      // Answered once the session start has arrived, or, from a client that waits, after 5 s.
      let timer: NodeJS.Timeout | undefined
      sessionBeforeLookup = await Promise.race([
        post.then(() => true),
        new Promise<boolean>(resolve => (timer = setTimeout(() => resolve(false), 5000).unref()))
      ])
      clearTimeout(timer)
      return void response.writeHead(404).end()
    }
    if (request.method === 'POST') {
      posted()
      return void response.writeHead(202, { Location: SESSION }).end()
    }
    response.writeHead(201).end()
  })
  expect(await client(server).pushBlob(REPOSITORY, BLOB)).toBe('uploaded')
  expect(sessionBeforeLookup).toBe(true)
  expect(requests(server).sort()).toEqual(
    [
      `HEAD /v2/demo/app/blobs/${BLOB.digest}`,
      'POST /v2/demo/app/blobs/uploads/',
      `PUT ${SESSION}`
    ].sort()
  )
})

it('cancels the session of a blob that is there, and uploads nothing', async () => {
  const server = await serve(registry({ head: 200, post: 202 }))
  const push = client(server)
  expect(await push.pushBlob(REPOSITORY, BLOB)).toBe('existed')
  await push.settled()
  expect(requests(server)).toContain(`DELETE ${SESSION}`)
  expect(server.seen.filter(seen => seen.method === 'PUT' || seen.method === 'PATCH')).toEqual([])
})

it('a blob that is there needs no push right: a refused session start does not matter', async () => {
  const server = await serve(registry({ head: 200, post: 403 }))
  const push = client(server)
  expect(await push.pushBlob(REPOSITORY, BLOB)).toBe('existed')
  await push.settled()
  expect(requests(server).filter(line => line.startsWith('DELETE'))).toEqual([])
})

it('a session the registry will not cancel is left to expire: the push still succeeds', async () => {
  const server = await serve(registry({ head: 200, post: 202, delete: 405 }))
  const debug: string[] = []
  const push = client(server, debug)
  expect(await push.pushBlob(REPOSITORY, BLOB)).toBe('existed')
  await expect(push.settled()).resolves.toBeUndefined()
  expect(requests(server)).toContain(`DELETE ${SESSION}`)
  expect(debug).toContainEqual(
    expect.stringMatching(/^Cancelling an unused upload session: DELETE .*: HTTP 405/)
  )
})

it('a missing blob fails with the refused session start', async () => {
  const server = await serve(registry({ head: 404, post: 403 }))
  const error = await client(server)
    .pushBlob(REPOSITORY, BLOB)
    .catch((caught: unknown) => caught)
  expect(error).toBeInstanceOf(RegistryResponseError)
  expect(error).toMatchObject({ status: 403, method: 'POST' })
})

it('a failed lookup is the failure, and the session it opened is cancelled', async () => {
  const server = await serve(registry({ head: 403, post: 202 }))
  const push = client(server)
  const error = await push.pushBlob(REPOSITORY, BLOB).catch((caught: unknown) => caught)
  expect(error).toMatchObject({ status: 403, method: 'HEAD' })
  await push.settled()
  expect(requests(server)).toContain(`DELETE ${SESSION}`)
  expect(server.seen.filter(seen => seen.method === 'PUT')).toEqual([])
})
