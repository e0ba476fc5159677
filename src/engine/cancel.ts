import { constants } from 'node:os'

/** The signals that cancel a run: the runner's cancel (SIGINT, then SIGTERM) and Ctrl-C. */
export type CancelSignal = 'SIGINT' | 'SIGTERM'

/** Why a run stopped early: the process got a signal. The reason its signal is aborted with. */
export class Interrupted extends Error {
  constructor(readonly signal: CancelSignal) {
    super(`interrupted by ${signal}`)
    this.name = 'Interrupted'
  }

  /** The status of a process that died of the signal, as shells report it: 128 + its number. */
  get exitCode(): number {
    return 128 + constants.signals[this.signal]
  }
}

/** The exit status of a cancelled run: 130 (SIGINT), 143 (SIGTERM); 1 for any other reason. */
export function cancelledExitCode(reason: unknown): number {
  return reason instanceof Interrupted ? reason.exitCode : 1
}

/**
 * Aborts `controller` on the first SIGINT or SIGTERM, so the run stops and cleans up. Each
 * handler runs once: a second Ctrl-C gets the default action and ends the process at once.
 */
export function abortOnSignals(controller: AbortController): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => controller.abort(new Interrupted(signal)))
  }
}
