import { formatDuration, formatSize } from '../common/text.js'
import type { BlobOutcome } from '../registry/client.js'
import type { Clock } from '../registry/transport/retry.js'

/** No status before this: a push that ends within a few seconds prints none. */
export const FIRST_STATUS_AFTER_MS = 3_000

/** The rate is that of about this last stretch, so it follows a link that slows down or recovers. */
export const RATE_WINDOW_MS = 20_000

export interface ProgressBlob {
  digest: string
  size: number
}

/** `sha256:` and the first 12 hex digits, as Docker shortens IDs. */
export function shortDigest(digest: string): string {
  return digest.slice(0, digest.indexOf(':') + 13)
}

/**
 * The progress of one push's blobs, as the lines to print; time comes from `clock`. An
 * uploading blob counts as far as its upload got in any attempt (its furthest offset), so the
 * bytes a resumed upload sends again are not counted twice. A blob that was already in the
 * registry, or was mounted, counts whole at once, and not toward the rate.
 */
export class PushProgress {
  private readonly sizes = new Map<string, number>()
  private readonly total: number
  private readonly reached = new Map<string, number>()
  private readonly started: number
  private finishedBlobs = 0
  /** Bytes sent: the sum of the uploads' furthest offsets. */
  private sent = 0
  /** Bytes of blobs the registry had. */
  private skipped = 0
  private samples: Array<{ at: number; sent: number }>

  constructor(
    blobs: readonly ProgressBlob[],
    private readonly clock: Pick<Clock, 'now'>
  ) {
    for (const blob of blobs) this.sizes.set(blob.digest, blob.size)
    this.total = [...this.sizes.values()].reduce((sum, size) => sum + size, 0)
    this.started = clock.now()
    this.samples = [{ at: this.started, sent: 0 }]
  }

  /** Every blob is in the registry. */
  get done(): boolean {
    return this.finishedBlobs === this.sizes.size
  }

  /** The blob's upload starts: its line. */
  uploading(blob: ProgressBlob): string {
    return `Uploading ${shortDigest(blob.digest)} (${formatSize(blob.size)})`
  }

  /** The upload of `digest` has sent up to `offset` (in its current attempt). */
  advance(digest: string, offset: number): void {
    const before = this.reached.get(digest) ?? 0
    const after = Math.min(offset, this.sizes.get(digest) ?? 0)
    if (after <= before) return
    this.reached.set(digest, after)
    this.sent += after - before
  }

  /**
   * The blob is in the registry: the lines to print, its own when nothing was uploaded, and
   * the closing one when it was the last.
   */
  finished(blob: ProgressBlob, outcome: BlobOutcome): string[] {
    const lines: string[] = []
    if (outcome === 'uploaded') {
      this.advance(blob.digest, blob.size)
    } else {
      this.skipped += blob.size
      const how = outcome === 'existed' ? 'already there' : 'mounted'
      lines.push(`${shortDigest(blob.digest)} (${formatSize(blob.size)}): ${how}`)
    }
    this.finishedBlobs++
    if (this.done) lines.push(this.summary())
    return lines
  }

  /**
   * The whole push so far: bytes, share, rate and time left. Undefined in its first seconds
   * and once every blob is done.
   */
  status(): string | undefined {
    const now = this.clock.now()
    if (this.done || now - this.started < FIRST_STATUS_AFTER_MS) return undefined
    this.samples.push({ at: now, sent: this.sent })
    // The oldest sample kept is the last one at least a window old: the rate spans a window.
    while (this.samples.length > 2 && this.samples[1]!.at <= now - RATE_WINDOW_MS) {
      this.samples.shift()
    }
    const oldest = this.samples[0]!
    const rate = ((this.sent - oldest.sent) / (now - oldest.at)) * 1000
    const done = this.sent + this.skipped
    const share = this.total === 0 ? 100 : Math.floor((done / this.total) * 100)
    const left =
      rate > 0
        ? `about ${formatDuration(((this.total - done) / rate) * 1000)} left`
        : 'time left unknown'
    return `Pushing: ${formatSize(done)} of ${formatSize(this.total)} (${share}%), ${formatSize(rate)}/s, ${left}`
  }

  private summary(): string {
    const elapsed = this.clock.now() - this.started
    const there = this.skipped > 0 ? `, ${formatSize(this.skipped)} already in the registry` : ''
    if (this.sent === 0) return `Uploads done: nothing to upload${there}`
    const rate = elapsed > 0 ? (this.sent / elapsed) * 1000 : 0
    return `Uploads done: ${formatSize(this.sent)} in ${formatDuration(elapsed)} (${formatSize(rate)}/s)${there}`
  }
}
