// Runs the contenders' commands and measures them: wall time from spawn to exit and, on
// request, the peak resident memory of the whole process tree.
import { spawn } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { clearInterval, clearTimeout, setInterval, setTimeout } from 'node:timers'

const DEFAULT_TIMEOUT_MS = 300_000
const MEMORY_POLL_MS = 20

/**
 * Runs `command args` to completion. Resolves to `{ ms, stdout, stderr, peakRssBytes, cpuMs }`;
 * rejects with the tail of stderr on a non-zero exit, and kills the process group after
 * `timeoutMs` so no run can hang the benchmark. With `cpu`, `cpuMs` is the user and system
 * time of the command and its descendants (bash's `times`, on a descriptor of its own):
 * unlike wall time, other work on the machine hardly changes it.
 */
export function run(command, args, options = {}) {
  const {
    env = process.env,
    input,
    cwd,
    timeoutMs = DEFAULT_TIMEOUT_MS,
    memory = false,
    cpu = false
  } = options
  const [file, argv] = cpu
    ? ['bash', ['-c', '"$@"; status=$?; times >&3; exit $status', 'bash', command, ...args]]
    : [command, args]
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint()
    const child = spawn(file, argv, {
      env,
      cwd,
      detached: true,
      stdio: ['pipe', 'pipe', 'pipe', ...(cpu ? ['pipe'] : [])]
    })
    const tracker = memory ? trackMemory(child.pid) : undefined
    let stdout = ''
    let stderr = ''
    let times = ''
    child.stdio[3]?.on('data', chunk => (times += chunk))
    child.stdout.on('data', chunk => (stdout += chunk))
    child.stderr.on('data', chunk => (stderr += chunk))
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid, 'SIGKILL')
      } catch {
        // Already gone.
      }
    }, timeoutMs)
    child.on('error', error => {
      clearTimeout(timer)
      tracker?.stop()
      reject(error)
    })
    child.on('close', (code, signal) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6
      clearTimeout(timer)
      const peakRssBytes = tracker?.stop()
      const cpuMs = cpu ? childrenCpuMs(times) : undefined
      if (code === 0) return resolve({ ms, stdout, stderr, peakRssBytes, cpuMs })
      const why = signal ? `killed by ${signal}` : `exit ${code}`
      const tail = stderr.trim().split('\n').slice(-15).join('\n')
      reject(new Error(`${command} ${args.slice(0, 2).join(' ')} … failed (${why}):\n${tail}`))
    })
    child.stdin.end(input ?? '')
  })
}

/** bash's `times`: its own user and system time, then its children's (`0m3.120s 0m0.800s`). */
function childrenCpuMs(times) {
  const children = times.trim().split('\n')[1] ?? ''
  return [...children.matchAll(/(\d+)m([\d.]+)s/g)].reduce(
    (sum, [, minutes, seconds]) => sum + (Number(minutes) * 60 + Number(seconds)) * 1000,
    0
  )
}

/**
 * Runs the steps one after another; resolves to the total time and each step's result. A
 * step given as a function is made when its turn comes (from what the steps before it left).
 */
export async function runSteps(steps) {
  const results = []
  for (const step of steps) {
    const [command, args, options] = typeof step === 'function' ? step() : step
    results.push(await run(command, args, options))
  }
  return { ms: results.reduce((sum, result) => sum + result.ms, 0), results }
}

/**
 * Polls the peak resident set (VmHWM) of `rootPid` and every descendant. The result is the
 * sum of each process's own peak: an upper bound of the tree's peak at any one moment.
 */
function trackMemory(rootPid) {
  const peaks = new Map()
  const poll = () => {
    for (const pid of descendantsAndSelf(rootPid)) {
      const peak = peakRssBytes(pid)
      if (peak !== undefined && peak > (peaks.get(pid) ?? 0)) peaks.set(pid, peak)
    }
  }
  poll()
  const timer = setInterval(poll, MEMORY_POLL_MS)
  return {
    stop() {
      clearInterval(timer)
      return [...peaks.values()].reduce((sum, peak) => sum + peak, 0)
    }
  }
}

function descendantsAndSelf(rootPid) {
  const children = new Map()
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue
    const parent = parentPid(name)
    if (parent === undefined) continue
    if (!children.has(parent)) children.set(parent, [])
    children.get(parent).push(Number(name))
  }
  const tree = [rootPid]
  for (let i = 0; i < tree.length; i++) tree.push(...(children.get(tree[i]) ?? []))
  return tree
}

function parentPid(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // The command name (field 2) may hold spaces and parentheses: read after the last ')'.
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
  } catch {
    return undefined
  }
}

function peakRssBytes(pid) {
  try {
    const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
    return match ? Number(match[1]) * 1024 : undefined
  } catch {
    return undefined
  }
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}
