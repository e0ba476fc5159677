// The one seam OCI clients send through. The default sends on node:http(s) directly; the
// integrator swaps in the project's shared transport (proxies, CA bundles) behind this type.
import { request as httpRequest } from 'node:http'
import type { IncomingMessage } from 'node:http'
import { request as httpsRequest } from 'node:https'
import { OciConnectionError, OciResponseTooLargeError, OciTimeoutError } from './errors.js'

export interface OciHttpRequest {
  method: string
  url: URL
  headers: Readonly<Record<string, string>>
  body?: Uint8Array
  signal?: AbortSignal
}

export interface OciHttpResponse {
  status: number
  headers: { get(name: string): string | null }
  text(): Promise<string>
}

export type OciSend = (request: OciHttpRequest) => Promise<OciHttpResponse>

/** No answer of these APIs comes near this; a larger one is not OCI speaking. */
export const MAX_RESPONSE_BYTES = 1024 * 1024
export const DEFAULT_TIMEOUT_MS = 30_000

/** `method url` as errors and logs show it: query values that could be secrets are redacted. */
export function describeUrl(url: URL): string {
  const shown = new URL(url)
  shown.username = ''
  shown.password = ''
  for (const name of [...shown.searchParams.keys()]) {
    if (/token|secret|signature|password|key/i.test(name)) shown.searchParams.set(name, '***')
  }
  return shown.href
}

/** The default OciSend: the whole exchange (connect, answer, body) within `timeoutMs`. */
export function createNodeSend(
  options: { timeoutMs?: number; maxResponseBytes?: number } = {}
): OciSend {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS
  const maxResponseBytes = options.maxResponseBytes ?? MAX_RESPONSE_BYTES
  return request =>
    new Promise<OciHttpResponse>((resolve, reject) => {
      const facts = { method: request.method, url: describeUrl(request.url) }
      request.signal?.throwIfAborted()
      const send = request.url.protocol === 'https:' ? httpsRequest : httpRequest
      const outgoing = send(request.url, { method: request.method, headers: request.headers })
      let settled = false
      const finish = (outcome: () => void): void => {
        if (settled) return
        settled = true
        clearTimeout(timer)
        request.signal?.removeEventListener('abort', onAbort)
        outcome()
      }
      const fail = (error: unknown): void => {
        finish(() => reject(error))
        outgoing.destroy()
      }
      const onAbort = (): void => fail(request.signal?.reason)
      const timer = setTimeout(() => fail(new OciTimeoutError(facts, timeoutMs)), timeoutMs)
      timer.unref()
      request.signal?.addEventListener('abort', onAbort, { once: true })
      outgoing.on('error', error => fail(new OciConnectionError(facts, error)))
      outgoing.on('response', (incoming: IncomingMessage) => {
        const chunks: Buffer[] = []
        let received = 0
        incoming.on('data', (chunk: Buffer) => {
          received += chunk.length
          if (received > maxResponseBytes)
            return fail(new OciResponseTooLargeError(facts, maxResponseBytes))
          chunks.push(chunk)
        })
        incoming.on('error', error => fail(new OciConnectionError(facts, error)))
        incoming.on('end', () => {
          const body = Buffer.concat(chunks).toString('utf8')
          const headers = new Headers()
          for (const [name, value] of Object.entries(incoming.headers)) {
            for (const one of Array.isArray(value) ? value : [value ?? ''])
              headers.append(name, one)
          }
          finish(() =>
            resolve({ status: incoming.statusCode ?? 0, headers, text: async () => body })
          )
        })
      })
      outgoing.end(request.body)
    })
}
