import type { Logger } from '../common/logger.js'
import type { Console } from './console.js'

export interface LoggerOptions {
  verbose: boolean
  quiet: boolean
}

/**
 * Progress on stderr: shown on a terminal, hidden in pipes and CI logs unless --verbose;
 * warnings always, unless --quiet; debug lines only with --verbose.
 */
export function cliLogger(console: Console, { verbose, quiet }: LoggerOptions): Logger {
  const progress = verbose || (!quiet && console.stderrIsTerminal)
  const style = console.errStyle
  return {
    info(message) {
      if (progress) console.err(message)
    },
    warning(message, title) {
      if (!quiet) console.err(`${style.yellow('warning:')} ${title ? `${title}: ` : ''}${message}`)
    },
    debug(message) {
      if (verbose) console.err(style.dim(message))
    },
    async group(name, fn) {
      if (progress) console.err(style.bold(name))
      return fn()
    }
  }
}
