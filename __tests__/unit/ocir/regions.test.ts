import { readFileSync } from 'node:fs'
import { InputError } from '../../../src/common/errors.js'
import {
  REGIONS,
  closestRegions,
  ocirTokenRealm,
  regionOfHost,
  registryScheme,
  registryHost,
  resolveRegion,
  resolveRegistries,
  validateRegistryHost
} from '../../../src/ocir/index.js'

const tsv = readFileSync('src/ocir/ocir-regions.tsv', 'utf8')
const rows = tsv
  .trim()
  .split('\n')
  .slice(1)
  .map(line => line.split('\t'))

/** Same letters in mixed case (a different mix per row): lookups must not care. */
function mixedCase(text: string, row: number): string {
  return [...text]
    .map((c, i) => ((i * 7 + row) % 3 === 0 ? c.toUpperCase() : c.toLowerCase()))
    .join('')
}

function expectedHost([key, identifier, realm, domain]: string[]): string {
  return realm === 'oc1' ? `${key.toLowerCase()}.ocir.io` : `ocir.${identifier}.oci.${domain}`
}

function inputError(fn: () => unknown): InputError {
  try {
    fn()
  } catch (error) {
    expect(error).toBeInstanceOf(InputError)
    return error as InputError
  }
  throw new Error('expected an InputError')
}

interface RegionsGenerator {
  renderRegionsModule(tsv: string): string
  renderRegionsDocs(tsv: string, markdown: string): string
}

/** The generator script, loaded as the module it also is. */
async function generator(): Promise<RegionsGenerator> {
  const generatorPath = '../../../scripts/gen-regions.mjs'
  return (await import(generatorPath)) as RegionsGenerator
}

describe('regions.generated.ts and the region list in docs/ocir.md', () => {
  it('are what the generator makes from the committed TSV', async () => {
    const { renderRegionsModule, renderRegionsDocs } = await generator()
    expect(renderRegionsModule(tsv)).toBe(readFileSync('src/ocir/regions.generated.ts', 'utf8'))
    const docs = readFileSync('docs/ocir.md', 'utf8')
    expect(renderRegionsDocs(tsv, docs)).toBe(docs)
  })

  it('list every region with its host in the docs', async () => {
    const docs = readFileSync('docs/ocir.md', 'utf8')
    for (const row of rows)
      expect(docs).toContain(
        `\`${row[1]}\` (\`${row[0].toLowerCase()}\`, ${row[2]}): \`${expectedHost(row)}\``
      )
  })

  it('refuses a malformed TSV, naming the line', async () => {
    const { renderRegionsModule, renderRegionsDocs } = await generator()
    const header = 'key\tidentifier\trealm\trealm_domain'
    expect(() => renderRegionsModule(`${header}\nFRA\teu-frankfurt-1\toc1`)).toThrow(/line 2/)
    expect(() =>
      renderRegionsModule(
        `${header}\nFRA\teu-frankfurt-1\toc1\toraclecloud.com\nFRA\teu-x-1\toc1\toraclecloud.com`
      )
    ).toThrow(/'FRA' is listed twice/)
    expect(() =>
      renderRegionsModule(`${header}\nfra\teu-frankfurt-1\toc1\toraclecloud.com`)
    ).toThrow(/key 'fra' does not match/)
    expect(() => renderRegionsModule(`key\tregion\n`)).toThrow(/header/)
    expect(() => renderRegionsDocs(tsv, '# no markers')).toThrow(/markers/)
  })

  it('holds every TSV row', () => {
    expect(REGIONS).toHaveLength(rows.length)
    expect(rows.length).toBeGreaterThanOrEqual(85)
  })
})

describe('resolveRegion and registryHost', () => {
  it.each(
    rows.map(
      ([key, identifier, realm, domain], index) => [key, identifier, realm, domain, index] as const
    )
  )(
    '%s / %s (%s) resolves by key and identifier in any case',
    (key, identifier, realm, domain, index) => {
      const row = [key, identifier, realm, domain]
      for (const input of [
        key,
        key.toLowerCase(),
        mixedCase(key, index),
        identifier,
        mixedCase(identifier, index),
        ` ${identifier}\t`
      ]) {
        expect(registryHost(resolveRegion(input))).toBe(expectedHost(row))
      }
      expect(regionOfHost(expectedHost(row))?.identifier).toBe(identifier)
    }
  )

  it.each([
    ['fra', 'fra.ocir.io'],
    ['eu-frankfurt-1', 'fra.ocir.io'],
    ['IAD', 'iad.ocir.io'],
    ['us-langley-1', 'ocir.us-langley-1.oci.oraclegovcloud.com'],
    ['LTN', 'ocir.uk-gov-london-1.oci.oraclegovcloud.uk']
  ])('%s → %s', (input, host) => {
    expect(registryHost(resolveRegion(input))).toBe(host)
  })

  it.each([
    ['eu-frankfurt1', /eu-frankfurt-1 \(fra\)/],
    ['eu-frankfort-1', /eu-frankfurt-1 \(fra\)/],
    ['frankfurt', /eu-frankfurt-1 \(fra\)/],
    ['us-ashburn', /us-ashburn-1 \(iad\)/],
    ['fr', /fra/],
    ['ap-tokio-1', /ap-tokyo-1 \(nrt\)/]
  ])('unknown %s names the closest regions', (input, suggestion) => {
    const error = inputError(() => resolveRegion(input))
    expect(error.input).toBe('region')
    expect(error.message).toContain(`'${input}' is not a known OCI region`)
    expect(error.fix).toMatch(suggestion)
  })

  it('has no suggestion for a value far from every region, but says where the list is', () => {
    const error = inputError(() => resolveRegion('somewhere-over-the-rainbow'))
    expect(error.fix).toMatch(/docs\/ocir\.md/)
    expect(closestRegions('somewhere-over-the-rainbow')).toEqual([])
  })

  it('says an empty region is empty', () => {
    expect(inputError(() => resolveRegion('  ')).message).toBe('region is empty')
  })

  it('points a host given as region to the key or to registry', () => {
    const error = inputError(() => resolveRegion('fra.ocir.io'))
    expect(error.fix).toContain("region: 'fra'")
    expect(error.fix).toContain('registry')
  })

  it('ranks closest regions by distance, commercial realm first', () => {
    expect(closestRegions('eu-frankfurt-3').map(r => r.identifier)).toEqual([
      'eu-frankfurt-1',
      'eu-frankfurt-2'
    ])
    expect(closestRegions('ashburn').map(r => r.identifier)).toEqual([
      'us-ashburn-1',
      'us-ashburn-2',
      'us-gov-ashburn-1'
    ])
  })
})

/** The one host a setting with one value resolves to. */
function resolveRegistry(settings: { region: string; registry: string }): string {
  const targets = resolveRegistries(settings)
  expect(targets).toHaveLength(1)
  return targets[0]!.host
}

describe('resolveRegistries', () => {
  it.each([
    [{ region: 'fra', registry: '' }, 'fra.ocir.io'],
    [{ region: '', registry: '127.0.0.1:5000' }, '127.0.0.1:5000'],
    [
      { region: 'fra', registry: 'ocir.eu-frankfurt-1.oci.oraclecloud.com' },
      'ocir.eu-frankfurt-1.oci.oraclecloud.com'
    ],
    [{ region: 'iad', registry: '127.0.0.1:5000' }, '127.0.0.1:5000'],
    [{ region: '', registry: ' FRA.OCIR.IO ' }, 'fra.ocir.io'],
    [{ region: '', registry: 'localhost:5000' }, 'localhost:5000'],
    [{ region: '', registry: '[::1]:5000' }, '[::1]:5000'],
    [{ region: '', registry: 'registry.example.com' }, 'registry.example.com'],
    // The scheme only chooses how the registry is spoken to: the host is the same.
    [{ region: '', registry: 'https://127.0.0.1:5443' }, '127.0.0.1:5443'],
    [{ region: '', registry: 'http://127.0.0.1:5000/' }, '127.0.0.1:5000'],
    [{ region: 'fra', registry: 'HTTPS://FRA.OCIR.IO' }, 'fra.ocir.io'],
    [{ region: '', registry: 'http://registry.example.com:5000' }, 'registry.example.com:5000']
  ])('%j → %s', (settings, host) => {
    expect(resolveRegistry(settings)).toBe(host)
  })

  it.each([
    ['https://127.0.0.1:5443', 'https'],
    [' HTTP://registry.example.com ', 'http'],
    ['127.0.0.1:5000', undefined],
    ['fra.ocir.io', undefined],
    ['', undefined]
  ])('the scheme of %j is %s', (registry, scheme) => {
    expect(registryScheme(registry)).toBe(scheme)
  })

  it.each([
    ['docker://fra.ocir.io', "registry: 'fra.ocir.io' (no 'docker://')", /not a 'docker' URL/],
    ['oci://127.0.0.1:5000/ns', "registry: '127.0.0.1:5000'", /not a 'oci' URL/],
    ['http://fra.ocir.io', "registry: 'fra.ocir.io' (no 'http://')", /only HTTPS/],
    ['fra.ocir.io/axaxnpcrorw5/project/app', "registry: 'fra.ocir.io'", /without a path/],
    ['https://fra.ocir.io/v2/', "registry: 'https://fra.ocir.io'", /without a path/],
    ['fra ocir io', 'host name with an optional port', /not a registry host/],
    ['127.0.0.1:99999', 'host name with an optional port', /not a registry host/],
    ['frx.ocir.io', "'frx' is not a region key. Did you mean", /not an OCIR host/],
    ['lfi.ocir.io', "'ocir.us-langley-1.oci.oraclegovcloud.com'", /not an OCIR host/]
  ])('registry %s is refused: %s', (registry, fix, message) => {
    const error = inputError(() => resolveRegistry({ region: '', registry }))
    expect(error.input).toBe('registry')
    expect(error.message).toMatch(message)
    expect(error.fix).toContain(fix)
  })

  it('says where the path of a registry URL belongs', () => {
    const error = inputError(() => validateRegistryHost('https://fra.ocir.io/ns/app'))
    expect(error.fix).toContain("The path 'ns/app'")
    expect(error.fix).toMatch(/namespace.*repository/)
  })

  it('names both inputs when neither is set', () => {
    const error = inputError(() => resolveRegistry({ region: ' ', registry: '' }))
    expect(error.message).toBe('neither region nor registry is set')
    expect(error.fix).toMatch(/region.*registry/)
  })

  it('checks a region given alongside registry', () => {
    expect(
      inputError(() => resolveRegistry({ region: 'frx', registry: '127.0.0.1:5000' })).input
    ).toBe('region')
  })

  it('refuses a registry host of another region than region', () => {
    const error = inputError(() => resolveRegistry({ region: 'fra', registry: 'iad.ocir.io' }))
    expect(error.input).toBe('registry')
    expect(error.message).toContain('us-ashburn-1 (iad)')
    expect(error.message).toContain('eu-frankfurt-1 (fra)')
  })

  it('gives every listed host in the order given, each with its region and input', () => {
    expect(resolveRegistries({ region: 'fra\n AMS ,eu-zurich-1', registry: '' })).toEqual([
      { host: 'fra.ocir.io', input: 'region', region: expect.objectContaining({ key: 'FRA' }) },
      { host: 'ams.ocir.io', input: 'region', region: expect.objectContaining({ key: 'AMS' }) },
      { host: 'zrh.ocir.io', input: 'region', region: expect.objectContaining({ key: 'ZRH' }) }
    ])
  })

  it('gives each registry its scheme, and the one listed region to hosts that name none', () => {
    expect(
      resolveRegistries({ region: 'fra', registry: 'https://127.0.0.1:5443, 127.0.0.1:5000' })
    ).toEqual([
      {
        host: '127.0.0.1:5443',
        input: 'registry',
        scheme: 'https',
        region: expect.objectContaining({ key: 'FRA' })
      },
      { host: '127.0.0.1:5000', input: 'registry', region: expect.objectContaining({ key: 'FRA' }) }
    ])
    const [first, second] = resolveRegistries({
      region: 'fra, ams',
      registry: 'ams.ocir.io\n127.0.0.1:5000'
    })
    expect(first!.region?.key).toBe('AMS')
    // Two regions listed: a host of neither has none of its own.
    expect(second!.region).toBeUndefined()
  })

  it.each([
    [{ region: 'fra, FRA', registry: '' }, 'region', 'lists fra.ocir.io twice'],
    [{ region: 'fra, eu-frankfurt-1', registry: '' }, 'region', 'lists fra.ocir.io twice'],
    [
      { region: '', registry: '127.0.0.1:5000\nhttp://127.0.0.1:5000' },
      'registry',
      'lists 127.0.0.1:5000 twice'
    ]
  ])('refuses %j: a host listed twice', (settings, input, message) => {
    const error = inputError(() => resolveRegistries(settings))
    expect(error.input).toBe(input)
    expect(error.message).toBe(message)
  })

  it('refuses an OCIR host of none of the listed regions, naming them', () => {
    const error = inputError(() =>
      resolveRegistries({ region: 'fra, ams', registry: 'fra.ocir.io, iad.ocir.io' })
    )
    expect(error.input).toBe('registry')
    expect(error.message).toBe(
      "registry 'iad.ocir.io' is in us-ashburn-1 (iad) but region names eu-frankfurt-1 (fra), eu-amsterdam-1 (ams)"
    )
  })

  it('checks every listed region', () => {
    expect(inputError(() => resolveRegistries({ region: 'fra, frx', registry: '' })).message).toBe(
      "'frx' is not a known OCI region"
    )
  })
})

describe('ocirTokenRealm', () => {
  it.each([
    ['fra.ocir.io', 'https://fra.ocir.io/20180419/docker/token'],
    [
      'ocir.eu-frankfurt-1.oci.oraclecloud.com',
      'https://ocir.eu-frankfurt-1.oci.oraclecloud.com/20180419/docker/token'
    ]
  ])('knows the token endpoint of %s, the service its own host', (host, realm) => {
    expect(ocirTokenRealm(host)).toEqual({ realm, service: host })
  })

  it.each(['127.0.0.1:5000', 'ghcr.io', 'xyz.ocir.io', 'fra.ocir.io.example.com'])(
    'knows nothing of %s: the client asks it',
    host => expect(ocirTokenRealm(host)).toBeUndefined()
  )
})
