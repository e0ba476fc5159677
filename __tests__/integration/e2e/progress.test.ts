// A long push through the bundled action shows its progress in the job log: a line per blob
// as its upload starts, a status at least every 10 s, and a closing line. The link is a
// bandwidth-limited proxy, so that a 256 MiB image takes about half a minute.
import { join } from 'node:path'
import { formatSize } from '../../../src/common/text.js'
import { shortDigest } from '../../../src/engine/progress.js'
import { startFaultProxy } from '../../support/fault-proxy.js'
import { writeLargeOciLayout, writeOciLayout } from '../../support/oci-layout.js'
import { describeIntegration, testbed } from '../../support/testbed.js'
import { createJob, errorAnnotations, runMain, tagPushEnv } from './run-action.js'

const MiB = 1024 * 1024
/** 256 MiB at 8 MiB/s: about 32 s of upload. */
const LAYER = 256 * MiB
const LINK = 8 * MiB
const STATUS_EVERY_MS = 10_000

describeIntegration('the bundled action’s progress on a long push', () => {
  const bed = testbed()
  const inputs = (registry: string, image: string, repository: string): Record<string, string> => ({
    registry,
    namespace: 'demo',
    username: 'alice@example.com',
    'auth-token': bed.token,
    image,
    repository,
    tags: 'type=raw,value=progress',
    summary: 'false'
  })

  it('logs a line per blob, a status at least every 10 s of upload, and a closing line', async () => {
    const job = await createJob(bed.dir)
    const layout = await writeLargeOciLayout(join(job.dir, 'layout'), {
      layerSizes: [LAYER],
      seed: `progress-${process.pid}`
    })
    const proxy = await startFaultProxy({ target: bed.basicRegistry, upBytesPerSecond: LINK })
    try {
      const main = await runMain(
        job,
        inputs(proxy.address, `oci:${layout.dir}`, `e2e/progress-${process.pid}`),
        await tagPushEnv(job, bed.dockerHost)
      )
      expect({ exitCode: main.exitCode, errors: errorAnnotations(main) }).toEqual({
        exitCode: 0,
        errors: []
      })
      const lines = main.stdout.split('\n')
      expect(lines).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^Uploading sha256:[0-9a-f]{12} \(256\.0 MiB\)$/)
        ])
      )
      const statuses = lines.filter(line => line.startsWith('Pushing: '))
      const done = lines.filter(line => line.startsWith('Uploads done: '))
      expect(done).toEqual([
        expect.stringMatching(/^Uploads done: 256\.0 MiB in .+ \(\d+\.\d MiB\/s\)$/)
      ])
      // After the statuses: the push's closing line comes once the last blob is in.
      expect(lines.indexOf(done[0]!)).toBeGreaterThan(lines.indexOf(statuses.at(-1)!))

      // The upload as the proxy saw it: from the first blob upload request to the last.
      const uploads = proxy.stats.log.filter(entry => /\/blobs\/uploads\//.test(entry.path))
      const uploadMs =
        Math.max(...uploads.map(entry => entry.endMs)) -
        Math.min(...uploads.map(entry => entry.startMs))
      const expected = Math.floor(uploadMs / STATUS_EVERY_MS)
      console.info(
        `progress: ${statuses.length} statuses over ${uploadMs} ms of upload\n${statuses.join('\n')}\n${done[0]}`
      )
      // A relation, not a timing: one status per whole 10 s of upload, less one for where
      // the interval starts. The link makes the upload last at least 32 s.
      expect(statuses.length).toBeGreaterThanOrEqual(Math.max(1, expected - 1))
      for (const status of statuses) {
        expect(status).toMatch(
          /^Pushing: \d+\.\d MiB of 256\.0 MiB \(\d{1,3}%\), \d+\.\d (KiB|MiB)\/s, (about .+ left|time left unknown)$/
        )
      }
      const shares = statuses.map(status => Number(/\((\d+)%\)/.exec(status)![1]))
      expect(shares).toEqual([...shares].sort((a, b) => a - b))
      expect(proxy.stats.bytesUp).toBeGreaterThanOrEqual(layout.uploadBytes)
    } finally {
      await proxy.close()
    }
  }, 240_000)

  it('keeps a short push to its blob lines and the closing line, with no status', async () => {
    const job = await createJob(bed.dir)
    const layout = writeOciLayout(join(job.dir, 'layout'), {
      layerSizes: [4096],
      seed: `progress-short-${process.pid}`
    })
    const main = await runMain(
      job,
      inputs(bed.basicRegistry, `oci:${layout.dir}`, `e2e/progress-short-${process.pid}`),
      await tagPushEnv(job, bed.dockerHost)
    )
    expect(main.exitCode).toBe(0)
    const lines = main.stdout.split('\n')
    const progress = lines.filter(line => /^(Uploading|Pushing|Uploads done)/.test(line))
    expect(progress.slice(0, -1).sort()).toEqual(
      layout.blobs
        .map(blob => `Uploading ${shortDigest(blob.digest)} (${formatSize(blob.size)})`)
        .sort()
    )
    expect(progress.at(-1)).toMatch(/^Uploads done: 4\.\d KiB in \d+\.\d s \(.+\/s\)$/)
  })
})
