/** Runs a task once one of its slots is free. */
export type Limiter = <T>(task: () => Promise<T>) => Promise<T>

/** Runs at most `limit` of the given tasks at once. */
export function limiter(limit: number): Limiter {
  let active = 0
  const waiting: Array<() => void> = []
  return async task => {
    // A finishing task hands its slot straight to the next waiter, so `active` never overshoots.
    if (active >= limit) await new Promise<void>(resolve => waiting.push(resolve))
    else active++
    try {
      return await task()
    } finally {
      const next = waiting.shift()
      if (next) next()
      else active--
    }
  }
}
