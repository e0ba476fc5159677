// Throughput: a 1 GiB image (4 layers of 256 MiB, incompressible) from an OCI layout
// straight into the registry, ocir-push against `skopeo copy`: wall time and the peak
// resident memory of each contender's process tree. Each run pushes its own image (so
// skopeo's blob cache cannot turn an upload into a mount) into a fresh repository.
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { account, baseEnv, ocirPush, skopeoCopy } from './lib/contenders.mjs'
import { MiB, writeImage } from './lib/images.mjs'
import { median, run } from './lib/measure.mjs'
import { met, mib, ms, ratio, table } from './lib/report.mjs'

const LAYERS = Array.from({ length: 4 }, () => 256 * MiB)
const MEMORY_TARGET = 100 * MiB

const CONTENDERS = [
  { id: 'ocir-push', tool: 'ocir-push (`oci:` source)' },
  { id: 'skopeo', tool: '`skopeo copy oci: docker://`' }
]

export async function throughput({ bedEnv, work, runs, log, cli }) {
  const acct = account(bedEnv)
  const registry = bedEnv.OCIR_TESTBED_BASIC_REGISTRY
  const samples = new Map(CONTENDERS.map(contender => [contender.id, []]))
  for (let round = 1; round <= runs; round++) {
    for (const contender of CONTENDERS) {
      const dir = join(work, `${contender.id}-r${round}`)
      const image = await writeImage(dir, {
        seed: `throughput/${contender.id}/${round}`,
        layerSizes: LAYERS
      })
      const common = {
        registry,
        repository: `throughput/${contender.id}-r${round}`,
        acct,
        env: baseEnv(join(dir, 'home'))
      }
      const [[command, args, options]] =
        contender.id === 'ocir-push'
          ? ocirPush({
              cli,
              ...common,
              image: `oci:${image.ociDir}:${image.tag}`,
              tags: ['t1'],
              cwd: dir
            })
          : skopeoCopy({ ...common, ociDir: image.ociDir, sourceTag: image.tag, tag: 't1' })
      const result = await run(command, args, { ...options, memory: true })
      samples
        .get(contender.id)
        .push({ ms: result.ms, peakRssBytes: result.peakRssBytes, bytes: image.uploadBytes })
      log(
        `throughput ${contender.id} run ${round}: ${Math.round(result.ms)} ms, peak ${mib(result.peakRssBytes)}`
      )
      rmSync(dir, { recursive: true, force: true })
    }
  }
  return { markdown: render(samples, runs), profile: Object.fromEntries(samples) }
}

function render(samples, runs) {
  const stat = id => {
    const list = samples.get(id)
    const wall = median(list.map(sample => sample.ms))
    return {
      ms: wall,
      min: Math.min(...list.map(sample => sample.ms)),
      max: Math.max(...list.map(sample => sample.ms)),
      rate: list[0].bytes / MiB / (wall / 1000),
      peak: Math.max(...list.map(sample => sample.peakRssBytes))
    }
  }
  const skopeo = stat('skopeo')
  const ours = stat('ocir-push')
  return [
    '### Throughput: 1 GiB OCI layout (4 × 256 MiB), no proxy',
    '',
    table(
      [
        'contender',
        `wall time (median of ${runs})`,
        'min – max',
        'rate',
        'peak RSS (max of runs)',
        'time vs skopeo'
      ],
      CONTENDERS.map(contender => {
        const s = stat(contender.id)
        return [
          contender.tool,
          ms(s.ms),
          `${ms(s.min)} – ${ms(s.max)}`,
          `${Math.round(s.rate)} MiB/s`,
          mib(s.peak),
          ratio(s.ms / skopeo.ms)
        ]
      })
    ),
    '',
    table(
      ['target', 'measured', 'result'],
      [
        [
          'wall time no worse than skopeo’s',
          `${ms(ours.ms)} vs ${ms(skopeo.ms)}`,
          met(ours.ms <= skopeo.ms)
        ],
        ['peak memory ≤ 100 MiB', mib(ours.peak), met(ours.peak <= MEMORY_TARGET)]
      ]
    )
  ].join('\n')
}
