import { createDockerConfigDir, removeDockerConfigDir } from '../docker/config.js'

/**
 * Runs `fn` with a Docker config directory of its own, created under `parent` as a view of
 * the user's `base` (so Docker keeps their current context and plugins), and removed
 * when `fn` settles (also when it was cancelled: a cancelled run settles once it stopped), so
 * that no credential outlives the command. A removal that still fails after its retries is
 * handed to `onLeftBehind`, beside `fn`'s own outcome, which it never replaces.
 */
export async function withTemporaryDockerConfig<T>(
  { parent, base }: { parent: string; base?: string },
  fn: (dir: string) => Promise<T>,
  onLeftBehind: (dir: string, error: unknown) => void,
  remove: (dir: string) => Promise<void> = removeDockerConfigDir
): Promise<T> {
  const dir = await createDockerConfigDir(parent, base)
  try {
    return await fn(dir)
  } finally {
    await remove(dir).catch((error: unknown) => onLeftBehind(dir, error))
  }
}
