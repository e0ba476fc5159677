/** How hard to try again after a network error, a 5xx or a 429. */
export interface RetryPolicy {
  /** Total attempts, the first one included. */
  attempts: number
  /** No retry starts once this much time has passed since the first attempt. */
  budgetMs: number
  /** Backoff ceiling of the first retry; it doubles on each further one. */
  baseDelayMs: number
  maxDelayMs: number
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  attempts: 5,
  budgetMs: 60_000,
  baseDelayMs: 500,
  maxDelayMs: 15_000
}

/** Time as retries see it; tests pass a fake one that never waits. */
export interface Clock {
  now(): number
  sleep(ms: number): Promise<void>
  /** In [0, 1). */
  random(): number
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: ms => new Promise(resolve => setTimeout(resolve, ms)),
  random: () => Math.random()
}

/** What a failed attempt says about trying again. */
export interface RetryDecision {
  retry: boolean
  /** The server's `Retry-After`, in ms, when it sent one. */
  retryAfterMs?: number
}

export interface RetryOptions {
  policy: RetryPolicy
  clock: Clock
  classify(error: unknown): RetryDecision
  onRetry?(error: unknown, attempt: number, delayMs: number): void
}

/**
 * Runs `operation` until it succeeds, fails for good, or the budget is spent; then throws the
 * last error. Backoff is exponential with full jitter so parallel uploads do not retry in step;
 * a `Retry-After` from the server replaces it.
 */
export async function withRetry<T>(
  operation: (attempt: number) => Promise<T>,
  options: RetryOptions
): Promise<T> {
  const { policy, clock } = options
  const started = clock.now()
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation(attempt)
    } catch (error) {
      const decision = options.classify(error)
      if (!decision.retry || attempt >= policy.attempts) throw error
      const delayMs = decision.retryAfterMs ?? backoffDelay(policy, attempt, clock.random())
      if (clock.now() - started + delayMs > policy.budgetMs) throw error
      options.onRetry?.(error, attempt, delayMs)
      await clock.sleep(delayMs)
    }
  }
}

/** Full jitter: uniform in [0, min(max, base·2^(attempt-1))]. */
export function backoffDelay(policy: RetryPolicy, attempt: number, random: number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1))
  return Math.round(ceiling * random)
}

/** `Retry-After` as delay-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (value === null || value.trim() === '') return undefined
  const trimmed = value.trim()
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000
  const date = Date.parse(trimmed)
  return Number.isNaN(date) ? undefined : Math.max(0, date - now)
}
