// Watches the requests passing the test bed's fault proxy: each one is stamped with the time
// it arrived, and listeners see it before the proxy picks a fault rule for it, so a rule
// injected by a listener applies to that very request.
import { startFaultProxy } from '../../scripts/fault-proxy.mjs'
import { performance } from 'node:perf_hooks'

export async function startWatchedProxy(options) {
  const proxy = await startFaultProxy(options)
  const listeners = new Set()
  let since = performance.now()
  const watch = () => {
    const log = proxy.stats.log
    const push = log.push.bind(log)
    log.push = entry => {
      entry.at = performance.now() - since
      for (const listener of listeners) listener(entry)
      return push(entry)
    }
  }
  watch()
  return {
    proxy,
    stats: proxy.stats,
    /** Zeroes the counters and rules; request times count from now. */
    reset() {
      proxy.reset()
      since = performance.now()
      watch()
    },
    /** Calls `listener(entry)` for each request from now on; returns the way to stop. */
    onRequest(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    close: () => proxy.close()
  }
}
