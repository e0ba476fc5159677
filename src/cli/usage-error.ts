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
