import type { InputName } from '../common/constants.js'

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
