/**
 * Python versions (PEP 440) as docker/metadata-action reads them for `type=pep440`: the
 * permissive spelling PEP 440 accepts (any case, `v`, separators `-_.`, alternative
 * spellings such as `alpha`, `c`, `rev`, implicit numbers) and its normal form.
 * https://peps.python.org/pep-0440/#normalization
 */
const SEPARATOR = '[-_.]?'
const PEP440 = new RegExp(
  '^\\s*v?' +
    '(?:(\\d+)!)?' +
    '(\\d+(?:\\.\\d+)*)' +
    `(?:${SEPARATOR}(alpha|a|beta|b|preview|pre|rc|c)${SEPARATOR}(\\d+)?)?` +
    `(?:-(\\d+)|${SEPARATOR}(post|rev|r)${SEPARATOR}(\\d+)?)?` +
    `(?:${SEPARATOR}(dev)${SEPARATOR}(\\d+)?)?` +
    '(?:\\+([a-z0-9]+(?:[-_.][a-z0-9]+)*))?' +
    '\\s*$',
  'i'
)

const PRE_RELEASE_LABELS: Record<string, 'a' | 'b' | 'rc'> = {
  a: 'a',
  alpha: 'a',
  b: 'b',
  beta: 'b',
  c: 'rc',
  rc: 'rc',
  pre: 'rc',
  preview: 'rc'
}

export interface Pep440Version {
  /** The text as given: `{{raw}}`. */
  raw: string
  /** The normal form (`1.0dev4` → `1.0.dev4`, `v1.1beta2` → `1.1b2`): `{{version}}`. */
  version: string
  epoch: number
  release: number[]
  preRelease?: { label: 'a' | 'b' | 'rc'; number: number }
  postRelease?: number
  devRelease?: number
  local?: string
}

/** Digits as a number, leading zeros dropped (`007` → 7); a missing number is 0. */
function number(digits: string | undefined): number {
  return digits === undefined ? 0 : Number(digits)
}

export function parsePep440(text: string): Pep440Version | undefined {
  const match = PEP440.exec(text)
  if (!match) return undefined
  const [, epoch, release, preLabel, preNumber, implicitPost, postLabel, postNumber] = match
  const [devLabel, devNumber, local] = match.slice(8)
  const version: Pep440Version = {
    raw: text,
    version: '',
    epoch: number(epoch),
    release: release.split('.').map(part => Number(part))
  }
  if (preLabel !== undefined) {
    version.preRelease = {
      label: PRE_RELEASE_LABELS[preLabel.toLowerCase()],
      number: number(preNumber)
    }
  }
  if (implicitPost !== undefined || postLabel !== undefined) {
    version.postRelease = number(implicitPost ?? postNumber)
  }
  if (devLabel !== undefined) version.devRelease = number(devNumber)
  if (local !== undefined) {
    version.local = local
      .toLowerCase()
      .split(/[-_.]/)
      .map(part => (/^\d+$/.test(part) ? String(Number(part)) : part))
      .join('.')
  }
  version.version = normalForm(version)
  return version
}

function normalForm(version: Pep440Version): string {
  let text = version.epoch !== 0 ? `${version.epoch}!` : ''
  text += version.release.join('.')
  if (version.preRelease) text += `${version.preRelease.label}${version.preRelease.number}`
  if (version.postRelease !== undefined) text += `.post${version.postRelease}`
  if (version.devRelease !== undefined) text += `.dev${version.devRelease}`
  if (version.local !== undefined) text += `+${version.local}`
  return text
}

/** A pre-release in PEP 440's sense: an `a`, `b`, `rc` or `dev` release. */
export function isPep440PreRelease(version: Pep440Version): boolean {
  return version.preRelease !== undefined || version.devRelease !== undefined
}

/** `{{major}}`, `{{minor}}`, `{{patch}}`: the first three release numbers, 0 when absent. */
export function releasePart(version: Pep440Version, index: 0 | 1 | 2): string {
  return String(version.release[index] ?? 0)
}
