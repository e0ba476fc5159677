import { createHash } from 'node:crypto'

/** Longest tag a registry accepts (TAG_PATTERN in src/constants.ts). */
export const MAX_TAG_LENGTH = 128
const HASH_LENGTH = 8

export interface SanitizedTag {
  tag: string
  /** Why the tag differs from the text it came from; empty when it was already valid. */
  changes: string[]
}

function shortHash(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex').slice(0, HASH_LENGTH)
}

/**
 * Makes any text a valid tag (`[A-Za-z0-9_][A-Za-z0-9._-]{0,127}`), changing as little
 * as possible: each run of other characters becomes one `-` (as metadata-action does),
 * leading `.` and `-` are dropped, and a result over 128 characters is cut and ends in a
 * hash of the whole text, so long names that share their first 119 characters stay apart.
 * Text with no usable character at all becomes the hash.
 */
export function sanitizeTag(text: string): SanitizedTag {
  const changes: string[] = []
  let tag = text.replace(/[^A-Za-z0-9._-]+/g, '-')
  if (tag !== text) {
    changes.push('characters other than letters, digits, _ . - became -')
  }
  const trimmed = tag.replace(/^[.-]+/, '')
  if (trimmed !== tag) {
    changes.push('a tag cannot start with . or -')
    tag = trimmed
  }
  if (tag === '') {
    changes.push('nothing usable was left, so the tag is a hash of the name')
    return { tag: shortHash(text), changes }
  }
  if (tag.length > MAX_TAG_LENGTH) {
    changes.push(
      `a tag has at most ${MAX_TAG_LENGTH} characters, so it was cut and ends in a hash of the full name`
    )
    tag = `${tag.slice(0, MAX_TAG_LENGTH - HASH_LENGTH - 1)}-${shortHash(text)}`
  }
  return { tag, changes }
}
