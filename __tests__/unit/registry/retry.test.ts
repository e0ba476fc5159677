import {
  backoffDelay,
  parseRetryAfter,
  withRetry,
  type Clock,
  type RetryDecision,
  type RetryPolicy
} from '../../../src/registry/transport/retry.js'

const POLICY: RetryPolicy = { attempts: 5, budgetMs: 60_000, baseDelayMs: 500, maxDelayMs: 8_000 }

/** A clock whose sleeps only advance time and are recorded. */
function fakeClock(random = 1 - Number.EPSILON): Clock & { sleeps: number[] } {
  let now = 1_000_000
  const sleeps: number[] = []
  return {
    sleeps,
    now: () => now,
    sleep: async ms => {
      sleeps.push(ms)
      now += ms
    },
    random: () => random
  }
}

class Failure extends Error {
  constructor(readonly decision: RetryDecision) {
    super('failure')
  }
}

function failing(times: number, decision: RetryDecision): () => Promise<string> {
  let calls = 0
  return async () => {
    calls++
    if (calls <= times) throw new Failure(decision)
    return `ok after ${calls}`
  }
}

const classify = (error: unknown): RetryDecision =>
  error instanceof Failure ? error.decision : { retry: false }

describe('withRetry', () => {
  it('retries retryable failures with exponential backoff', async () => {
    const clock = fakeClock()
    const result = await withRetry(failing(3, { retry: true }), { policy: POLICY, clock, classify })
    expect(result).toBe('ok after 4')
    expect(clock.sleeps).toEqual([500, 1000, 2000])
  })

  it('jitters each delay uniformly below its ceiling', async () => {
    const clock = fakeClock(0.25)
    await withRetry(failing(2, { retry: true }), { policy: POLICY, clock, classify })
    expect(clock.sleeps).toEqual([125, 250])
  })

  it('waits what Retry-After says instead of backing off', async () => {
    const clock = fakeClock()
    await withRetry(failing(1, { retry: true, retryAfterMs: 7000 }), {
      policy: POLICY,
      clock,
      classify
    })
    expect(clock.sleeps).toEqual([7000])
  })

  it('does not retry what is not retryable', async () => {
    const clock = fakeClock()
    await expect(
      withRetry(failing(1, { retry: false }), { policy: POLICY, clock, classify })
    ).rejects.toBeInstanceOf(Failure)
    expect(clock.sleeps).toEqual([])
  })

  it('stops after the attempt limit and throws the last error', async () => {
    const clock = fakeClock()
    let calls = 0
    await expect(
      withRetry(
        async () => {
          calls++
          throw new Failure({ retry: true })
        },
        { policy: POLICY, clock, classify }
      )
    ).rejects.toBeInstanceOf(Failure)
    expect(calls).toBe(POLICY.attempts)
  })

  it('stops when the next wait would overrun the time budget', async () => {
    const clock = fakeClock()
    const retries: number[] = []
    await expect(
      withRetry(failing(10, { retry: true, retryAfterMs: 25_000 }), {
        policy: POLICY,
        clock,
        classify,
        onRetry: (_error, attempt) => retries.push(attempt)
      })
    ).rejects.toBeInstanceOf(Failure)
    expect(clock.sleeps).toEqual([25_000, 25_000])
    expect(retries).toEqual([1, 2])
  })
})

describe('backoffDelay', () => {
  it('caps the ceiling at maxDelayMs', () => {
    expect(backoffDelay(POLICY, 10, 1)).toBe(POLICY.maxDelayMs)
    expect(backoffDelay(POLICY, 1, 0)).toBe(0)
  })
})

describe('parseRetryAfter', () => {
  const now = Date.parse('2025-01-01T00:00:00Z')
  it.each([
    ['120', 120_000],
    [' 0 ', 0],
    ['Wed, 01 Jan 2025 00:00:30 GMT', 30_000],
    ['Tue, 31 Dec 2024 23:59:00 GMT', 0],
    ['soon', undefined],
    ['', undefined]
  ])('%j → %j', (value, expected) => {
    expect(parseRetryAfter(value, now)).toBe(expected)
  })
  it('is undefined without the header', () => {
    expect(parseRetryAfter(null, now)).toBeUndefined()
  })
})
