#!/usr/bin/env node
// Benchmarks ocir-push against docker and skopeo on the test bed (real dockerd and
// registries on loopback). Usage: USAGE below, or `node bench/run.mjs --help`.
// Prints markdown tables; also writes them, with every request's timeline, to bench/results/.
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import { availableParallelism, loadavg } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { startTestbed } from '../scripts/testbed.mjs'
import { ROOT, bundles } from './lib/contenders.mjs'
import { action, fanout } from './fanout.mjs'
import { https } from './https.mjs'
import { progress } from './progress.mjs'
import { resume } from './resume.mjs'
import { startup } from './startup.mjs'
import { targets } from './targets.mjs'
import { throughput } from './throughput.mjs'

const BENCHMARKS = { action, fanout, https, throughput, resume, startup, progress, targets }
const MIN_RUNS = 3

const USAGE = `Usage: node bench/run.mjs [--only ${Object.keys(BENCHMARKS).join(',')}] [--runs N] [--no-build]
                         [--dist DIR]       bundles to measure; default dist/, rebuilt when stale
                         [--baseline DIR]   action, fanout, https: also ocir-push's rows with these
                                            bundles, in the same rounds, so a change is compared
                                            within one run`

const values = readArgs()
if (values.help) {
  console.log(USAGE)
  process.exit(0)
}
const selected = values.only
  ? values.only.split(',').map(name => name.trim())
  : Object.keys(BENCHMARKS)
const unknown = selected.filter(name => !(name in BENCHMARKS))
if (unknown.length > 0) {
  console.error(
    `unknown benchmark ${unknown.join(', ')}; choose from ${Object.keys(BENCHMARKS).join(', ')}`
  )
  process.exit(2)
}
const runs = Number(values.runs)
if (!Number.isInteger(runs) || runs < 1 || runs > 20) {
  console.error('--runs takes a whole number from 1 to 20')
  process.exit(2)
}

const log = message => process.stderr.write(`bench: ${message}\n`)

const dist = resolve(values.dist)
if (!values['no-build'] && dist === join(ROOT, 'dist') && distIsStale()) {
  log('dist/ is older than src/: npm run package')
  const build = spawnSync('npm', ['run', 'package'], { cwd: ROOT, stdio: 'inherit' })
  if (build.status !== 0) process.exit(1)
}

const started = Date.now()
const bed = await startTestbed({ log: message => log(`testbed: ${message}`) })
const stop = async () => {
  await bed.stop()
  process.exit(130)
}
process.once('SIGINT', stop)
process.once('SIGTERM', stop)

const sections = [
  `## Results of ${new Date().toISOString().slice(0, 10)}`,
  '',
  `Machine: ${machine()}. Runs per contender: ${runs}. Load average at the start: ${load()}.`,
  ...(values.baseline
    ? [
        '',
        `Rows marked "(baseline)" ran the bundles in ${resolve(values.baseline)}, in the same rounds.`
      ]
    : [])
]
const profiles = {}
let failed = false
try {
  for (const name of selected) {
    // The bed's directory is removed when it stops: every data set goes with it.
    const work = mkdtempSync(join(bed.dir, `${name}-`))
    log(`${name}: starting`)
    try {
      const { markdown, profile } = await BENCHMARKS[name]({
        bedEnv: bed.env,
        work,
        runs,
        log,
        ...bundles(dist),
        ...(values.baseline ? { baseline: bundles(resolve(values.baseline)) } : {})
      })
      sections.push('', markdown)
      profiles[name] = profile
    } catch (error) {
      failed = true
      sections.push('', `### ${name}: failed`, '', '```', error.message, '```')
      log(`${name} failed: ${error.stack}`)
    }
  }
} finally {
  await bed.stop()
}
sections.push(
  '',
  `Total benchmark time: ${Math.round((Date.now() - started) / 1000)} s; load average at the end: ${load()}.`
)
const report = sections.join('\n')
console.log(report)
const results = join(ROOT, 'bench', 'results')
mkdirSync(results, { recursive: true })
const stamp = new Date().toISOString().replace(/[:.]/g, '-')
writeFileSync(join(results, `${stamp}.md`), `${report}\n`)
writeFileSync(join(results, `${stamp}.json`), JSON.stringify(profiles, null, 1))
log(`results written to bench/results/${stamp}.{md,json}`)
process.exit(failed ? 1 : 0)

/** True when a file under src/ changed after the bundles were built. */
function distIsStale() {
  const built = Math.min(...Object.values(bundles(dist)).map(file => mtime(file)))
  return newest(join(ROOT, 'src')) > built
}

function mtime(file) {
  try {
    return statSync(file).mtimeMs
  } catch {
    return 0
  }
}

function newest(dir) {
  let latest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs)
  }
  return latest
}

/** Other work on the machine skews every figure: the report says how busy it was. */
function load() {
  return loadavg()
    .map(value => value.toFixed(2))
    .join(' / ')
}

function machine() {
  const tool = (command, args) =>
    spawnSync(command, args, { encoding: 'utf8' }).stdout?.trim().split('\n')[0] ?? 'absent'
  return [
    `${availableParallelism()} cores`,
    `Node ${process.version}`,
    tool('docker', ['--version']),
    `dockerd ${tool('dockerd', ['--version']).replace(/^Docker version /, '')}`,
    tool('skopeo', ['--version']),
    tool('docker-registry', ['--version'])
  ].join(', ')
}

/** The options, or the usage and exit status 2 for one that is not known. */
function readArgs() {
  try {
    return parseArgs({
      options: {
        only: { type: 'string' },
        runs: { type: 'string', default: String(MIN_RUNS) },
        'no-build': { type: 'boolean', default: false },
        dist: { type: 'string', default: join(ROOT, 'dist') },
        baseline: { type: 'string' },
        help: { type: 'boolean', default: false }
      }
    }).values
  } catch (error) {
    console.error(`${error.message}\n${USAGE}`)
    process.exit(2)
  }
}
