// Fan-out: one image of 5 layers pushed under 5 tags through a proxy that adds 25 ms each
// way, by every contender side by side; each run pushes its own image (so no tool can mount
// or skip blobs a previous run left) into a fresh repository.
import { join } from 'node:path'
import { writeDockerArchive, writeImage, MiB } from './lib/images.mjs'
import {
  account,
  baseEnv,
  dockerPushAllTags,
  dockerPushEachTag,
  ocirPush,
  skopeoCopy,
  tagNames
} from './lib/contenders.mjs'
import { median, run, runSteps } from './lib/measure.mjs'
import { startWatchedProxy } from './lib/proxy.mjs'
import { met, ms, ratio, table } from './lib/report.mjs'

const LATENCY_MS = 25
const ROUND_TRIP_MS = 2 * LATENCY_MS
const LAYERS = Array.from({ length: 5 }, () => MiB)
/** Requests arriving this long after the previous one waited for an answer: a new round trip. */
const NEW_ROUND_GAP_MS = 0.8 * ROUND_TRIP_MS

const VARIANTS = [
  { id: 'ocir-docker-5', tool: 'ocir-push, Docker engine source', tags: 5, source: 'docker' },
  { id: 'ocir-docker-1', tool: 'ocir-push, Docker engine source', tags: 1, source: 'docker' },
  { id: 'ocir-oci-5', tool: 'ocir-push, OCI layout source', tags: 5, source: 'oci' },
  { id: 'ocir-oci-1', tool: 'ocir-push, OCI layout source', tags: 1, source: 'oci' },
  { id: 'docker-each-5', tool: '`docker push` per tag', tags: 5, source: 'docker' },
  { id: 'docker-each-1', tool: '`docker push` per tag', tags: 1, source: 'docker' },
  { id: 'docker-all-5', tool: '`docker push --all-tags`', tags: 5, source: 'docker' },
  { id: 'skopeo-1', tool: '`skopeo copy` (oci: → docker://)', tags: 1, source: 'oci' }
]

export async function fanout({ bedEnv, work, runs, log, cli }) {
  const acct = account(bedEnv)
  const watched = await startWatchedProxy({
    target: bedEnv.OCIR_TESTBED_BASIC_REGISTRY,
    latencyMs: LATENCY_MS
  })
  try {
    const images = await prepareImages({ bedEnv, work, runs, log })
    const samples = new Map(VARIANTS.map(variant => [variant.id, []]))
    for (let round = 1; round <= runs; round++) {
      for (const variant of VARIANTS) {
        const image = images.get(key(variant, round))
        const steps = stepsFor(variant, {
          registry: watched.proxy.address,
          image,
          repository: `fanout/${variant.id}-r${round}`,
          acct,
          env: baseEnv(join(work, 'home', `${variant.id}-r${round}`), {
            DOCKER_HOST: bedEnv.OCIR_TESTBED_DOCKER_HOST,
            DOCKER_CONFIG: join(work, 'home', `${variant.id}-r${round}`, 'docker')
          }),
          cwd: work,
          cli
        })
        watched.reset()
        const { ms: elapsed } = await runSteps(steps)
        const { requests, byMethod } = watched.stats
        samples.get(variant.id).push({
          ms: elapsed,
          requests,
          byMethod: { ...byMethod },
          timeline: watched.stats.log.map(({ method, path, status, at }) => ({
            at: Math.round(at),
            method,
            path: path.replace(/\?.*$/, ''),
            status
          }))
        })
        log(`fanout ${variant.id} run ${round}: ${Math.round(elapsed)} ms, ${requests} requests`)
      }
    }
    return { markdown: render(samples, runs), profile: Object.fromEntries(samples) }
  } finally {
    await watched.close()
  }
}

function key(variant, round) {
  return `${variant.id}/${round}`
}

/** One image per variant and run; the Docker-sourced ones all go in with one `docker load`. */
async function prepareImages({ bedEnv, work, runs, log }) {
  const images = new Map()
  const forDocker = []
  for (let round = 1; round <= runs; round++) {
    for (const variant of VARIANTS) {
      const dir = join(work, 'images', `${variant.id}-r${round}`)
      const docker = variant.source === 'docker'
      const image = await writeImage(dir, {
        seed: `fanout/${variant.id}/${round}`,
        layerSizes: LAYERS,
        keepLayerTars: docker
      })
      image.dockerName = `bench-fanout/${variant.id}:r${round}`
      if (docker) forDocker.push({ image, name: image.dockerName })
      images.set(key(variant, round), image)
    }
  }
  const archive = join(work, 'images', 'fanout.tar')
  await writeDockerArchive(archive, forDocker)
  await run('docker', ['load', '--quiet', '--input', archive], {
    env: { ...process.env, DOCKER_HOST: bedEnv.OCIR_TESTBED_DOCKER_HOST }
  })
  log(`fanout: ${images.size} images ready (${forDocker.length} loaded into dockerd)`)
  return images
}

function stepsFor(variant, { registry, image, repository, acct, env, cwd, cli }) {
  const tags = tagNames(variant.tags)
  const common = { registry, repository, tags, acct, env }
  switch (variant.id.replace(/-\d+$/, '')) {
    case 'ocir-docker':
      return ocirPush({ ...common, image: image.dockerName, cwd, cli })
    case 'ocir-oci':
      return ocirPush({ ...common, image: `oci:${image.ociDir}:${image.tag}`, cwd, cli })
    case 'docker-each':
      return dockerPushEachTag({ ...common, source: image.dockerName })
    case 'docker-all':
      return dockerPushAllTags({ ...common, source: image.dockerName })
    case 'skopeo':
      return skopeoCopy({ ...common, ociDir: image.ociDir, sourceTag: image.tag, tag: tags[0] })
  }
  throw new Error(`no steps for ${variant.id}`)
}

/**
 * Serial round trips in a run: waves of requests, a new wave starting whenever a request
 * arrives at least most of a round trip after the one before it. Unlike wall time, this
 * does not move with the machine's load.
 */
function roundTrips(timeline) {
  let rounds = 0
  let previous = -Infinity
  for (const { at } of [...timeline].sort((a, b) => a.at - b.at)) {
    if (at - previous >= NEW_ROUND_GAP_MS) rounds += 1
    previous = at
  }
  return rounds
}

function render(samples, runs) {
  const stat = id => {
    const runsOf = samples.get(id)
    return {
      ms: median(runsOf.map(sample => sample.ms)),
      min: Math.min(...runsOf.map(sample => sample.ms)),
      max: Math.max(...runsOf.map(sample => sample.ms)),
      requests: median(runsOf.map(sample => sample.requests)),
      rounds: median(runsOf.map(sample => roundTrips(sample.timeline))),
      byMethod: runsOf[0].byMethod
    }
  }
  const allTags = stat('docker-all-5').ms
  const skopeo = stat('skopeo-1').ms
  const main = table(
    [
      'contender',
      'tags',
      `wall time (median of ${runs})`,
      'min – max',
      'requests',
      'round trips',
      'by method',
      'speed-up vs `--all-tags`'
    ],
    VARIANTS.map(variant => {
      const s = stat(variant.id)
      const methods = Object.entries(s.byMethod)
        .map(([method, count]) => `${method} ${count}`)
        .join(', ')
      return [
        variant.tool,
        variant.tags,
        ms(s.ms),
        `${ms(s.min)} – ${ms(s.max)}`,
        s.requests,
        s.rounds,
        methods,
        ratio(allTags / s.ms)
      ]
    })
  )
  const marginal = [
    ['ocir-push, Docker engine source', 'ocir-docker-1', 'ocir-docker-5'],
    ['ocir-push, OCI layout source', 'ocir-oci-1', 'ocir-oci-5'],
    ['`docker push` per tag', 'docker-each-1', 'docker-each-5'],
    ['`docker push --all-tags` (1 tag = plain push)', 'docker-each-1', 'docker-all-5']
  ].map(([tool, one, five]) => {
    const delta = stat(five).ms - stat(one).ms
    return {
      tool,
      one: stat(one),
      five: stat(five),
      delta,
      deltaRounds: stat(five).rounds - stat(one).rounds,
      deltaRequests: stat(five).requests - stat(one).requests
    }
  })
  const marginalTable = table(
    [
      'contender',
      '1 tag',
      '5 tags',
      '4 extra tags cost',
      'extra round trips on the wire',
      'extra requests'
    ],
    marginal.map(m => [
      m.tool,
      ms(m.one.ms),
      ms(m.five.ms),
      `${ms(m.delta)} (${(m.delta / ROUND_TRIP_MS).toFixed(1)} × 50 ms)`,
      m.deltaRounds,
      m.deltaRequests
    ])
  )
  const ocirDocker = stat('ocir-docker-5').ms
  const ocirOci = stat('ocir-oci-5').ms
  const targets = table(
    ['target', 'measured', 'result'],
    [
      ...marginal
        .slice(0, 2)
        .map(m => [
          `${m.tool}: the 4 extra tags cost ≤ 2 round trips`,
          `${m.deltaRounds} round trips on the wire; ${ms(m.delta)} of wall time`,
          met(m.deltaRounds <= 2)
        ]),
      [
        'Docker-source push ≥ 1.3× faster than `--all-tags`',
        ratio(allTags / ocirDocker),
        met(allTags / ocirDocker >= 1.3)
      ],
      [
        'OCI-layout push ≥ 3× faster than `--all-tags`',
        ratio(allTags / ocirOci),
        met(allTags / ocirOci >= 3)
      ],
      [
        'OCI-layout push (5 tags) no slower than `skopeo copy` of 1 tag',
        `${ms(ocirOci)} vs ${ms(skopeo)} (${ratio(skopeo / ocirOci)})`,
        met(ocirOci <= skopeo)
      ]
    ]
  )
  return [
    '### Fan-out: 5 layers × 1 MiB, 5 tags, 25 ms each way',
    '',
    main,
    '',
    'Marginal cost of the 4 extra tags:',
    '',
    marginalTable,
    '',
    targets
  ].join('\n')
}
