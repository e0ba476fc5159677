import {
  RegistryNetworkError,
  RegistryRequestError,
  RegistryResponseError,
  StalledRequestError
} from '../errors.js'

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
  /** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>
  /** In [0, 1). */
  random(): number
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason as Error)
      const onAbort = (): void => {
        clearTimeout(timer)
        reject(signal!.reason as Error)
      }
      // Not unref'd: a backoff is the run's only pending work, and Node would exit in it.
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort)
        resolve()
      }, ms)
      signal?.addEventListener('abort', onAbort, { once: true })
    }),
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
  /** Once aborted, nothing is retried: the run rejects with the signal's reason. */
  signal?: AbortSignal
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
  const { policy, clock, signal } = options
  const started = clock.now()
  for (let attempt = 1; ; attempt++) {
    signal?.throwIfAborted()
    try {
      return await operation(attempt)
    } catch (error) {
      signal?.throwIfAborted()
      const decision = options.classify(error)
      if (!decision.retry || attempt >= policy.attempts) throw error
      const delayMs = decision.retryAfterMs ?? backoffDelay(policy, attempt, clock.random())
      if (clock.now() - started + delayMs > policy.budgetMs) throw error
      options.onRetry?.(error, attempt, delayMs)
      await clock.sleep(delayMs, signal)
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

/** The one retry rule of the registry client: 5xx, 429 (honouring Retry-After), no answer, stall. */
export function classifyFailure(error: unknown): RetryDecision {
  if (error instanceof RegistryResponseError) {
    return error.transient ? { retry: true, retryAfterMs: error.retryAfterMs } : { retry: false }
  }
  return { retry: error instanceof RegistryNetworkError || error instanceof StalledRequestError }
}

export type TransientRetryOptions = Omit<RetryOptions, 'classify'>

/** `withRetry` by that rule; the error that ends it tells how many attempts were made. */
export async function retryTransient<T>(
  operation: (attempt: number) => Promise<T>,
  options: TransientRetryOptions
): Promise<T> {
  let attempts = 0
  try {
    return await withRetry(
      attempt => {
        attempts = attempt
        return operation(attempt)
      },
      { ...options, classify: classifyFailure }
    )
  } catch (error) {
    // A sibling's failure that aborted this request keeps the count of its own attempts.
    if (error instanceof RegistryRequestError && error !== options.signal?.reason) {
      error.attempts = attempts
    }
    throw error
  }
}
