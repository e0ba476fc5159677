import { RegistryError } from '../common/errors.js'

/** Some tags exist, one or more failed: the caller must report both. */
export class PartialPushError extends RegistryError {
  constructor(
    readonly digest: string,
    /** Full references that exist at `digest`. */
    readonly pushed: string[],
    readonly failure: RegistryError
  ) {
    super(`${failure.message} (pushed so far: ${pushed.length ? pushed.join(', ') : 'none'})`, {
      fix: failure.fix,
      detail: failure.detail,
      input: failure.input,
      status: failure.status,
      code: failure.code,
      cause: failure
    })
  }
}
