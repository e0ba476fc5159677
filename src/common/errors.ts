import type { InputName } from './constants.js'

export interface ErrorDetails {
  /** What the user should do about it. Always present: an error without a fix is a defect. */
  fix: string
  /** The input (action input name; the CLI maps it to its flag) whose value is at fault. */
  input?: InputName
  /** The registry's or Docker's own words, quoted after our diagnosis. */
  detail?: string
  /** Whose words `detail` are, when neither the registry's nor Docker's: `The identity domain`. */
  detailFrom?: string
  cause?: unknown
}

/** Every failure below the faces is one of these: what failed, which input, and the fix. */
export class OcirPushError extends Error {
  readonly fix: string
  readonly input?: InputName
  readonly detail?: string
  readonly detailFrom?: string

  constructor(message: string, details: ErrorDetails) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause })
    this.name = new.target.name
    this.fix = details.fix
    this.input = details.input
    this.detail = details.detail
    this.detailFrom = details.detailFrom
  }
}

/** A setting's value is wrong; nothing was sent anywhere. */
export class InputError extends OcirPushError {
  declare readonly input: InputName
  constructor(input: InputName, message: string, details: Omit<ErrorDetails, 'input'>) {
    super(message, { ...details, input })
  }
}

/** The registry refused or failed a request. */
export class RegistryError extends OcirPushError {
  readonly status?: number
  /** The distribution-spec error code (`DENIED`, `UNAUTHORIZED`, `NAME_UNKNOWN`, …). */
  readonly code?: string

  constructor(message: string, details: ErrorDetails & { status?: number; code?: string }) {
    super(message, details)
    this.status = details.status
    this.code = details.code
  }
}

/** The Docker CLI or engine failed or is missing. */
export class DockerError extends OcirPushError {}

/**
 * The one message a user sees: what failed, the fix, then the other side's own words.
 * Input names are shown as `inputLabel` renders them (action input or CLI flag).
 */
export function formatError(
  error: unknown,
  inputLabel: (input: InputName) => string = input => `input '${input}'`
): string {
  if (!(error instanceof OcirPushError)) {
    return error instanceof Error ? error.message : String(error)
  }
  const lines = [error.input ? `${inputLabel(error.input)}: ${error.message}` : error.message]
  lines.push(`Fix: ${error.fix}`)
  if (error.detail) {
    lines.push(`${detailSpeaker(error)} said: ${error.detail}`)
  }
  return lines.join('\n')
}

/** Whose words an error's `detail` quotes: `The registry`, `Docker`, `The identity domain`. */
export function detailSpeaker(error: OcirPushError): string {
  return error.detailFrom ?? (error instanceof DockerError ? 'Docker' : 'The registry')
}
