import type { Writable } from 'node:stream'

/** `into` closed (destroyed, its connection cut) before every chunk was written. */
export class ClosedBeforeWrittenError extends Error {
  constructor() {
    super('the stream closed before the body was written')
    this.name = new.target.name
  }
}

/**
 * Writes `chunks` into `into`, then ends it. Each chunk is asked for only once the one before
 * it is through `into` (its write callback: handed to the kernel, or consumed by a transform),
 * so a source that lends its chunks, reading the next bytes into the same memory, never
 * overwrites bytes `into` still holds. Rejects when a write fails or `into` closes first.
 */
export async function writeLentChunks(
  chunks: AsyncIterable<Uint8Array>,
  into: Writable
): Promise<void> {
  let onClose!: () => void
  // A request destroyed before it had a socket never calls back the writes it queued.
  const closed = new Promise<never>((_, reject) => {
    onClose = () => reject(new ClosedBeforeWrittenError())
    into.once('close', onClose)
  })
  closed.catch(() => undefined)
  try {
    for await (const chunk of chunks) {
      const written = new Promise<void>((resolve, reject) => {
        into.write(chunk, error => (error ? reject(error) : resolve()))
      })
      await Promise.race([written, closed])
    }
    into.end()
  } finally {
    into.off('close', onClose)
  }
}
