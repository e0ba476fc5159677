/** Where progress goes; each face supplies its own (action log, CLI stderr). */
export interface Logger {
  info(message: string): void
  warning(message: string, title?: string): void
  debug(message: string): void
  /** Runs `fn` inside a collapsible log group where the face has them. */
  group<T>(name: string, fn: () => Promise<T>): Promise<T>
}

/**
 * A long push's progress, which each face shows its own way: the job log gets plain lines, a
 * terminal a live line that each status replaces.
 */
export interface ProgressSink {
  /** A line that stays: a blob's upload starts, the uploads are done, a Docker layer's state. */
  line(message: string): void
  /** The whole push so far (bytes, rate, time left); a terminal shows only the latest. */
  status(message: string): void
  /** How often a status is wanted: each second for a live line, every 10 s for a log. */
  readonly statusIntervalMs: number
}

/**
 * A log's status interval: CI systems end a step that prints nothing for 10 minutes
 * (CircleCI), and a line every 10 s is plenty for a person reading along.
 */
export const LOG_STATUS_INTERVAL_MS = 10_000

/** Progress as plain lines (a job log, a pipe): each status a line of its own. */
export function plainProgress(write: (message: string) => void): ProgressSink {
  return { line: write, status: write, statusIntervalMs: LOG_STATUS_INTERVAL_MS }
}

/**
 * `logger` for one of several pushes running at once: each line starts with `label` (their
 * lines interleave), and a group is a line of its own (groups do not nest, nor run side by side).
 */
export function labelledLogger(logger: Logger, label: string): Logger {
  return {
    info: message => logger.info(`${label}: ${message}`),
    warning: (message, title) => logger.warning(`${label}: ${message}`, title),
    debug: message => logger.debug(`${label}: ${message}`),
    group: (name, fn) => {
      logger.info(`${label}: ${name}`)
      return fn()
    }
  }
}

/** `sink` for one of several pushes running at once: each line and status starts with `label`. */
export function labelledProgress(sink: ProgressSink, label: string): ProgressSink {
  return {
    line: message => sink.line(`${label}: ${message}`),
    status: message => sink.status(`${label}: ${message}`),
    statusIntervalMs: sink.statusIntervalMs
  }
}
