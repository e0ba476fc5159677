import * as core from '@actions/core'
import type { Logger } from '../settings.js'

/** The engine's progress, written to the job log. */
export const actionLogger: Logger = {
  info: message => core.info(message),
  warning: (message, title) => core.warning(message, title ? { title } : {}),
  debug: message => core.debug(message),
  group: (name, fn) => core.group(name, fn)
}
