/** Which requests a rule applies to; every given field must match. */
export interface FaultMatch {
  method?: string
  /** Tested against the request path with its query string. */
  path?: RegExp
}

interface RuleBase {
  /** No `match`: every request. */
  match?: FaultMatch
  /** How many matching requests the rule affects before it is spent. */
  times: number
}

/** Answer without asking the target: 5xx or 429 bursts, with or without Retry-After. */
export interface RespondRule extends RuleBase {
  respond: { status: number; headers?: Record<string, string>; body?: string | Buffer }
}

/** Forward this many request-body bytes, then cut both connections (interrupted uploads). */
export interface ResetRule extends RuleBase {
  resetAfterBytes: number
}

/** Hold the request this long before forwarding it (timeouts, slow servers). */
export interface StallRule extends RuleBase {
  stallMs: number
}

export type FaultRule = RespondRule | ResetRule | StallRule

export interface ProxyStats {
  requests: number
  /** Request-body bytes received from clients. */
  bytesUp: number
  /** Response-body bytes sent to clients. */
  bytesDown: number
  byMethod: Record<string, number>
  /** Requests a rule applied to. */
  faults: number
  /**
   * Every request in order; `status` is the answer sent, CUT for a cut connection. `startMs`
   * and `endMs`: when it arrived and when its exchange closed (0 while open), in ms since the
   * proxy started.
   */
  log: Array<{ method: string; path: string; status: number; startMs: number; endMs: number }>
}

export interface FaultProxy {
  /** `127.0.0.1:PORT`: use it in place of the target. */
  address: string
  /** Live counters (the same object throughout). */
  stats: ProxyStats
  /** Adds a rule after the existing ones; the first live matching rule wins. */
  inject(rule: FaultRule): void
  /** Zeroes the counters and drops every rule. */
  reset(): void
  /** Cancels pending latency and stall sleeps, destroys every connection, then stops listening. */
  close(): Promise<void>
}

export declare const CUT: -1

/**
 * Starts a proxy on 127.0.0.1 in front of `target` (`127.0.0.1:PORT`). `latencyMs` delays
 * every request on its way in and every response on its way out. `upBytesPerSecond` is the
 * bandwidth of the link to the registry: every request body, of all connections together,
 * goes through at most that fast (a slow uplink); answers are not limited.
 */
export declare function startFaultProxy(options: {
  target: string
  latencyMs?: number
  upBytesPerSecond?: number
}): Promise<FaultProxy>
