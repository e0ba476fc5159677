// HTTPS: the action's image (2 layers × 1 MiB, 5 tags) pushed to the bed's TLS registry through a
// TCP-level link of 25 ms each way, where, as on a real network, every new connection pays its
// TCP and TLS handshakes before its first request. Contenders: the action (main and post step,
// as a runner drives it) and `ocir-push push` from an OCI layout (with the baseline bundles too,
// when given), `docker push --all-tags` from the engine, and `skopeo copy` of one tag. The link
// counts the connections each opened.
import { join } from 'node:path'
import {
  account,
  baseEnv,
  dockerPushAllTags,
  ocirAction,
  ocirPush,
  skopeoCopy,
  tagNames
} from './lib/contenders.mjs'
import { MiB, prepareImages } from './lib/images.mjs'
import { median, runSteps } from './lib/measure.mjs'
import { ms, ratio, table } from './lib/report.mjs'
import { startTcpLink } from './lib/tcp-link.mjs'

const DELAY_MS = 25
const LAYERS = [MiB, MiB]
const TAGS = tagNames(5)

export async function https({ bedEnv, work, runs, log, cli, action, post, baseline }) {
  const ours = (bundles, suffix = '') => [
    {
      id: `action${suffix}`,
      tool: `action (main + post), OCI layout source${suffix && ' (baseline)'}`,
      tags: 5,
      ...bundles,
      face: 'action'
    },
    {
      id: `cli${suffix}`,
      tool: `ocir-push CLI, OCI layout source${suffix && ' (baseline)'}`,
      tags: 5,
      ...bundles,
      face: 'cli'
    }
  ]
  const contenders = [
    ...ours({ cli, action, post }),
    ...(baseline ? ours(baseline, '-baseline') : []),
    { id: 'docker-all', tool: '`docker push --all-tags`', tags: 5, docker: true },
    { id: 'skopeo', tool: '`skopeo copy` (oci: → docker://)', tags: 1 }
  ]
  const acct = account(bedEnv)
  const link = await startTcpLink({ target: bedEnv.OCIR_TESTBED_TLS_REGISTRY, delayMs: DELAY_MS })
  const { images } = await prepareImages({
    name: 'https',
    dockerHost: bedEnv.OCIR_TESTBED_DOCKER_HOST,
    work,
    runs,
    contenders,
    layerSizes: LAYERS
  })
  const samples = new Map(contenders.map(contender => [contender.id, []]))
  try {
    for (let round = 1; round <= runs; round++) {
      for (const contender of contenders) {
        const image = images.get(`${contender.id}/${round}`)
        const home = join(work, 'home', `${contender.id}-r${round}`)
        const env = baseEnv(home, {
          DOCKER_HOST: bedEnv.OCIR_TESTBED_DOCKER_HOST,
          DOCKER_CONFIG: join(home, 'docker'),
          // The bed's CA, for ocir-push (Node); dockerd and skopeo skip verification on loopback.
          NODE_EXTRA_CA_CERTS: bedEnv.OCIR_TESTBED_TLS_CA
        })
        const common = {
          registry: link.address,
          repository: `https/${contender.id}-r${round}`,
          acct,
          env
        }
        const ocir = {
          ...common,
          ...contender,
          registry: `https://${link.address}`,
          image: `oci:${image.ociDir}:${image.tag}`,
          tags: TAGS,
          cwd: work
        }
        const steps = contender.docker
          ? dockerPushAllTags({ ...common, source: image.dockerName, tags: TAGS })
          : contender.face === 'action'
            ? ocirAction(ocir)
            : contender.face === 'cli'
              ? ocirPush(ocir)
              : skopeoCopy({ ...common, ociDir: image.ociDir, sourceTag: image.tag, tag: TAGS[0] })
        const before = link.stats.connections
        const { ms: elapsed } = await runSteps(steps)
        samples
          .get(contender.id)
          .push({ ms: elapsed, connections: link.stats.connections - before })
        log(`https ${contender.id} run ${round}: ${Math.round(elapsed)} ms`)
      }
    }
  } finally {
    await link.close()
  }
  return { markdown: render(contenders, samples, runs), profile: Object.fromEntries(samples) }
}

function render(contenders, samples, runs) {
  const stat = id => ({
    ms: median(samples.get(id).map(sample => sample.ms)),
    min: Math.min(...samples.get(id).map(sample => sample.ms)),
    max: Math.max(...samples.get(id).map(sample => sample.ms)),
    connections: median(samples.get(id).map(sample => sample.connections))
  })
  const allTags = stat('docker-all').ms
  return [
    `### HTTPS, 2 layers × 1 MiB, ${TAGS.length} tags, a TCP link of ${DELAY_MS} ms each way (a new connection pays its handshakes)`,
    '',
    table(
      [
        'contender',
        'tags',
        `wall time (median of ${runs})`,
        'min – max',
        'connections opened',
        'vs `--all-tags`'
      ],
      contenders.map(contender => {
        const s = stat(contender.id)
        return [
          contender.tool,
          contender.tags,
          ms(s.ms),
          `${ms(s.min)} – ${ms(s.max)}`,
          s.connections,
          ratio(allTags / s.ms)
        ]
      })
    )
  ].join('\n')
}
