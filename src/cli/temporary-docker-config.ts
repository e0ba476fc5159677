import { rmSync } from 'node:fs'
import { createDockerConfigDir, removeDockerConfigDir } from '../docker/config.js'

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const

/**
 * Runs `fn` with a Docker config directory of its own, created under `parent` and removed
 * when `fn` settles, fails, or the process is interrupted, so that no credential outlives
 * the command.
 */
export async function withTemporaryDockerConfig<T>(
  parent: string,
  fn: (dir: string) => Promise<T>
): Promise<T> {
  const dir = await createDockerConfigDir(parent)
  const removeNow = (): void => rmSync(dir, { recursive: true, force: true })
  const onSignal = (signal: NodeJS.Signals): void => {
    removeNow()
    detach()
    // Die of the same signal, so the shell or CI sees an interrupted command.
    process.kill(process.pid, signal)
  }
  const detach = (): void => {
    for (const signal of SIGNALS) process.off(signal, onSignal)
    process.off('exit', removeNow)
  }
  for (const signal of SIGNALS) process.on(signal, onSignal)
  process.on('exit', removeNow)
  try {
    return await fn(dir)
  } finally {
    detach()
    await removeDockerConfigDir(dir)
  }
}
