import { explainFailure } from '../../../src/engine/diagnosis.js'
import type { Credentials } from '../../../src/registry/credentials.js'

/** A call's failure as the engine reports it: the registry's typed error in OCIR's words. */
export function explainedAs(
  host: string,
  credentials?: Credentials
): (error: unknown) => Promise<never> {
  return async error => {
    throw explainFailure(error, {
      host,
      ...(credentials ? { username: credentials.username, secrets: [credentials.token] } : {})
    })
  }
}
