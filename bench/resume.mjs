// Resume: the proxy cuts the connection when exactly half of a 256 MiB blob has gone up;
// the push must still succeed, and what is measured is how much of the blob went up twice
// (request-body bytes through the proxy beyond the image's own size). skopeo, which retries
// a failed copy from the start, is the reference.
import { join } from 'node:path'
import { CUT } from '../scripts/fault-proxy.mjs'
import { account, baseEnv, ocirPush, skopeoCopy } from './lib/contenders.mjs'
import { MiB, writeImage } from './lib/images.mjs'
import { run } from './lib/measure.mjs'
import { startWatchedProxy } from './lib/proxy.mjs'
import { met, mib, ms, percent, table } from './lib/report.mjs'

const BLOB_SIZE = 256 * MiB
/** ocir-push's PATCH size (RegistryClient's default chunkSize). */
const CLIENT_CHUNK = 16 * MiB
const RESENT_TARGET_PERCENT = 10
const UPLOAD_BODY = /\/blobs\/uploads\//

const SCENARIOS = [
  { id: 'ocir-push', tool: 'ocir-push (`oci:` source)', cut: 'half' },
  { id: 'ocir-push-boundary', tool: 'ocir-push (`oci:` source)', cut: 'chunk' },
  { id: 'skopeo', tool: '`skopeo copy --retry-times 3` (reference)', cut: 'half' }
]

export async function resume({ bedEnv, work, log, cli }) {
  const acct = account(bedEnv)
  const image = await writeImage(join(work, 'image'), { seed: 'resume', layerSizes: [BLOB_SIZE] })
  const layer = image.layers[0]
  const configHex = image.configDigest.slice('sha256:'.length)
  const watched = await startWatchedProxy({ target: bedEnv.OCIR_TESTBED_BASIC_REGISTRY })
  const rows = []
  try {
    for (const scenario of SCENARIOS) {
      const repository = `resume/${scenario.id}`
      const env = baseEnv(join(work, 'home', scenario.id))
      const common = { registry: watched.proxy.address, repository, acct, env }
      const [[command, args, options]] = scenario.id.startsWith('ocir-push')
        ? ocirPush({
            cli,
            ...common,
            image: `oci:${image.ociDir}:${image.tag}`,
            tags: ['t1'],
            cwd: work
          })
        : skopeoCopy({
            ...common,
            ociDir: image.ociDir,
            sourceTag: image.tag,
            tag: 't1',
            extraArgs: ['--retry-times', '3']
          })
      const cutAt =
        scenario.cut === 'half'
          ? Math.floor(layer.size / 2)
          : Math.floor(layer.size / 2 / CLIENT_CHUNK) * CLIENT_CHUNK
      watched.reset()
      const stopCutting = cutOnce(watched, {
        cutAt,
        atRequestStart: scenario.cut === 'chunk',
        configHex,
        configSize: image.config.length
      })
      const outcome = await run(command, args, options).then(
        result => ({ ok: true, ms: result.ms }),
        error => ({ ok: false, error: error.message })
      )
      stopCutting()
      const { stats } = watched
      const cuts = stats.log.filter(entry => entry.status === CUT).length
      const resent = stats.bytesUp - image.uploadBytes
      rows.push({
        scenario,
        cutAt,
        outcome,
        cuts,
        bytesUp: stats.bytesUp,
        resent,
        timeline: stats.log.slice()
      })
      log(
        `resume ${scenario.id}: ${outcome.ok ? 'pushed' : 'failed'}, ${cuts} cut, ${resent} bytes resent`
      )
    }
  } finally {
    await watched.close()
  }
  return { markdown: render(rows, layer.size), profile: rows }
}

/**
 * Cuts the connection once `cutAt` bytes of the blob have gone up, whatever chunk sizes the
 * client uses: each upload request that starts before then gets a one-time rule to cut at
 * the remaining distance (one that ends earlier leaves the rule spent and harmless); with
 * `atRequestStart`, the request that starts exactly at `cutAt` is cut before its first byte
 * instead, so no request that ends at `cutAt` loses its answer. The small config blob's body
 * does not count towards the layer's bytes.
 */
function cutOnce(watched, { cutAt, atRequestStart, configHex, configSize }) {
  return watched.onRequest(entry => {
    const { log, bytesUp } = watched.stats
    if (log.some(seen => seen.status === CUT)) return
    if (!['PATCH', 'PUT'].includes(entry.method) || !UPLOAD_BODY.test(entry.path)) return
    if (entry.path.includes(configHex)) return
    const configSent = log.some(seen => seen.path.includes(configHex))
    const left = cutAt - (bytesUp - (configSent ? configSize : 0))
    if (left < 0 || (atRequestStart && left !== 0)) return
    const exact = new RegExp(`^${entry.path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`)
    watched.proxy.inject({
      match: { method: entry.method, path: exact },
      times: 1,
      resetAfterBytes: left
    })
  })
}

function render(rows, blobSize) {
  const ours = rows.find(row => row.scenario.id === 'ocir-push')
  const percentOf = row => (100 * row.resent) / blobSize
  const where = row =>
    row.scenario.cut === 'half'
      ? `${mib(row.cutAt)} (half the blob)`
      : `${mib(row.cutAt)} (a ${mib(CLIENT_CHUNK)} chunk boundary)`
  return [
    `### Resume: connection cut once, ${mib(blobSize)} blob, no latency`,
    '',
    table(
      [
        'contender',
        'cut at blob byte',
        'push',
        'wall time',
        'bytes sent',
        'blob bytes sent twice',
        'share of blob'
      ],
      rows.map(row => [
        row.scenario.tool,
        row.cuts === 1 ? where(row) : `${where(row)}, ${row.cuts} cuts`,
        row.outcome.ok ? 'succeeded' : `failed: ${reason(row.outcome.error)}`,
        row.outcome.ok ? ms(row.outcome.ms) : '–',
        mib(row.bytesUp),
        row.outcome.ok ? mib(row.resent) : '–',
        row.outcome.ok ? percent(percentOf(row)) : '–'
      ])
    ),
    '',
    table(
      ['target', 'measured', 'result'],
      [
        [
          'cut at half the blob: push succeeds, < 10 % of the blob sent twice',
          `${ours.outcome.ok ? 'succeeded' : 'failed'}, ${percent(percentOf(ours))}`,
          met(ours.outcome.ok && ours.cuts === 1 && percentOf(ours) < RESENT_TARGET_PERCENT)
        ]
      ]
    )
  ].join('\n')
}

/** The last line of a failure, where the tools say what went wrong; long ones by their end. */
function reason(error) {
  const last = error.trim().split('\n').at(-1).trim()
  return last.length > 80 ? `…${last.slice(-80)}` : last
}
