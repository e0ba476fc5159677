import { plainProgress, type Logger, type ProgressSink } from '../common/logger.js'
import { inertLogText } from '../common/text.js'
import type { Console } from './console.js'

export interface LoggerOptions {
  verbose: boolean
  quiet: boolean
}

/**
 * Steps on stderr (a push's progress is `cliProgress`'s): shown on a terminal, hidden in
 * pipes and CI logs unless --verbose; warnings always, unless --quiet; debug lines only with
 * --verbose. Messages carry Docker's and the registry's words: their control characters
 * never reach the terminal.
 */
export function cliLogger(console: Console, { verbose, quiet }: LoggerOptions): Logger {
  const progress = verbose || (!quiet && console.stderrIsTerminal)
  const style = console.errStyle
  return {
    info(message) {
      if (progress) console.err(inertLogText(message))
    },
    warning(message, title) {
      if (!quiet)
        console.err(
          `${style.yellow('warning:')} ${inertLogText(title ? `${title}: ${message}` : message)}`
        )
    },
    debug(message) {
      if (verbose) console.err(style.dim(inertLogText(message)))
    },
    async group(name, fn) {
      if (progress) console.err(style.bold(inertLogText(name)))
      return fn()
    }
  }
}

/** A live line's refresh: often enough to look alive, rarely enough to cost nothing. */
export const LIVE_STATUS_INTERVAL_MS = 1_000

/**
 * A push's progress on stderr, without --verbose: on a terminal a live line each status
 * replaces, between the lines that stay; elsewhere (pipes, CI logs) plain lines, a status
 * every 10 s. None with --quiet.
 */
export function cliProgress(console: Console, { quiet }: LoggerOptions): ProgressSink | undefined {
  if (quiet) return undefined
  const line = (message: string): void => console.err(inertLogText(message))
  if (!console.hasLiveLine) return plainProgress(line)
  return {
    line,
    status: message => console.live(inertLogText(message)),
    statusIntervalMs: LIVE_STATUS_INTERVAL_MS
  }
}
