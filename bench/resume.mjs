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
const RESENT_TARGET_PERCENT = 10
const UPLOAD_BODY = /\/blobs\/uploads\//

const CONTENDERS = [
  { id: 'ocir-push', tool: 'ocir-push (`oci:` source)' },
  { id: 'skopeo', tool: '`skopeo copy --retry-times 3` (reference)' }
]

export async function resume({ bedEnv, work, log, cli }) {
  const acct = account(bedEnv)
  const image = await writeImage(join(work, 'image'), { seed: 'resume', layerSizes: [BLOB_SIZE] })
  const layer = image.layers[0]
  const watched = await startWatchedProxy({ target: bedEnv.OCIR_TESTBED_BASIC_REGISTRY })
  const rows = []
  try {
    for (const contender of CONTENDERS) {
      const repository = `resume/${contender.id}`
      const env = baseEnv(join(work, 'home', contender.id))
      const common = { registry: watched.proxy.address, repository, acct, env }
      const [[command, args, options]] =
        contender.id === 'ocir-push'
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
      watched.reset()
      const stopCutting = cutHalfway(watched, layer.size)
      const outcome = await run(command, args, options).then(
        result => ({ ok: true, ms: result.ms }),
        error => ({ ok: false, error: error.message })
      )
      stopCutting()
      const { stats } = watched
      const cuts = stats.log.filter(entry => entry.status === CUT).length
      const resent = stats.bytesUp - image.uploadBytes
      rows.push({
        contender,
        outcome,
        cuts,
        bytesUp: stats.bytesUp,
        resent,
        timeline: stats.log.slice()
      })
      log(
        `resume ${contender.id}: ${outcome.ok ? 'pushed' : 'failed'}, ${cuts} cut, ${resent} bytes resent`
      )
    }
  } finally {
    await watched.close()
  }
  return { markdown: render(rows, layer.size), profile: rows }
}

/**
 * Arms a one-time cut on each upload request that starts before half the blob has gone up,
 * at the byte where the total reaches the half: the request that crosses it is cut there,
 * whatever chunk sizes the client uses. Later requests go through.
 */
function cutHalfway(watched, blobSize) {
  const half = Math.floor(blobSize / 2)
  let done = false
  return watched.onRequest(entry => {
    if (done) return
    if (!['PATCH', 'PUT'].includes(entry.method) || !UPLOAD_BODY.test(entry.path)) return
    const left = half - watched.stats.bytesUp
    if (left <= 0) {
      done = true
      return
    }
    const exact = new RegExp(`^${entry.path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`)
    watched.proxy.inject({
      match: { method: entry.method, path: exact },
      times: 1,
      resetAfterBytes: left
    })
    // After the cut the client resumes; the next upload request finds `left <= 0` and disarms.
  })
}

function render(rows, blobSize) {
  const ours = rows.find(row => row.contender.id === 'ocir-push')
  const percentOf = row => (100 * row.resent) / blobSize
  return [
    '### Resume: connection cut at 128 MiB of a 256 MiB blob',
    '',
    table(
      [
        'contender',
        'push',
        'cuts',
        'wall time',
        'bytes sent',
        'blob bytes sent twice',
        'share of blob'
      ],
      rows.map(row => [
        row.contender.tool,
        row.outcome.ok ? 'succeeded' : `failed: ${row.outcome.error.split('\n')[0]}`,
        row.cuts,
        row.outcome.ok ? ms(row.outcome.ms) : '–',
        mib(row.bytesUp),
        mib(row.resent),
        percent(percentOf(row))
      ])
    ),
    '',
    table(
      ['target', 'measured', 'result'],
      [
        [
          'push succeeds, < 10 % of the blob sent twice',
          `${ours.outcome.ok ? 'succeeded' : 'failed'}, ${percent(percentOf(ours))}`,
          met(ours.outcome.ok && ours.cuts === 1 && percentOf(ours) < RESENT_TARGET_PERCENT)
        ]
      ]
    )
  ].join('\n')
}
