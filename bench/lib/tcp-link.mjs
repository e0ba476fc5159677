// A loopback TCP relay in front of one server that behaves like a network link: every chunk
// arrives `delayMs` after it was sent, in order, each way, and a new connection carries its first
// byte only a round trip after it was opened (TCP's handshake). What goes through is not read, so
// it works for TLS too; it counts the connections opened.
import { connect, createServer } from 'node:net'
import { clearTimeout, setTimeout } from 'node:timers'
import { performance } from 'node:perf_hooks'

export async function startTcpLink({ target, delayMs }) {
  const stats = { connections: 0 }
  const sockets = new Set()
  const timers = new Set()
  const at = (time, deliver) => {
    const timer = setTimeout(
      () => {
        timers.delete(timer)
        deliver()
      },
      Math.max(0, time - performance.now())
    )
    timers.add(timer)
  }
  // Each direction keeps its order: a chunk never overtakes the one before it.
  const relay = (from, to, firstByteAt) => {
    let last = firstByteAt
    from.on('data', chunk => {
      last = Math.max(performance.now() + delayMs, last)
      at(last, () => to.destroyed || to.write(chunk))
    })
    from.on('end', () => {
      last = Math.max(performance.now() + delayMs, last)
      at(last, () => to.end())
    })
    // A close (or a reset) reaches the other side after what was sent before it.
    from.on('error', () => undefined)
    from.on('close', () => {
      sockets.delete(from)
      last = Math.max(performance.now() + delayMs, last)
      at(last, () => to.destroy())
    })
  }
  const server = createServer(client => {
    stats.connections += 1
    const [host, port] = target.split(':')
    const upstream = connect(Number(port), host)
    sockets.add(client).add(upstream)
    // SYN, SYN-ACK: the client's first byte leaves a round trip after it connected.
    relay(client, upstream, performance.now() + 3 * delayMs)
    relay(upstream, client, 0)
  })
  await new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', resolve)
  })
  return {
    address: `127.0.0.1:${server.address().port}`,
    stats,
    close: () => {
      for (const timer of timers) clearTimeout(timer)
      for (const socket of sockets) socket.destroy()
      return new Promise(resolve => server.close(resolve))
    }
  }
}
