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

/**
 * What a check of the settings finds: an error of ours that names the input at fault, an
 * `InputError` or an API key's refusal (`src/oci/errors.ts`). Checks touch nothing outside, so
 * such an error is about the input's value.
 */
export type InputProblem = OcirPushError & { readonly input: InputName }

export function isInputProblem(error: unknown): error is InputProblem {
  return error instanceof OcirPushError && error.input !== undefined
}

/** Several settings are wrong at once (see `InputChecks`); nothing was sent anywhere. */
export class InputErrors extends OcirPushError {
  /** In the order the inputs are checked; each names its input and carries its fix. */
  readonly problems: readonly InputProblem[]

  constructor(problems: readonly InputProblem[]) {
    const inputs = [...new Set(problems.map(problem => problem.input))]
    super(`${problems.length} settings are wrong: ${inputs.join(', ')}`, {
      fix: 'Fix each of them as its own message says; nothing was sent'
    })
    this.problems = problems
  }
}

/** What anything thrown says: an error's message, anything else as text. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

/**
 * One target of a run with several (a registry host and repository) failed: `failure` says
 * why, as it would for a run with that target alone.
 */
export class TargetError extends OcirPushError {
  constructor(
    /** The target's repository reference (`fra.ocir.io/ns/app`), or its host when it has none. */
    readonly target: string,
    readonly failure: unknown
  ) {
    const known = failure instanceof OcirPushError ? failure : undefined
    super(`${target}: ${known?.message ?? errorMessage(failure)}`, {
      fix: known?.fix ?? 'Run the push again',
      ...(known?.input ? { input: known.input } : {}),
      ...(known?.detail ? { detail: known.detail, detailFrom: detailSpeaker(known) } : {}),
      cause: failure
    })
  }
}

/** Some targets of a run with several failed; the others were pushed (see the run's outputs). */
export class TargetErrors extends OcirPushError {
  constructor(
    /** One per target that failed, in the targets' order. */
    readonly failures: readonly TargetError[],
    /** How many targets the run had. */
    readonly targetCount: number
  ) {
    super(
      `${failures.length} of ${targetCount} targets failed: ${failures.map(failure => failure.target).join(', ')}`,
      { fix: 'Fix each of them as its own message says; the targets not named were pushed' }
    )
  }
}

/**
 * The failures one error reports: each problem of `InputErrors`, each target of
 * `TargetErrors`, otherwise the error itself.
 */
export function failuresOf(error: unknown): readonly unknown[] {
  if (error instanceof InputErrors) return error.problems
  if (error instanceof TargetErrors) return error.failures
  return [error]
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
  if (!(error instanceof OcirPushError)) return errorMessage(error)
  if (error instanceof InputErrors || error instanceof TargetErrors) {
    return failuresOf(error)
      .map(failure => formatError(failure, inputLabel))
      .join('\n')
  }
  // The target first, then the failure as a run with that target alone would report it.
  if (error instanceof TargetError)
    return `${error.target}: ${formatError(error.failure, inputLabel)}`
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
