import { Inputs } from '../common/constants.js'
import { InputError } from '../common/errors.js'
import { editDistance } from './edit-distance.js'
import { listedValues, refuseRepeats } from './values.js'
import type { Region } from './region.js'
import { REGIONS } from './regions.generated.js'

export { REGIONS }

const EXAMPLE = "a region key such as 'fra' or an identifier such as 'eu-frankfurt-1'"
const KEY_HOST = /^([a-z]{3})\.ocir\.io$/
const IDENTIFIER_HOST = /^ocir\.([a-z0-9-]+)\.oci\.(.+)$/

/** The region a key or identifier (any case, surrounding whitespace ignored) names. */
export function findRegion(input: string): Region | undefined {
  const wanted = input.trim().toLowerCase()
  return REGIONS.find(r => r.key.toLowerCase() === wanted || r.identifier === wanted)
}

/** The region named by the `region` input; an unknown name fails naming the closest ones. */
export function resolveRegion(input: string): Region {
  const value = input.trim()
  if (value === '') {
    throw new InputError(Inputs.Region, 'region is empty', { fix: `Set region to ${EXAMPLE}.` })
  }
  const region = findRegion(value)
  if (region) return region
  const hostRegion = regionOfHost(value.toLowerCase())
  if (hostRegion) {
    throw new InputError(
      Inputs.Region,
      `region takes a region, not a registry host; got '${value}'`,
      {
        fix: `Write region: '${hostRegion.key.toLowerCase()}' (or move '${value}' to registry).`
      }
    )
  }
  const near = closestRegions(value)
  throw new InputError(Inputs.Region, `'${value}' is not a known OCI region`, {
    fix:
      near.length > 0
        ? `Did you mean ${near.map(describeRegion).join(', or ')}? Set region to ${EXAMPLE}.`
        : `Set region to ${EXAMPLE}; docs/ocir.md lists them all.`
  })
}

/**
 * The registry host of a region. In the commercial realm (oc1) that is the short form users
 * know, `fra.ocir.io`; other realms only have `ocir.<identifier>.oci.<realm-domain>`.
 */
export function registryHost(region: Region): string {
  return region.realm === 'oc1'
    ? `${region.key.toLowerCase()}.ocir.io`
    : `ocir.${region.identifier}.oci.${region.realmDomain}`
}

/** The region whose OCIR host (either form) this is, if any. */
export function regionOfHost(host: string): Region | undefined {
  const key = KEY_HOST.exec(host)?.[1]
  const identifier = IDENTIFIER_HOST.exec(host)
  return REGIONS.find(r =>
    key
      ? r.realm === 'oc1' && r.key.toLowerCase() === key
      : identifier !== null && r.identifier === identifier[1] && r.realmDomain === identifier[2]
  )
}

/**
 * OCIR's token endpoint for one of its hosts, as its `GET /v2/` challenge names it
 * (`Bearer realm="https://<host>/20180419/docker/token",service="<host>"`), so a client can
 * ask for a token without that round trip first; undefined for any other registry.
 */
export function ocirTokenRealm(host: string): { realm: string; service: string } | undefined {
  if (!regionOfHost(host)) return undefined
  return { realm: `https://${host}/20180419/docker/token`, service: host }
}

/** Where a run logs in and pushes to: one host of the `region` or `registry` setting. */
export interface RegistryTarget {
  /** The host to log into and to name images with (credentials are stored per host string). */
  host: string
  /** The scheme the `registry` value named (`https://127.0.0.1:5443`); absent for a bare host. */
  scheme?: RegistryScheme
  /** The setting the host came from, for messages. */
  input: typeof Inputs.Region | typeof Inputs.Registry
  /** The region the host is in: the one it names, else the only one `region` lists. */
  region?: Region
}

/**
 * The registry hosts to log into and push to, in the order given (credentials are stored per
 * host string, so every reference must use exactly these). `registry` wins over `region`; a
 * `region` given alongside is still checked, so a typo in it never goes unnoticed, and an
 * OCIR host must be in one of the regions it lists. A host listed twice is refused.
 */
export function resolveRegistries(settings: {
  region: string
  registry: string
}): RegistryTarget[] {
  const regions = listedValues(settings.region).map(resolveRegion)
  const registries = listedValues(settings.registry)
  if (registries.length > 0) {
    const only = regions.length === 1 ? regions[0] : undefined
    return distinct(
      Inputs.Registry,
      registries.map(raw => {
        const host = validateRegistryHost(raw)
        const hostRegion = regionOfHost(host)
        if (regions.length > 0 && hostRegion && !regions.includes(hostRegion)) {
          throw new InputError(
            Inputs.Registry,
            `registry '${host}' is in ${describeRegion(hostRegion)} but region names ${regions.map(describeRegion).join(', ')}`,
            { fix: `Set only one of region and registry, or make them name the same region.` }
          )
        }
        const region = hostRegion ?? only
        const scheme = registryScheme(raw)
        return {
          host,
          input: Inputs.Registry,
          ...(scheme ? { scheme } : {}),
          ...(region ? { region } : {})
        }
      })
    )
  }
  if (regions.length === 0) {
    throw new InputError(Inputs.Region, 'neither region nor registry is set', {
      fix: `Set region to ${EXAMPLE}, or registry to a registry host such as 'fra.ocir.io'.`
    })
  }
  return distinct(
    Inputs.Region,
    regions.map(region => ({ host: registryHost(region), input: Inputs.Region, region }))
  )
}

/** `targets`, each host once: a host listed twice would be pushed to twice. */
function distinct(input: RegistryTarget['input'], targets: RegistryTarget[]): RegistryTarget[] {
  refuseRepeats(
    input,
    targets.map(target => target.host),
    'registry host'
  )
  return targets
}

/** How the registry is spoken to, when a `registry` value says so. */
export type RegistryScheme = 'http' | 'https'

const HTTP_SCHEME = /^(https?):\/\//i

/**
 * The scheme a `registry` value starts with (`https://127.0.0.1:5443`), which overrides the
 * default (plain HTTP for loopback hosts, HTTPS otherwise); undefined for a bare host.
 */
export function registryScheme(raw: string): RegistryScheme | undefined {
  return HTTP_SCHEME.exec(raw.trim())?.[1]?.toLowerCase() as RegistryScheme | undefined
}

/** A `registry` value without its `http(s)://` and trailing `/`, lower-cased; not checked. */
export function registryHostOf(raw: string): string {
  return raw.trim().replace(HTTP_SCHEME, '').replace(/\/+$/, '').toLowerCase()
}

/**
 * A `registry` value as a host name with an optional port, lower-cased (host names are
 * case-insensitive; one spelling keeps the stored credentials and references matching).
 * An `http://` or `https://` in front is allowed (it only chooses the scheme), a path is not.
 */
export function validateRegistryHost(raw: string): string {
  const value = raw.trim()
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(value)
  const httpScheme = registryScheme(value)
  const rest = scheme ? value.slice(scheme[0].length) : value
  const slash = rest.indexOf('/')
  const host = (slash === -1 ? rest : rest.slice(0, slash)).toLowerCase()
  const path = slash === -1 ? '' : rest.slice(slash + 1).replace(/\/+$/, '')
  const moveThePath = path
    ? ` The path '${path}' does not belong in registry: the namespace goes in namespace, the rest in repository.`
    : ''
  if (scheme && !httpScheme) {
    throw new InputError(
      Inputs.Registry,
      `registry takes a host (or https:// and a host), not a '${scheme[1]}' URL; got '${value}'`,
      { fix: `Write registry: '${host}' (no '${scheme[0]}').${moveThePath}` }
    )
  }
  if (path) {
    const written = httpScheme ? `${httpScheme}://${host}` : host
    throw new InputError(Inputs.Registry, `registry takes a host without a path; got '${value}'`, {
      fix: `Write registry: '${written}'.${moveThePath}`
    })
  }
  const port = /:(\d+)$/.exec(host)?.[1]
  const name = port === undefined ? host : host.slice(0, -port.length - 1)
  const validName =
    /^\[[0-9a-f:.]+\]$/.test(name) ||
    /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/.test(name)
  if (!validName || (port !== undefined && !(Number(port) >= 1 && Number(port) <= 65535))) {
    throw new InputError(Inputs.Registry, `'${value}' is not a registry host`, {
      fix: "Write a host name with an optional port, such as 'fra.ocir.io' or '127.0.0.1:5000'."
    })
  }
  if (httpScheme === 'http' && regionOfHost(host)) {
    throw new InputError(Inputs.Registry, `OCIR speaks only HTTPS; got '${value}'`, {
      fix: `Write registry: '${host}' (no 'http://'): the auth token would travel in clear text.`
    })
  }
  const key = KEY_HOST.exec(host)?.[1]
  if (key !== undefined && !regionOfHost(host)) {
    const region = REGIONS.find(r => r.key.toLowerCase() === key)
    throw new InputError(Inputs.Registry, `'${host}' is not an OCIR host`, {
      fix: region
        ? `${describeRegion(region)} is in realm ${region.realm}: write registry: '${registryHost(region)}', or region: '${region.identifier}'.`
        : `'${key}' is not a region key. ${closestRegions(key).length > 0 ? `Did you mean ${closestRegions(key).map(describeRegion).join(', or ')}? ` : ''}Or set region instead, e.g. 'fra'.`
    })
  }
  return host
}

/** `eu-frankfurt-1 (fra)`: how messages name a region. */
export function describeRegion(region: Region): string {
  return `${region.identifier} (${region.key.toLowerCase()})`
}

/**
 * Up to `limit` regions whose key or identifier is within typo distance of `input`; an
 * input that is part of an identifier (`frankfurt`) counts as an exact match.
 */
export function closestRegions(input: string, limit = 3): Region[] {
  const wanted = input.trim().toLowerCase()
  const tolerance = Math.max(2, Math.floor(wanted.length / 3))
  return REGIONS.map(region => ({
    region,
    distance:
      wanted.length >= 3 && region.identifier.includes(wanted)
        ? 0
        : Math.min(
            editDistance(wanted, region.key.toLowerCase()),
            editDistance(wanted, region.identifier)
          )
  }))
    .filter(({ distance }) => distance <= tolerance)
    .sort(
      (a, b) =>
        a.distance - b.distance ||
        Number(b.region.realm === 'oc1') - Number(a.region.realm === 'oc1') ||
        a.region.identifier.localeCompare(b.region.identifier)
    )
    .slice(0, limit)
    .map(({ region }) => region)
}
