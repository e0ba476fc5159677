import { createHash } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import { HttpTransport } from '../../../src/registry/transport/http.js'
import { serversPerTest } from '../../support/http-server.js'

const serve = serversPerTest()

const CHUNK = 64 * 1024
/** Well past what loopback's socket buffers hold, so that writes wait on the reader. */
const CHUNKS = 512

/** Chunk `i` is `CHUNK` bytes of `i % 251`, all read into one buffer: the harshest lender. */
async function* oneBuffer(): AsyncGenerator<Buffer> {
  const buffer = Buffer.alloc(CHUNK)
  for (let i = 0; i < CHUNKS; i++) yield buffer.fill(i % 251)
}

function expectedDigest(): string {
  const hash = createHash('sha256')
  for (let i = 0; i < CHUNKS; i++) hash.update(Buffer.alloc(CHUNK, i % 251))
  return hash.digest('hex')
}

describe('a lent request body', () => {
  it('arrives intact when the server reads slowly: no chunk is reused while the socket holds it', async () => {
    const server = await serve(async (request, response, body) => {
      // Not reading for a while fills the socket buffers: the client's writes then wait.
      request.pause()
      await sleep(200)
      request.resume()
      response.end(
        createHash('sha256')
          .update(await body())
          .digest('hex')
      )
    })
    const transport = new HttpTransport({ env: {} })
    try {
      const response = await transport.send({
        method: 'PUT',
        url: new URL(`${server.origin}/upload`),
        headers: { 'Content-Length': String(CHUNK * CHUNKS) },
        body: oneBuffer(),
        context: { phase: 'push', repository: 'demo/app' }
      })
      expect(response.status).toBe(200)
      expect(await response.text()).toBe(expectedDigest())
    } finally {
      transport.close()
    }
  })
})
