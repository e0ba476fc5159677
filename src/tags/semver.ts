/**
 * Semantic versions as docker/metadata-action accepts them (node-semver's strict
 * `valid`): an optional leading `v`, `MAJOR.MINOR.PATCH`, an optional pre-release and
 * build metadata, surrounding whitespace ignored.
 */
const NUMBER = '0|[1-9]\\d*'
const PRERELEASE_ID = `(?:${NUMBER}|\\d*[A-Za-z-][A-Za-z0-9-]*)`
const SEMVER = new RegExp(
  `^v?(${NUMBER})\\.(${NUMBER})\\.(${NUMBER})` +
    `(?:-(${PRERELEASE_ID}(?:\\.${PRERELEASE_ID})*))?` +
    `(?:\\+([0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*))?$`
)

export interface SemVer {
  /** The text as given, `v` included: `{{raw}}`. */
  raw: string
  /** `MAJOR.MINOR.PATCH[-PRERELEASE]`, without `v` and build metadata: `{{version}}`. */
  version: string
  major: string
  minor: string
  patch: string
  prerelease?: string
}

export function parseSemver(text: string): SemVer | undefined {
  const match = SEMVER.exec(text.trim())
  if (!match) return undefined
  const [, major, minor, patch, prerelease] = match
  const core = `${major}.${minor}.${patch}`
  return {
    raw: text,
    version: prerelease ? `${core}-${prerelease}` : core,
    major,
    minor,
    patch,
    prerelease
  }
}

/** Orders versions by semver precedence (build metadata ignored); for picking the newest tag. */
export function compareSemver(a: SemVer, b: SemVer): number {
  for (const key of ['major', 'minor', 'patch'] as const) {
    const difference = Number(a[key]) - Number(b[key])
    if (difference !== 0) return Math.sign(difference)
  }
  if (a.prerelease === b.prerelease) return 0
  if (a.prerelease === undefined) return 1
  if (b.prerelease === undefined) return -1
  const left = a.prerelease.split('.')
  const right = b.prerelease.split('.')
  for (let index = 0; index < Math.max(left.length, right.length); index++) {
    if (left[index] === undefined) return -1
    if (right[index] === undefined) return 1
    const order = compareIdentifier(left[index], right[index])
    if (order !== 0) return order
  }
  return 0
}

function compareIdentifier(a: string, b: string): number {
  const aNumeric = /^\d+$/.test(a)
  const bNumeric = /^\d+$/.test(b)
  if (aNumeric && bNumeric) return Math.sign(Number(a) - Number(b))
  if (aNumeric !== bNumeric) return aNumeric ? -1 : 1
  return a < b ? -1 : a > b ? 1 : 0
}
