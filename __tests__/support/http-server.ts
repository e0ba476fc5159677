import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { createServer as createHttpsServer } from 'node:https'
import type { AddressInfo } from 'node:net'

export interface Seen {
  method: string
  url: string
  authorization?: string
}

export type Handler = (
  request: IncomingMessage,
  response: ServerResponse,
  body: () => Promise<Buffer>
) => void | Promise<void>

/** A real HTTP(S) server on 127.0.0.1 that records what reached it and what is still open. */
export interface TestServer {
  /** `127.0.0.1:<port>` */
  host: string
  origin: string
  seen: Seen[]
  /** TCP connections accepted, whether or not a request came over them (a refused TLS handshake). */
  connections(): number
  /** Which connection `request` came over (plain HTTP): 1 for the first accepted, and so on. */
  connectionOf(request: IncomingMessage): number
  /** Requests whose exchange has not closed yet. */
  inFlight(): number
  /** Resolves once no request is open (the client destroyed or finished them all). */
  drained(): Promise<void>
  close(): Promise<void>
}

/** PEM certificate (chain) and key: the server speaks HTTPS with them. */
export interface ServerTls {
  cert: string
  key: string
}

export async function startServer(handler: Handler, tls?: ServerTls): Promise<TestServer> {
  const seen: Seen[] = []
  let open = 0
  let connections = 0
  let waiters: Array<() => void> = []
  const accepted = new WeakMap<object, number>()
  const listener = (request: IncomingMessage, response: ServerResponse): void => {
    open++
    response.once('close', () => {
      open--
      if (open === 0) {
        for (const wake of waiters) wake()
        waiters = []
      }
    })
    seen.push({
      method: request.method ?? '',
      url: request.url ?? '',
      ...(request.headers.authorization ? { authorization: request.headers.authorization } : {})
    })
    const body = async (): Promise<Buffer> => {
      const chunks: Buffer[] = []
      for await (const chunk of request as AsyncIterable<Buffer>) chunks.push(chunk)
      return Buffer.concat(chunks)
    }
    void Promise.resolve(handler(request, response, body)).catch(() => response.destroy())
  }
  const server: Server = tls ? createHttpsServer(tls, listener) : createServer(listener)
  server.on('connection', socket => accepted.set(socket, ++connections))
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    host: `127.0.0.1:${port}`,
    origin: `${tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    seen,
    connections: () => connections,
    connectionOf: request => accepted.get(request.socket) ?? 0,
    inFlight: () => open,
    drained: () =>
      open === 0 ? Promise.resolve() : new Promise<void>(resolve => waiters.push(resolve)),
    close: async () => {
      server.closeAllConnections()
      await new Promise<void>(resolve => server.close(() => resolve()))
    }
  }
}

/** A distribution error answer. */
export function fail(response: ServerResponse, status: number, code = 'UNKNOWN'): void {
  response.writeHead(status, { 'Content-Type': 'application/json' })
  response.end(JSON.stringify({ errors: [{ code, message: `${code.toLowerCase()} here` }] }))
}

/** Starts servers for the running test; each is closed after it. */
export function serversPerTest(): (handler: Handler, tls?: ServerTls) => Promise<TestServer> {
  const servers: TestServer[] = []
  afterEach(async () => {
    await Promise.all(servers.splice(0).map(server => server.close()))
  })
  return async (handler, tls) => {
    const server = await startServer(handler, tls)
    servers.push(server)
    return server
  }
}
