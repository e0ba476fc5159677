import { InputErrors, isInputProblem, type InputProblem } from './errors.js'

/**
 * Runs checks that do not depend on each other and keeps every problem they find, so that one
 * run reports them all instead of one per run. A check that needs the value of one that failed
 * is skipped by its caller (the value is `undefined`): each mistake is reported once, where it
 * is made. Anything a check throws that is not a problem (a bug, an abort) is thrown on at once.
 */
export abstract class Checks<P extends Error> {
  readonly #found: P[] = []

  /** The problems `error` stands for (several, for a combined error); undefined when it is none. */
  protected abstract problemsIn(error: unknown): readonly P[] | undefined
  /** What a problem is about: only the first problem about one thing is kept. */
  protected abstract subject(problem: P): string
  /** The one error that reports several problems. */
  protected abstract combine(problems: readonly P[]): Error

  /** Every problem found so far, in the order of the checks. */
  get found(): readonly P[] {
    return this.#found
  }

  /** Runs one check: its value, or undefined when it found a problem (kept). */
  check<T>(check: () => T): T | undefined {
    try {
      return check()
    } catch (error) {
      this.keep(error)
      return undefined
    }
  }

  /** `check` for a check that reads something first (a file, standard input). */
  async checkAsync<T>(check: () => Promise<T>): Promise<T | undefined> {
    try {
      return await check()
    } catch (error) {
      this.keep(error)
      return undefined
    }
  }

  /**
   * Adds a problem found without a check of its own. A second problem about the same input is
   * dropped: it most often follows from the first, and fixing that one brings it up if not.
   */
  add(problem: P): void {
    const subject = this.subject(problem)
    if (!this.#found.some(found => this.subject(found) === subject)) this.#found.push(problem)
  }

  /**
   * Throws what was found: one problem as it is (so a run with one bad input reads exactly as
   * before), several as one combined error.
   */
  throwIfAny(): void {
    const [first, ...rest] = this.#found
    if (first === undefined) return
    throw rest.length === 0 ? first : this.combine(this.#found)
  }

  /**
   * `throwIfAny`, then the values the checks gave: once nothing was found, none is missing. Only
   * values that are never undefined when their check passes belong here.
   */
  settle<const T extends readonly unknown[]>(
    ...values: T
  ): { -readonly [K in keyof T]: Exclude<T[K], undefined> } {
    this.throwIfAny()
    if (values.includes(undefined)) throw new Error('a check found no problem and gave no value')
    return values as { -readonly [K in keyof T]: Exclude<T[K], undefined> }
  }

  private keep(error: unknown): void {
    const problems = this.problemsIn(error)
    if (!problems) throw error
    for (const problem of problems) this.add(problem)
  }
}

/**
 * The checks of the settings: each problem is an error that names its input (`InputError`, an
 * API key's refusal), and several are thrown as `InputErrors`. A new input's check is one
 * `check(() => …)` call where its value is read.
 */
export class InputChecks extends Checks<InputProblem> {
  protected problemsIn(error: unknown): readonly InputProblem[] | undefined {
    if (error instanceof InputErrors) return error.problems
    return isInputProblem(error) ? [error] : undefined
  }

  protected subject(problem: InputProblem): string {
    return problem.input
  }

  protected combine(problems: readonly InputProblem[]): InputErrors {
    return new InputErrors(problems)
  }
}
