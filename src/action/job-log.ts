import { EOL } from 'node:os'
import type { Logger } from '../common/logger.js'
import { inertLogText, printable } from '../common/text.js'

/** The job log's primitives: `workflowCommands`, or a test's. */
export interface JobLogSink {
  info(line: string): void
  warning(message: string, title?: string): void
  debug(message: string): void
  error(message: string, title: string): void
  startGroup(name: string): void
  endGroup(): void
}

/**
 * The runner's workflow commands (`::name key=value::message`), written directly: @actions/core
 * would bring an HTTP client that takes longer to load than the rest of a step. Escaped as the
 * runner decodes them (and as @actions/core escapes them).
 */
export const workflowCommands: JobLogSink = {
  info: line => process.stdout.write(`${line}${EOL}`),
  warning: (message, title) => workflowCommand('warning', message, title ? { title } : {}),
  debug: message => workflowCommand('debug', message),
  error: (message, title) => workflowCommand('error', message, { title }),
  startGroup: name => workflowCommand('group', name),
  endGroup: () => workflowCommand('endgroup', '')
}

/**
 * `::name key=value,…::message` on stdout, as @actions/core writes it: a property without a
 * value is left out (the space after the name stays, as there).
 */
export function workflowCommand(
  name: string,
  message: string,
  properties: Record<string, string> = {}
): void {
  const entries = Object.entries(properties)
  const props = entries
    .filter(([, value]) => value !== '')
    .map(([key, value]) => `${key}=${escape(value).replace(/:/g, '%3A').replace(/,/g, '%2C')}`)
    .join(',')
  process.stdout.write(
    `::${name}${entries.length > 0 ? ` ${props}` : ''}::${escape(message)}${EOL}`
  )
}

function escape(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
}

/** How many groups are open; the job log has no nested groups. */
let openGroups = 0

/** The engine's progress, written to the job log through `sink`. */
export function jobLogger(sink: JobLogSink): Logger {
  const logger: Logger = {
    info: message => sink.info(inertLogText(message)),
    // Commands with their data escaped by the sink: only the control characters go.
    warning: (message, title) => sink.warning(printable(message), title),
    debug: message => sink.debug(printable(message)),
    group: async (name, fn) => {
      // An inner ::group:: would close the outer one early: inside a group, a heading line instead.
      if (openGroups > 0) {
        logger.info(name)
        return fn()
      }
      openGroups++
      sink.startGroup(printable(name))
      try {
        return await fn()
      } finally {
        sink.endGroup()
        openGroups--
      }
    }
  }
  return logger
}

/** An error annotation of the job log: what failed, with its fix, under a title. */
export interface Annotation {
  message: string
  title: string
}

/** Fails the step once: one error annotation per failure, each titled, and the exit status. */
export function failStep(
  sink: JobLogSink,
  failures: readonly Annotation[],
  exitCode: number
): void {
  // `core.setFailed` would add another, untitled annotation: the status is set directly.
  for (const { message, title } of failures) sink.error(printable(message), title)
  process.exitCode = exitCode
}
