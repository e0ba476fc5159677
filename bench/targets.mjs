// Several targets: one `ocir-push push` to two registries against the same push to one, and
// against what users do without it, one `skopeo copy` per region in a row. Each registry is
// behind a fault proxy of its own (25 ms each way, 20 MiB/s up): two regions are two network
// paths, each with its own round trip and bandwidth. The image is an OCI layout of 4 × 8 MiB
// (incompressible), each run an image of its own into a fresh repository; 5 tags.
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { startFaultProxy } from '../scripts/fault-proxy.mjs'
import { account, baseEnv, ocirPush, skopeoCopy, tagNames } from './lib/contenders.mjs'
import { MiB, writeImage } from './lib/images.mjs'
import { median, run } from './lib/measure.mjs'
import { met, ms, ratio, table } from './lib/report.mjs'

const LAYERS = Array.from({ length: 4 }, () => 8 * MiB)
const TAGS = tagNames(5)
const LINK = { latencyMs: 25, upBytesPerSecond: 20 * MiB }
const TARGET_RATIO = 1.2

const CONTENDERS = [
  { id: 'one-basic', tool: 'ocir-push, 1 target (Basic registry)' },
  { id: 'one-bearer', tool: 'ocir-push, 1 target (Bearer registry)' },
  { id: 'two', tool: 'ocir-push, 2 targets in one run' },
  { id: 'skopeo-two', tool: '`skopeo copy` to each, one after the other (1 tag each)' }
]

export async function targets({ bedEnv, work, runs, log, cli }) {
  const acct = account(bedEnv)
  const proxies = await Promise.all(
    [bedEnv.OCIR_TESTBED_BASIC_REGISTRY, bedEnv.OCIR_TESTBED_BEARER_REGISTRY].map(target =>
      startFaultProxy({ target, ...LINK })
    )
  )
  const [basic, bearer] = proxies.map(proxy => proxy.address)
  const samples = new Map(CONTENDERS.map(contender => [contender.id, []]))
  try {
    for (let round = 1; round <= runs; round++) {
      for (const contender of CONTENDERS) {
        const dir = join(work, `${contender.id}-r${round}`)
        const image = await writeImage(dir, {
          seed: `targets/${contender.id}/${round}`,
          layerSizes: LAYERS
        })
        const repository = `targets/${contender.id}-r${round}`
        const steps =
          contender.id === 'skopeo-two'
            ? [basic, bearer].flatMap((registry, index) =>
                skopeoCopy({
                  registry,
                  ociDir: image.ociDir,
                  sourceTag: image.tag,
                  repository,
                  tag: TAGS[0],
                  acct,
                  // An auth file per registry: each copy writes its own.
                  env: baseEnv(join(dir, `home-${index}`))
                })
              )
            : ocirPush({
                cli,
                registry: { 'one-basic': [basic], 'one-bearer': [bearer], two: [basic, bearer] }[
                  contender.id
                ],
                image: `oci:${image.ociDir}:${image.tag}`,
                repository,
                tags: TAGS,
                acct,
                env: baseEnv(join(dir, 'home')),
                cwd: dir,
                extraArgs: ['--quiet']
              })
        let total = 0
        for (const [command, args, options] of steps)
          total += (await run(command, args, options)).ms
        samples.get(contender.id).push(total)
        log(`targets ${contender.id} run ${round}: ${Math.round(total)} ms`)
        rmSync(dir, { recursive: true, force: true })
      }
    }
  } finally {
    await Promise.all(proxies.map(proxy => proxy.close()))
  }
  return { markdown: render(samples, runs), profile: Object.fromEntries(samples) }
}

function render(samples, runs) {
  const wall = id => median(samples.get(id))
  const slowerSingle = Math.max(wall('one-basic'), wall('one-bearer'))
  const two = wall('two')
  return [
    `### Several targets: 32 MiB OCI layout, 5 tags, each registry behind its own link (${LINK.latencyMs} ms each way, ${LINK.upBytesPerSecond / MiB} MiB/s up)`,
    '',
    table(
      ['contender', `wall time (median of ${runs})`, 'vs 2 targets in one run'],
      CONTENDERS.map(contender => [
        contender.tool,
        ms(wall(contender.id)),
        ratio(wall(contender.id) / two)
      ])
    ),
    '',
    table(
      ['target', 'measured', 'result'],
      [
        [
          `2 targets ≤ ${TARGET_RATIO}× one target's wall time (the slower of the two)`,
          `${ms(two)} vs ${ms(slowerSingle)}: ${ratio(two / slowerSingle)}`,
          met(two <= TARGET_RATIO * slowerSingle)
        ]
      ]
    )
  ].join('\n')
}
