import {
  FIRST_STATUS_AFTER_MS,
  PushProgress,
  RATE_WINDOW_MS,
  shortDigest
} from '../../../src/engine/progress.js'

const MiB = 1024 * 1024

/** Time moves only when the test says so. */
function fakeClock(): { now(): number; advance(ms: number): void } {
  let now = 5_000_000
  return { now: () => now, advance: ms => void (now += ms) }
}

const blob = (n: number, size: number): { digest: string; size: number } => ({
  digest: `sha256:${String(n).repeat(64).slice(0, 64)}`,
  size
})

const big = blob(1, 200 * MiB)
const small = blob(2, 50 * MiB)
const config = blob(3, 1024)

describe('PushProgress', () => {
  it('shows no status in its first seconds: a short push prints no periodic line', () => {
    const clock = fakeClock()
    const progress = new PushProgress([big], clock)
    progress.advance(big.digest, 100 * MiB)
    clock.advance(FIRST_STATUS_AFTER_MS - 1)
    expect(progress.status()).toBeUndefined()
    clock.advance(1)
    expect(progress.status()).toBeDefined()
  })

  it('states bytes sent of the whole push, the share, the rate and the time left', () => {
    const clock = fakeClock()
    const progress = new PushProgress([big, small], clock)
    expect(progress.uploading(big)).toBe(`Uploading ${shortDigest(big.digest)} (200.0 MiB)`)
    clock.advance(10_000)
    progress.advance(big.digest, 40 * MiB)
    progress.advance(small.digest, 10 * MiB)
    // 50 MiB of 250 in 10 s: 5 MiB/s, 200 MiB left.
    expect(progress.status()).toBe(
      'Pushing: 50.0 MiB of 250.0 MiB (20%), 5.0 MiB/s, about 40 s left'
    )
  })

  it('counts a blob the registry had as done at once, but not toward the rate', () => {
    const clock = fakeClock()
    const progress = new PushProgress([big, small], clock)
    expect(progress.finished(small, 'existed')).toEqual([
      `${shortDigest(small.digest)} (50.0 MiB): already there`
    ])
    clock.advance(10_000)
    progress.advance(big.digest, 20 * MiB)
    expect(progress.status()).toBe(
      'Pushing: 70.0 MiB of 250.0 MiB (28%), 2.0 MiB/s, about 1 min 30 s left'
    )
  })

  it('counts bytes a resumed upload sends again once: a blob counts to its furthest offset', () => {
    const clock = fakeClock()
    const progress = new PushProgress([big], clock)
    progress.advance(big.digest, 120 * MiB)
    // Cut; the registry kept 100 MiB, and the upload goes on from there.
    progress.advance(big.digest, 100 * MiB)
    progress.advance(big.digest, 110 * MiB)
    clock.advance(12_000)
    expect(progress.status()).toMatch(/^Pushing: 120\.0 MiB of 200\.0 MiB \(60%\), 10\.0 MiB\/s/)
    progress.advance(big.digest, 130 * MiB)
    clock.advance(1_000)
    expect(progress.status()).toMatch(/^Pushing: 130\.0 MiB of 200\.0 MiB/)
  })

  it('never counts past a blob’s size, nor a blob twice when it finishes', () => {
    const clock = fakeClock()
    const progress = new PushProgress([big, small], clock)
    progress.advance(big.digest, 300 * MiB)
    expect(progress.finished(big, 'uploaded')).toEqual([])
    clock.advance(10_000)
    expect(progress.status()).toMatch(/^Pushing: 200\.0 MiB of 250\.0 MiB \(80%\)/)
  })

  it('lists a blob shared by several platforms once', () => {
    const progress = new PushProgress([big, small, big], fakeClock())
    expect(progress.finished(big, 'uploaded')).toEqual([])
    expect(progress.done).toBe(false)
    expect(progress.finished(small, 'uploaded')).toHaveLength(1)
    expect(progress.done).toBe(true)
  })

  it('takes the rate over the last stretch, so a link that slows down shows it', () => {
    const clock = fakeClock()
    const huge = blob(4, 1024 * MiB)
    const progress = new PushProgress([huge], clock)
    let sent = 0
    // 10 MiB/s for 30 s, then 1 MiB/s for 30 s; a status each 10 s.
    for (const rate of [10, 10, 10, 1, 1, 1]) {
      clock.advance(10_000)
      sent += rate * 10 * MiB
      progress.advance(huge.digest, sent)
      progress.status()
    }
    clock.advance(10_000)
    progress.advance(huge.digest, sent + 10 * MiB)
    // Over the last 20 s, 1 MiB/s (the mean since the start would be 4.9 MiB/s): 684 MiB left.
    expect(progress.status()).toBe(
      'Pushing: 340.0 MiB of 1.00 GiB (33%), 1.0 MiB/s, about 11 min 24 s left'
    )
  })

  it('says the time left is unknown while nothing moves', () => {
    const clock = fakeClock()
    const progress = new PushProgress([big], clock)
    clock.advance(RATE_WINDOW_MS * 2)
    expect(progress.status()).toBe('Pushing: 0 B of 200.0 MiB (0%), 0 B/s, time left unknown')
  })

  it('closes with one line of the bytes uploaded, the time and the mean rate', () => {
    const clock = fakeClock()
    const progress = new PushProgress([big, small, config], clock)
    expect(progress.finished(config, 'mounted')).toEqual([
      `${shortDigest(config.digest)} (1.0 KiB): mounted`
    ])
    clock.advance(25_000)
    expect(progress.finished(small, 'uploaded')).toEqual([])
    clock.advance(25_000)
    expect(progress.finished(big, 'uploaded')).toEqual([
      'Uploads done: 250.0 MiB in 50 s (5.0 MiB/s), 1.0 KiB already in the registry'
    ])
    expect(progress.done).toBe(true)
    expect(progress.status()).toBeUndefined()
  })

  it('closes a push that had nothing to upload briefly', () => {
    const progress = new PushProgress([config], fakeClock())
    expect(progress.finished(config, 'existed')).toEqual([
      `${shortDigest(config.digest)} (1.0 KiB): already there`,
      'Uploads done: nothing to upload, 1.0 KiB already in the registry'
    ])
  })

  it('closes a short push with its time to a tenth of a second', () => {
    const clock = fakeClock()
    const progress = new PushProgress([config], clock)
    clock.advance(400)
    expect(progress.finished(config, 'uploaded')).toEqual([
      'Uploads done: 1.0 KiB in 0.4 s (2.5 KiB/s)'
    ])
  })
})

describe('shortDigest', () => {
  it.each([
    [`sha256:${'ab'.repeat(32)}`, 'sha256:abababababab'],
    [`sha512:${'cd'.repeat(64)}`, 'sha512:cdcdcdcdcdcd']
  ])('%s → %s', (digest, short) => {
    expect(shortDigest(digest)).toBe(short)
  })
})
