import { createDockerConfigDir, removeDockerConfigDir } from '../docker/config.js'

/**
 * Runs `fn` with a Docker config directory of its own, created under `parent` and removed
 * when `fn` settles (also when it was cancelled: a cancelled run settles once it stopped), so
 * that no credential outlives the command.
 */
export async function withTemporaryDockerConfig<T>(
  parent: string,
  fn: (dir: string) => Promise<T>
): Promise<T> {
  const dir = await createDockerConfigDir(parent)
  try {
    return await fn(dir)
  } finally {
    await removeDockerConfigDir(dir)
  }
}
