// Fan-out: one image pushed under 5 tags through a proxy that adds 25 ms each way, by every
// contender side by side; each run pushes its own image (so no tool can mount or skip blobs a
// previous run left) into a fresh repository. Two shapes: `fanout`, the CLI with 5 layers of
// 1 MiB; `action`, a 2-layer image pushed by the action as a runner drives it (main and post
// steps) and by the CLI.
import { join } from 'node:path'
import { MiB, prepareImages } from './lib/images.mjs'
import {
  account,
  baseEnv,
  dockerPushAllTags,
  dockerPushEachTag,
  ocirAction,
  ocirPush,
  skopeoCopy,
  tagNames
} from './lib/contenders.mjs'
import { median, run, runSteps } from './lib/measure.mjs'
import { startWatchedProxy } from './lib/proxy.mjs'
import { met, ms, ratio, table } from './lib/report.mjs'

const LATENCY_MS = 25
const ROUND_TRIP_MS = 2 * LATENCY_MS
/** Requests arriving this long after the previous one waited for an answer: a new round trip. */
const NEW_ROUND_GAP_MS = 0.8 * ROUND_TRIP_MS

/** The goals of issue 15, each against the peer a user would otherwise run. */
const FASTER_THAN_ALL_TAGS = factor => ({
  text: `≥ ${factor}× faster than \`--all-tags\``,
  check: (s, stat) => stat('docker-all-5').ms / s.ms >= factor
})
const OVER_DOCKER_PUSH_MS = limit => ({
  text: `≤ +${limit} ms over \`docker push\``,
  check: (s, stat) => s.ms - stat('docker-each-1').ms <= limit
})
const PEERS = [
  { id: 'docker-each-5', tool: '`docker push` per tag', tags: 5, source: 'docker' },
  { id: 'docker-each-1', tool: '`docker push` per tag', tags: 1, source: 'docker' },
  { id: 'docker-all-5', tool: '`docker push --all-tags`', tags: 5, source: 'docker' }
]
const ours = (face, prefix) =>
  [
    { tags: 5, source: 'docker', target: FASTER_THAN_ALL_TAGS(1.3) },
    { tags: 1, source: 'docker', target: OVER_DOCKER_PUSH_MS(150) },
    { tags: 5, source: 'oci', target: FASTER_THAN_ALL_TAGS(3) },
    { tags: 1, source: 'oci' }
  ].map(variant => ({
    ...variant,
    id: `${prefix}-${variant.source}-${variant.tags}`,
    face,
    tool: `${face === 'action' ? 'action (main + post)' : 'ocir-push CLI'}, ${
      variant.source === 'docker' ? 'Docker engine source' : 'OCI layout source'
    }`
  }))

export const fanout = fanoutBench({
  title: 'Fan-out through the CLI: 5 layers × 1 MiB, 5 tags, 25 ms each way',
  layers: Array.from({ length: 5 }, () => MiB),
  variants: [
    ...ours('cli', 'ocir'),
    ...PEERS,
    { id: 'skopeo-1', tool: '`skopeo copy` (oci: → docker://)', tags: 1, source: 'oci' }
  ],
  marginal: [
    ['ocir-push, Docker engine source', 'ocir-docker-1', 'ocir-docker-5'],
    ['ocir-push, OCI layout source', 'ocir-oci-1', 'ocir-oci-5']
  ]
})

export const action = fanoutBench({
  title: 'The action as a runner drives it, and the CLI: 2 layers × 1 MiB, 5 tags, 25 ms each way',
  layers: [MiB, MiB],
  variants: [...ours('action', 'action'), ...ours('cli', 'cli'), ...PEERS.slice(1)],
  marginal: [
    ['action, Docker engine source', 'action-docker-1', 'action-docker-5'],
    ['action, OCI layout source', 'action-oci-1', 'action-oci-5']
  ]
})

function fanoutBench(shape) {
  return async options => measure(shape, options)
}

async function measure(shape, { bedEnv, work, runs, log, cli, action, post, baseline }) {
  const underTest = { cli, action, post }
  // With baseline bundles, each of ocir-push's rows runs with both, one after the other.
  const variants = shape.variants.flatMap(variant =>
    variant.face && baseline
      ? [
          { ...variant, bundles: underTest },
          {
            ...variant,
            id: `${variant.id}-baseline`,
            tool: `${variant.tool} (baseline)`,
            bundles: baseline
          }
        ]
      : [{ ...variant, bundles: underTest }]
  )
  const marginal = baseline
    ? shape.marginal.flatMap(([tool, one, five]) => [
        [tool, one, five],
        [`${tool} (baseline)`, `${one}-baseline`, `${five}-baseline`]
      ])
    : shape.marginal
  const acct = account(bedEnv)
  const nodeStarts = []
  const watched = await startWatchedProxy({
    target: bedEnv.OCIR_TESTBED_BASIC_REGISTRY,
    latencyMs: LATENCY_MS
  })
  try {
    const { images, loaded } = await prepareImages({
      name: 'fanout',
      dockerHost: bedEnv.OCIR_TESTBED_DOCKER_HOST,
      work,
      runs,
      contenders: variants.map(({ id, source }) => ({ id, docker: source === 'docker' })),
      layerSizes: shape.layers
    })
    log(`${images.size} images ready (${loaded} loaded into dockerd)`)
    const samples = new Map(variants.map(variant => [variant.id, []]))
    const actionRows = variants.some(variant => variant.face === 'action')
    for (let round = 1; round <= runs; round++) {
      // What the runner's two Node starts cost by themselves here, in this round's conditions.
      if (actionRows) {
        const env = baseEnv(join(work, 'home', `node-start-r${round}`))
        nodeStarts.push((await run(process.execPath, ['-e', '0'], { env, cwd: work })).ms)
      }
      for (const variant of variants) {
        const image = images.get(`${variant.id}/${round}`)
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
          ...variant.bundles
        })
        watched.reset()
        const { ms: elapsed, results } = await runSteps(steps)
        const { requests, byMethod } = watched.stats
        samples.get(variant.id).push({
          ms: elapsed,
          steps: results.map(result => Math.round(result.ms)),
          requests,
          byMethod: { ...byMethod },
          timeline: watched.stats.log.map(({ method, path, status, at, startMs, endMs }) => ({
            at: Math.round(at),
            // How long the request took at the proxy, from its arrival to the end of its answer.
            ms: endMs - startMs,
            method,
            path: path.replace(/\?.*$/, ''),
            status
          }))
        })
        log(`${variant.id} run ${round} : ${Math.round(elapsed)} ms, ${requests} requests`)
      }
    }
    return {
      markdown: render({ ...shape, variants, marginal }, samples, runs, nodeStarts),
      profile: {
        ...Object.fromEntries(samples),
        ...(actionRows ? { 'node-start': nodeStarts } : {})
      }
    }
  } finally {
    await watched.close()
  }
}

function stepsFor(variant, { registry, image, repository, acct, env, cwd, cli, action, post }) {
  const tags = tagNames(variant.tags)
  const common = { registry, repository, tags, acct, env }
  if (variant.face) {
    const source =
      variant.source === 'docker' ? image.dockerName : `oci:${image.ociDir}:${image.tag}`
    const push = variant.face === 'action' ? ocirAction : ocirPush
    return push({ ...common, image: source, cwd, cli, action, post })
  }
  switch (variant.id.replace(/-\d+$/, '')) {
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

/**
 * From the first request's arrival at the proxy to the end of the last answer, in ms since the
 * run started: the part of a run the registry and the link decide.
 */
function wireSpan(timeline) {
  return {
    first: Math.min(...timeline.map(entry => entry.at)),
    last: Math.max(...timeline.map(entry => entry.at + entry.ms))
  }
}

function render(shape, samples, runs, nodeStarts) {
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
  const onePush = stat('docker-each-1').ms
  const main = table(
    [
      'contender',
      'tags',
      `wall time (median of ${runs})`,
      'min – max',
      'requests',
      'round trips',
      'by method',
      'vs `--all-tags`',
      'vs `docker push`',
      'target',
      'result'
    ],
    shape.variants.map(variant => {
      const s = stat(variant.id)
      const methods = Object.entries(s.byMethod)
        .map(([method, count]) => `${method} ${count}`)
        .join(', ')
      const overOne = s.ms - onePush
      return [
        variant.tool,
        variant.tags,
        ms(s.ms),
        `${ms(s.min)} – ${ms(s.max)}`,
        s.requests,
        s.rounds,
        methods,
        ratio(allTags / s.ms),
        `${overOne >= 0 ? '+' : '−'}${ms(Math.abs(overOne))}`,
        variant.target?.text ?? '',
        variant.target ? met(variant.target.check(s, stat)) : ''
      ]
    })
  )
  const marginal = table(
    [
      'contender',
      '1 tag',
      '5 tags',
      '4 extra tags cost',
      'extra round trips on the wire',
      'extra requests',
      'target: ≤ 2 round trips'
    ],
    shape.marginal.map(([tool, one, five]) => {
      const delta = stat(five).ms - stat(one).ms
      const rounds = stat(five).rounds - stat(one).rounds
      return [
        tool,
        ms(stat(one).ms),
        ms(stat(five).ms),
        `${ms(delta)} (${(delta / ROUND_TRIP_MS).toFixed(1)} × 50 ms)`,
        rounds,
        stat(five).requests - stat(one).requests,
        met(rounds <= 2)
      ]
    })
  )
  // The runner starts Node twice: where each step's time goes, and what is left once the wire
  // and two bare Node starts are taken away.
  const actionSteps = shape.variants.filter(variant => variant.face === 'action')
  const nodeStart = median(nodeStarts)
  const stepsTable = table(
    [
      'contender',
      'tags',
      'main step',
      'spawn → first request',
      'first request → last answer',
      'last answer → exit',
      'post step',
      'beyond the wire and two Node starts',
      'floor (wire + two Node starts) vs `--all-tags`'
    ],
    actionSteps.map(variant => {
      const runsOf = samples.get(variant.id).map(sample => ({
        ...sample,
        wire: wireSpan(sample.timeline)
      }))
      const of = pick => median(runsOf.map(pick))
      const wire = of(sample => sample.wire.last - sample.wire.first)
      return [
        variant.tool,
        variant.tags,
        ms(of(sample => sample.steps[0])),
        ms(of(sample => sample.wire.first)),
        ms(wire),
        ms(of(sample => sample.steps[0] - sample.wire.last)),
        ms(of(sample => sample.steps[1])),
        ms(of(sample => sample.ms - (sample.wire.last - sample.wire.first) - 2 * nodeStart)),
        ratio(allTags / (wire + 2 * nodeStart))
      ]
    })
  )
  return [
    `### ${shape.title}`,
    '',
    main,
    '',
    'Marginal cost of the 4 extra tags:',
    '',
    marginal,
    ...(actionSteps.length > 0
      ? [
          '',
          `The action's two steps (medians; \`node -e 0\` with the contenders' base environment: ${ms(nodeStart)}):`,
          '',
          stepsTable
        ]
      : [])
  ].join('\n')
}
