// `npm test`: starts the test bed, bundles dist/ once (end-to-end tests run the bundle),
// runs Jest with the bed's addresses in the environment, and always stops the bed.
// OCIR_SKIP_INTEGRATION=1 runs the unit tests only, without bed or bundle.
import { spawn } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { startTestbed } from './testbed.mjs'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const jestArgs = process.argv.slice(2)
const SIGNAL_EXIT = { SIGINT: 130, SIGTERM: 143 }

let bed
let current
let interrupted

for (const signal of Object.keys(SIGNAL_EXIT)) {
  process.on(signal, () => {
    interrupted = signal
    console.error(`test: ${signal}, stopping`)
    current?.kill(signal)
  })
}

function run(command, args, env = process.env) {
  return new Promise(resolveRun => {
    const child = spawn(command, args, { cwd: root, env, stdio: 'inherit' })
    current = child
    child.on('error', error => {
      console.error(`test: cannot run ${command}: ${error.message}`)
      resolveRun(1)
    })
    child.on('exit', (code, signal) => resolveRun(code ?? SIGNAL_EXIT[signal] ?? 1))
  })
}

async function timed(label, promise) {
  const started = Date.now()
  const result = await promise
  console.error(`test: ${label} in ${((Date.now() - started) / 1000).toFixed(1)} s`)
  return result
}

function jest(args, env) {
  return run(
    process.execPath,
    ['--experimental-vm-modules', 'node_modules/jest/bin/jest.js', ...args],
    env
  )
}

async function main() {
  if (process.env.OCIR_SKIP_INTEGRATION === '1') {
    console.error('test: OCIR_SKIP_INTEGRATION=1: unit tests only; integration tests are SKIPPED')
    // Unit tests hold no shared resource: one worker per core (Jest's default leaves one idle).
    return jest(['--selectProjects', 'unit', '--maxWorkers=100%', ...jestArgs])
  }
  // The bed mostly waits on dockerd while ncc works, so both start at once.
  const bedStarting = timed('test bed started', startTestbed())
  // Its failure is reported below, once the bundle is done.
  bedStarting.catch(() => {})
  const packaged = await timed('npm run package', run('npm', ['run', '--silent', 'package']))
  bed = await bedStarting
  if (interrupted) return SIGNAL_EXIT[interrupted]
  if (packaged !== 0) {
    console.error('test: `npm run package` failed; not running tests')
    return packaged
  }
  return jest(jestArgs, { ...process.env, ...bed.env })
}

let exitCode = 1
try {
  exitCode = await main()
} catch (error) {
  console.error(`test: ${error.message}`)
} finally {
  await bed?.stop()
}
process.exit(interrupted ? SIGNAL_EXIT[interrupted] : exitCode)
