// One implementation for tests and benchmarks: scripts/fault-proxy.mjs (typed by its .d.mts).
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
