import { afterEach, describe, expect, it } from '@jest/globals'
import { createServer } from 'node:http'
import type { RequestListener, Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import {
  OciConnectionError,
  OciResponseTooLargeError,
  OciTimeoutError
} from '../../../src/oci/errors.js'
import { createNodeSend, describeUrl } from '../../../src/oci/http.js'

const servers: Server[] = []
afterEach(async () => {
  await Promise.all(
    servers.splice(0).map(
      server =>
        new Promise<void>(resolve => {
          server.close(() => resolve())
          server.closeAllConnections()
        })
    )
  )
})

async function serve(listener: RequestListener): Promise<URL> {
  const server = createServer(listener)
  servers.push(server)
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  return new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/n/`)
}

describe('createNodeSend', () => {
  it('sends method, headers and body, and hands back status, headers and text', async () => {
    const url = await serve((req, res) => {
      const chunks: Buffer[] = []
      req.on('data', (chunk: Buffer) => chunks.push(chunk))
      req.on('end', () => {
        res.writeHead(201, { 'opc-request-id': 'ABC', 'x-echo-method': req.method ?? '' })
        res.end(`${req.headers['x-test']}:${Buffer.concat(chunks).toString()}`)
      })
    })
    const response = await createNodeSend()({
      method: 'POST',
      url,
      headers: { 'x-test': 'yes' },
      body: Buffer.from('{"a":1}')
    })
    expect(response.status).toBe(201)
    expect(response.headers.get('opc-request-id')).toBe('ABC')
    expect(response.headers.get('X-Echo-Method')).toBe('POST')
    await expect(response.text()).resolves.toBe('yes:{"a":1}')
  })

  it('gives up on a server that does not answer in time', async () => {
    const url = await serve(() => undefined)
    const error = await createNodeSend({ timeoutMs: 100 })({
      method: 'GET',
      url,
      headers: {}
    }).catch((thrown: unknown) => thrown)
    expect(error).toBeInstanceOf(OciTimeoutError)
    expect(error).toMatchObject({ method: 'GET', timeoutMs: 100 })
  })

  it('refuses an answer larger than the bound', async () => {
    const url = await serve((_req, res) => res.end(Buffer.alloc(4096, 'x')))
    await expect(
      createNodeSend({ maxResponseBytes: 1024 })({ method: 'GET', url, headers: {} })
    ).rejects.toBeInstanceOf(OciResponseTooLargeError)
  })

  it('stops when the signal aborts, with its reason', async () => {
    const url = await serve(() => undefined)
    const controller = new AbortController()
    const pending = createNodeSend()({ method: 'GET', url, headers: {}, signal: controller.signal })
    controller.abort(new Error('cancelled by a sibling'))
    await expect(pending).rejects.toThrow('cancelled by a sibling')
    await expect(
      createNodeSend()({ method: 'GET', url, headers: {}, signal: controller.signal })
    ).rejects.toThrow('cancelled by a sibling')
  })

  it('reports a refused connection', async () => {
    const url = await serve(() => undefined)
    await new Promise<void>(resolve => servers.pop()?.close(() => resolve()))
    await expect(createNodeSend()({ method: 'GET', url, headers: {} })).rejects.toBeInstanceOf(
      OciConnectionError
    )
  })
})

describe('describeUrl', () => {
  it('keeps what helps and redacts what could be a secret', () => {
    expect(
      describeUrl(
        new URL(
          'https://u:p@ocir.test/20180419/docker/token?service=fra.ocir.io&token=s3cret&scope=a'
        )
      )
    ).toBe('https://ocir.test/20180419/docker/token?service=fra.ocir.io&token=***&scope=a')
  })
})
