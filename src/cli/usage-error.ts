import { Checks } from '../common/checks.js'

/** The command line itself is wrong (unknown flag, missing value, …): exit status 2. */
export class UsageError extends Error {
  /** What to type instead. */
  readonly fix: string

  constructor(message: string, fix: string) {
    super(message)
    this.name = 'UsageError'
    this.fix = fix
  }
}

/** Several things are wrong with the command line at once (see `UsageChecks`). */
export class UsageErrors extends Error {
  readonly problems: readonly UsageError[]

  constructor(problems: readonly UsageError[]) {
    super(problems.map(problem => problem.message).join('; '))
    this.name = 'UsageErrors'
    this.problems = problems
  }
}

/** The checks of the command line, each flag's on its own: several are thrown as `UsageErrors`. */
export class UsageChecks extends Checks<UsageError> {
  protected problemsIn(error: unknown): readonly UsageError[] | undefined {
    return usageProblemsOf(error)
  }

  /** A flag given wrong twice over is one problem. */
  protected subject(problem: UsageError): string {
    return problem.message
  }

  protected combine(problems: readonly UsageError[]): UsageErrors {
    return new UsageErrors(problems)
  }
}

/** The command-line problems `error` carries; undefined when it is about something else. */
export function usageProblemsOf(error: unknown): readonly UsageError[] | undefined {
  if (error instanceof UsageErrors) return error.problems
  return error instanceof UsageError ? [error] : undefined
}
