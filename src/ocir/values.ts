import type { InputName } from '../common/constants.js'
import { InputError } from '../common/errors.js'

/** Something the user should know, returned to the face, which decides how to show it. */
export interface Notice {
  title: string
  message: string
}

/**
 * A setting's value without surrounding whitespace (a copy-paste habit), and a notice when
 * some was removed. The notice never quotes the value, so it is safe for secrets too.
 */
export function trimSetting(input: InputName, raw: string): { value: string; notice?: Notice } {
  const value = raw.trim()
  if (value === raw) return { value }
  return {
    value,
    notice: {
      title: `Trimmed ${input}`,
      message: `Removed whitespace around the value of ${input}; the value without it was used.`
    }
  }
}

/** The values of a setting that takes several: one per line, or separated by commas. */
export function listedValues(value: string): string[] {
  return value
    .split(/[\r\n,]+/)
    .map(item => item.trim())
    .filter(item => item !== '')
}

/**
 * Refuses a value listed twice in one setting (`what` it lists: `registry host`): the same
 * target would be pushed to twice.
 */
export function refuseRepeats(input: InputName, values: readonly string[], what: string): void {
  const repeated = values.find((value, index) => values.indexOf(value) !== index)
  if (repeated !== undefined) {
    throw new InputError(input, `lists ${repeated} twice`, { fix: `Name each ${what} once` })
  }
}
