import * as core from '@actions/core'
import type { Logger } from '../common/logger.js'

/** How many groups are open; the job log has no nested groups. */
let openGroups = 0

/** The engine's progress, written to the job log. */
export const actionLogger: Logger = {
  info: message => core.info(message),
  warning: (message, title) => core.warning(message, title ? { title } : {}),
  debug: message => core.debug(message),
  group: async (name, fn) => {
    // An inner ::group:: would close the outer one early: inside a group, a heading line instead.
    if (openGroups > 0) {
      core.info(name)
      return fn()
    }
    openGroups++
    try {
      return await core.group(name, fn)
    } finally {
      openGroups--
    }
  }
}

/**
 * Fails the step with exactly one error annotation, titled. `core.setFailed` would add a
 * second, untitled one, so the exit status is set directly.
 */
export function failStep(message: string, title: string): void {
  core.error(message, { title })
  process.exitCode = 1
}
