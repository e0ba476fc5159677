import { createDockerConfigDir, removeDockerConfigDir } from '../docker/config.js'

/**
 * Runs `fn` with a Docker config directory of its own, created under `parent` and removed
 * when `fn` settles (also when it was cancelled: a cancelled run settles once it stopped), so
 * that no credential outlives the command. A removal that still fails after its retries is
 * handed to `onLeftBehind`, beside `fn`'s own outcome, which it never replaces.
 */
export async function withTemporaryDockerConfig<T>(
  parent: string,
  fn: (dir: string) => Promise<T>,
  onLeftBehind: (dir: string, error: unknown) => void,
  remove: (dir: string) => Promise<void> = removeDockerConfigDir
): Promise<T> {
  const dir = await createDockerConfigDir(parent)
  try {
    return await fn(dir)
  } finally {
    await remove(dir).catch((error: unknown) => onLeftBehind(dir, error))
  }
}
