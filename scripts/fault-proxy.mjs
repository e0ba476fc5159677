// A loopback HTTP proxy in front of one registry: adds latency, limits the upload bandwidth,
// injects faults (canned responses such as 5xx or 429 bursts, connections cut mid-upload,
// stalls) and counts what passes. Bodies are streamed, never buffered, so multi-GiB uploads go through unchanged.
// Types: fault-proxy.d.mts. Used by integration tests and benchmarks.
/* global AbortController, AbortSignal */
import { Agent, createServer, request } from 'node:http'
import { performance } from 'node:perf_hooks'
import { Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { setTimeout as sleep } from 'node:timers/promises'

/** The status logged for an exchange that a `resetAfterBytes` rule cut. */
export const CUT = -1

export async function startFaultProxy({ target, latencyMs = 0, upBytesPerSecond }) {
  const rules = []
  const stats = emptyStats()
  const started = performance.now()
  const since = () => Math.round(performance.now() - started)
  // One link for every connection: concurrent uploads share its bandwidth.
  let linkFreeAt = 0
  const agent = new Agent({ keepAlive: true })
  // Aborted by close(): every pending latency or stall sleep ends at once, so a closed
  // proxy leaves no timer behind (a 60 s stall would otherwise hold the process open).
  const closing = new AbortController()
  const server = createServer((req, res) => {
    handle(req, res).catch(error => {
      // The client or the target went away mid-exchange, or a fault cut it: end this one only.
      if (req.socket.destroyed) return
      if (!res.headersSent) {
        res.writeHead(502, { 'content-type': 'text/plain' })
        res.end(`fault proxy: ${error.message}\n`)
      } else {
        res.destroy()
      }
    })
  })
  await new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', resolve)
  })
  const address = `127.0.0.1:${server.address().port}`
  const rewrite = value => value.replaceAll(`http://${target}`, `http://${address}`)
  // Unref'd and cancellable: a sleep never keeps the process alive, and it ends when the
  // proxy closes or the client of this exchange goes away (a client that timed out on a stall).
  const sleepFor = (req, ms) => {
    const gone = new AbortController()
    const onClose = () => gone.abort()
    req.socket.once('close', onClose)
    const signal = AbortSignal.any([closing.signal, gone.signal])
    return sleep(ms, undefined, { signal, ref: false }).finally(() =>
      req.socket.off('close', onClose)
    )
  }

  /** Request bodies at most `upBytesPerSecond`: each chunk waits until the link carried it. */
  function throttled(req) {
    if (!upBytesPerSecond) return req
    const pace = new Transform({
      transform(chunk, _encoding, done) {
        const now = performance.now()
        linkFreeAt = Math.max(now, linkFreeAt) + (chunk.length / upBytesPerSecond) * 1000
        sleepFor(req, linkFreeAt - now).then(() => done(null, chunk), done)
      }
    })
    pipeline(req, pace).catch(error => pace.destroy(error))
    return pace
  }

  function takeRule(req) {
    const rule = rules.find(candidate => candidate.remaining > 0 && matches(candidate.match, req))
    if (rule) rule.remaining -= 1
    return rule
  }

  async function handle(req, res) {
    stats.requests += 1
    stats.byMethod[req.method] = (stats.byMethod[req.method] ?? 0) + 1
    const entry = { method: req.method, path: req.url, status: 0, startMs: since(), endMs: 0 }
    stats.log.push(entry)
    res.once('close', () => (entry.endMs = since()))
    const incoming = throttled(req)
    const addUp = bytes => (stats.bytesUp += bytes)
    const down = countBytes(bytes => (stats.bytesDown += bytes))
    const rule = takeRule(req)
    if (rule) stats.faults += 1
    if (latencyMs > 0) await sleepFor(req, latencyMs)
    if (rule?.stallMs) await sleepFor(req, rule.stallMs)

    if (rule?.respond) {
      // Read the request body so the client is not cut off mid-send, then answer.
      await pipeline(incoming, countBytes(addUp), discard())
      const { status, headers = {}, body = '' } = rule.respond
      if (latencyMs > 0) await sleepFor(req, latencyMs)
      entry.status = status
      res.writeHead(status, headers)
      down.pipe(res)
      down.end(body)
      return
    }

    const upstream = request({
      host: target.split(':')[0],
      port: Number(target.split(':')[1]),
      method: req.method,
      path: req.url,
      headers: { ...endToEnd(req.headers), host: target },
      agent
    })
    const response = new Promise((resolve, reject) => {
      upstream.once('response', resolve)
      upstream.on('error', reject)
    })
    if (rule?.resetAfterBytes !== undefined) {
      cutAfter(incoming, upstream, rule.resetAfterBytes, addUp, () => {
        entry.status = CUT
        req.socket.destroy()
        upstream.destroy()
      })
    } else {
      pipeline(incoming, countBytes(addUp), upstream).catch(error => upstream.destroy(error))
    }
    const upstreamResponse = await response
    if (latencyMs > 0) await sleepFor(req, latencyMs)
    entry.status = upstreamResponse.statusCode ?? 0
    res.writeHead(
      upstreamResponse.statusCode ?? 502,
      rewriteHeaders(upstreamResponse.headers, rewrite)
    )
    await pipeline(upstreamResponse, down, res)
  }

  return {
    address,
    stats,
    inject(rule) {
      rules.push({ ...rule, remaining: rule.times })
    },
    reset() {
      rules.length = 0
      Object.assign(stats, emptyStats())
    },
    async close() {
      closing.abort()
      server.closeAllConnections()
      agent.destroy()
      await new Promise(resolve => server.close(() => resolve()))
    }
  }
}

function emptyStats() {
  return { requests: 0, bytesUp: 0, bytesDown: 0, byMethod: {}, faults: 0, log: [] }
}

function matches(match, req) {
  if (!match) return true
  if (match.method && match.method.toUpperCase() !== req.method) return false
  return !match.path || match.path.test(req.url ?? '')
}

// Hop-by-hop headers describe one connection; each side of the proxy has its own.
const HOP_BY_HOP = [
  'connection',
  'keep-alive',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade'
]

function endToEnd(headers) {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !HOP_BY_HOP.includes(name)))
}

/** Location (uploads, redirects) and a WWW-Authenticate realm on the target point back here. */
function rewriteHeaders(headers, rewrite) {
  const rewritten = endToEnd(headers)
  for (const name of ['location', 'www-authenticate']) {
    if (typeof rewritten[name] === 'string') rewritten[name] = rewrite(rewritten[name])
  }
  return rewritten
}

function countBytes(add) {
  return new Transform({
    transform(chunk, _encoding, done) {
      add(chunk.length)
      done(null, chunk)
    }
  })
}

function discard() {
  return new Transform({
    transform(_chunk, _encoding, done) {
      done()
    }
  })
}

/** Forwards exactly `limit` bytes of the request body `req`, then cuts both connections. */
function cutAfter(req, upstream, limit, count, cut) {
  let forwarded = 0
  let done = false
  const forward = chunk => {
    if (done) return
    count(chunk.length)
    const part = chunk.subarray(0, limit - forwarded)
    forwarded += part.length
    if (forwarded < limit) {
      if (!upstream.write(part)) {
        req.pause()
        upstream.once('drain', () => req.resume())
      }
      return
    }
    done = true
    req.off('data', forward)
    // The callback runs once the last forwarded bytes are handed to the target's socket.
    upstream.write(part, () => cut())
  }
  req.on('data', forward)
  req.on('end', () => {
    if (!done) upstream.end()
  })
  req.on('error', error => upstream.destroy(error))
}
