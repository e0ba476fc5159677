import { EOL } from 'node:os'
import type { Logger } from '../common/logger.js'
import { inertLogText, printable } from '../common/text.js'

/** The job log's primitives: @actions/core's, or `workflowCommands`. */
export interface JobLogSink {
  info(line: string): void
  warning(message: string, title?: string): void
  debug(message: string): void
  error(message: string, title: string): void
  startGroup(name: string): void
  endGroup(): void
}

/**
 * The runner's workflow commands (`::name key=value::message`), written directly: the post
 * step, a short file edit, would otherwise load @actions/core, and with it an HTTP client, on
 * every job. Escaped as the runner decodes them (and as @actions/core escapes them).
 */
export const workflowCommands: JobLogSink = {
  info: line => process.stdout.write(`${line}${EOL}`),
  warning: (message, title) => command('warning', message, title ? { title } : {}),
  debug: message => command('debug', message),
  error: (message, title) => command('error', message, { title }),
  startGroup: name => command('group', name),
  endGroup: () => command('endgroup', '')
}

function command(name: string, message: string, properties: Record<string, string> = {}): void {
  const props = Object.entries(properties)
    .map(([key, value]) => `${key}=${escape(value).replace(/:/g, '%3A').replace(/,/g, '%2C')}`)
    .join(',')
  process.stdout.write(`::${name}${props ? ` ${props}` : ''}::${escape(message)}${EOL}`)
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
