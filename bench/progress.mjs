// Progress: the same 2 GiB push from an OCI layout, straight into the registry, with the
// progress shown and without it (`--quiet`): off a terminal (a pipe, as in CI: plain lines, a
// status every 10 s) and on one (`script` gives the CLI a pseudo-terminal: a live line
// redrawn each second). Each blob reports its bytes as they go, whichever way they are shown;
// the question is whether that costs throughput. Each run pushes into a fresh repository
// (ocir-push mounts nothing, so every blob is uploaded again), the contenders in turn.
import { join } from 'node:path'
import { account, baseEnv, ocirPush } from './lib/contenders.mjs'
import { MiB, writeImage } from './lib/images.mjs'
import { median, run } from './lib/measure.mjs'
import { met, ms, ratio, table } from './lib/report.mjs'

/** About 20 s of upload: long enough for a status line off a terminal too. */
const LAYERS = Array.from({ length: 8 }, () => 256 * MiB)
const CLEAR = '\r\u001b[K'
/** Differences under this are noise on a shared machine (see the throughput runs). */
const NOISE = 1.05

const CONTENDERS = [
  { id: 'quiet', tool: '`--quiet`: no progress', extraArgs: ['--quiet'] },
  { id: 'pipe', tool: 'progress, stderr a pipe (plain lines)', extraArgs: [] },
  { id: 'tty', tool: 'progress, on a terminal (live line)', extraArgs: [], terminal: true }
]

export async function progress({ bedEnv, work, runs, log, cli }) {
  const acct = account(bedEnv)
  const registry = bedEnv.OCIR_TESTBED_BASIC_REGISTRY
  const image = await writeImage(join(work, 'image'), { seed: 'progress', layerSizes: LAYERS })
  const samples = new Map(CONTENDERS.map(contender => [contender.id, []]))
  for (let round = 1; round <= runs; round++) {
    // A different one goes first each round: a machine that warms up favours no contender.
    const order = CONTENDERS.map((_, i) => CONTENDERS[(i + round - 1) % CONTENDERS.length])
    for (const contender of order) {
      const [[command, args, options]] = ocirPush({
        cli,
        registry,
        image: `oci:${image.ociDir}:${image.tag}`,
        repository: `progress/${contender.id}-r${round}`,
        tags: ['t1'],
        acct,
        env: baseEnv(join(work, `home-${contender.id}-${round}`)),
        cwd: work,
        extraArgs: contender.extraArgs
      })
      const result = contender.terminal
        ? await run('script', ['-qec', shellCommand(command, args), '/dev/null'], {
            ...options,
            cpu: true
          })
        : await run(command, args, { ...options, cpu: true })
      // On a terminal stdout and stderr are one stream: every redraw starts with a clear.
      const shown = contender.terminal ? result.stdout : result.stderr
      const sample = {
        ms: result.ms,
        cpuMs: result.cpuMs,
        statuses: contender.terminal
          ? shown.split(CLEAR).length - 1
          : shown.split('\n').filter(line => line.startsWith('Pushing: ')).length,
        // On a terminal a line may follow the clear of a live one: a clear starts a line too.
        lines: shown
          .replaceAll(CLEAR, '\n')
          .split('\n')
          .filter(line => /^(Uploading sha|Uploads done)/.test(line)).length
      }
      samples.get(contender.id).push(sample)
      log(
        `progress ${contender.id} run ${round}: ${Math.round(result.ms)} ms, CPU ${Math.round(result.cpuMs)} ms, ${sample.statuses} statuses`
      )
    }
  }
  return {
    markdown: render(samples, runs, image.uploadBytes),
    profile: Object.fromEntries(samples)
  }
}

/** A command line for `script -c`: every argument single-quoted (paths only, no secret). */
function shellCommand(command, args) {
  return [command, ...args].map(word => `'${word.replaceAll("'", "'\\''")}'`).join(' ')
}

function render(samples, runs, bytes) {
  const stat = id => {
    const list = samples.get(id)
    const wall = median(list.map(sample => sample.ms))
    return {
      ms: wall,
      min: Math.min(...list.map(sample => sample.ms)),
      max: Math.max(...list.map(sample => sample.ms)),
      rate: bytes / MiB / (wall / 1000),
      cpu: median(list.map(sample => sample.cpuMs)),
      cpuMin: Math.min(...list.map(sample => sample.cpuMs)),
      cpuMax: Math.max(...list.map(sample => sample.cpuMs)),
      statuses: median(list.map(sample => sample.statuses)),
      lines: median(list.map(sample => sample.lines))
    }
  }
  const quiet = stat('quiet')
  // The upload is CPU-bound on loopback: CPU time is what progress could cost, and other work
  // on the machine, which swings the wall time by a quarter, hardly changes it.
  const worst = Math.max(
    ...CONTENDERS.filter(contender => contender.id !== 'quiet').map(
      contender => stat(contender.id).cpu / quiet.cpu
    )
  )
  return [
    '### Progress: 2 GiB OCI layout (8 × 256 MiB), no proxy, progress shown and not',
    '',
    table(
      [
        'contender',
        `wall time (median of ${runs})`,
        'min – max',
        'rate',
        'CPU time (median)',
        'min – max',
        'status updates',
        'blob and closing lines',
        'wall time vs `--quiet`',
        'CPU time vs `--quiet`'
      ],
      CONTENDERS.map(contender => {
        const s = stat(contender.id)
        return [
          contender.tool,
          ms(s.ms),
          `${ms(s.min)} – ${ms(s.max)}`,
          `${Math.round(s.rate)} MiB/s`,
          ms(s.cpu),
          `${ms(s.cpuMin)} – ${ms(s.cpuMax)}`,
          String(s.statuses),
          String(s.lines),
          ratio(s.ms / quiet.ms),
          ratio(s.cpu / quiet.cpu)
        ]
      })
    ),
    '',
    table(
      ['target', 'measured', 'result'],
      [
        [
          `progress costs no measurable throughput (CPU time ≤ ${ratio(NOISE)} \`--quiet\`’s)`,
          ratio(worst),
          met(worst <= NOISE)
        ]
      ]
    )
  ].join('\n')
}
