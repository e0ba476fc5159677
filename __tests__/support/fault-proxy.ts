// One implementation for tests and benchmarks: scripts/fault-proxy.mjs (typed by its .d.mts).
import { CUT } from '../../scripts/fault-proxy.mjs'
import type { ProxyStats } from '../../scripts/fault-proxy.mjs'

export { CUT, startFaultProxy } from '../../scripts/fault-proxy.mjs'
export type {
  FaultMatch,
  FaultProxy,
  FaultRule,
  ProxyStats,
  ResetRule,
  RespondRule,
  StallRule
} from '../../scripts/fault-proxy.mjs'

/**
 * The requests the registry accepted, in order of arrival. docker-registry answers 500 now and
 * then while several PUTs of one manifest rewrite its files at once; the client retries those,
 * so a count of requests holds only over the accepted ones.
 */
export function accepted(log: ProxyStats['log']): ProxyStats['log'] {
  return log.filter(entry => entry.status !== CUT && entry.status < 500)
}
