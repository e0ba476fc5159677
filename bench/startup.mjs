// Start-up: how long `node dist/index.js` (the action, pushing an `oci:` layout as a
// workflow step would) takes from spawn to its first request at the registry, and to its
// exit; and how long `node dist/cli.js --version` takes to exit.
import { join } from 'node:path'
import { account, actionEnv, baseEnv } from './lib/contenders.mjs'
import { writeImage } from './lib/images.mjs'
import { median, run } from './lib/measure.mjs'
import { startWatchedProxy } from './lib/proxy.mjs'
import { ms, table } from './lib/report.mjs'
import { performance } from 'node:perf_hooks'

const STARTS = 10

export async function startup({ bedEnv, work, log, cli, action: actionBundle }) {
  const acct = account(bedEnv)
  const image = await writeImage(join(work, 'image'), { seed: 'startup', layerSizes: [4096] })
  const watched = await startWatchedProxy({ target: bedEnv.OCIR_TESTBED_BASIC_REGISTRY })
  const action = []
  const version = []
  try {
    for (let round = 1; round <= STARTS; round++) {
      const home = join(work, `action-r${round}`)
      const env = actionEnv({
        env: baseEnv(home),
        home,
        registry: watched.proxy.address,
        acct,
        image: `oci:${image.ociDir}:${image.tag}`,
        repository: `startup/action-r${round}`,
        tags: 'type=raw,value=t1'
      })
      watched.reset()
      let first
      const stop = watched.onRequest(() => (first ??= performance.now()))
      const spawned = performance.now()
      const result = await run(process.execPath, [actionBundle], { env, cwd: home })
      stop()
      if (first === undefined) {
        throw new Error(`the action made no request:\n${result.stdout.slice(-2000)}`)
      }
      action.push({
        firstRequest: first - spawned,
        exit: result.ms,
        requests: watched.stats.requests
      })
      const versionRun = await run(process.execPath, [cli, '--version'], { env: baseEnv(home) })
      version.push({ exit: versionRun.ms })
    }
  } finally {
    await watched.close()
  }
  log(`startup: action first request ${Math.round(median(action.map(a => a.firstRequest)))} ms`)
  return { markdown: render(action, version), profile: { action, version } }
}

function render(action, version) {
  const row = (what, values) => [
    what,
    ms(median(values)),
    `${ms(Math.min(...values))} – ${ms(Math.max(...values))}`
  ]
  return [
    `### Start-up (median of ${STARTS})`,
    '',
    table(
      ['measure', 'median', 'min – max'],
      [
        row(
          '`node dist/index.js`: spawn → first request at the registry',
          action.map(a => a.firstRequest)
        ),
        row(
          '`node dist/index.js`: spawn → exit (whole push of a 4 KiB image, 1 tag)',
          action.map(a => a.exit)
        ),
        row(
          '`node dist/cli.js --version`: spawn → exit',
          version.map(v => v.exit)
        )
      ]
    )
  ].join('\n')
}
