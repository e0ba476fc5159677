// The bundled CLI's progress off a terminal (a pipe, as in CI): shown without --verbose,
// hidden by --quiet; Docker's own lines for the Docker-engine source, one per layer state.
import { join } from 'node:path'
import { importImage } from '../../support/images.js'
import { writeOciLayout } from '../../support/oci-layout.js'
import { besidesProgress } from '../../support/progress-lines.js'
import { describeIntegration, testbed } from '../../support/testbed.js'
import { runCli, workspace } from './run-cli.js'

describeIntegration('ocir-push push progress in a pipe (bundled CLI)', () => {
  const bed = testbed()
  const [namespace, user] = [
    bed.username.split('/')[0]!,
    bed.username.split('/').slice(1).join('/')
  ]
  const image = `cli-progress:${process.pid}`

  beforeAll(async () => {
    await importImage(image, { files: { hello: `ocir-push progress ${process.pid}\n` } })
  })

  const push = (source: string, repository: string, extra: string[] = []) => {
    const { home, tmp } = workspace(`progress-${repository.replaceAll('/', '-')}`)
    return runCli(
      [
        'push',
        ...extra,
        '--registry',
        bed.basicRegistry,
        '--namespace',
        namespace,
        '--username',
        user,
        '--image',
        source,
        '--repository',
        repository,
        '--tag',
        'type=raw,value=1'
      ],
      { home, tmp, env: { OCIR_AUTH_TOKEN: bed.token } }
    )
  }

  it('shows Docker’s progress without --verbose, each layer state once, and nothing else', async () => {
    const run = await push(image, `cli/progress-docker-${process.pid}`)
    expect(run.code).toBe(0)
    const lines = run.stderr.split('\n').filter(Boolean)
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^The push refers to repository \[.+\]$/),
        expect.stringMatching(/^[0-9a-f]{12}: Pushed$/)
      ])
    )
    expect(new Set(lines).size).toBe(lines.length)
    // The steps (logging in, tagging) stay for --verbose.
    expect(besidesProgress(run.stderr)).toEqual([])
  })

  it('shows a daemonless push’s blob lines and its closing line without --verbose', async () => {
    const { dir } = workspace('progress-layout')
    const layout = writeOciLayout(join(dir, 'layout'), { seed: `cli-progress-${process.pid}` })
    const run = await push(`oci:${layout.dir}`, `cli/progress-oci-${process.pid}`)
    expect(run.code).toBe(0)
    const lines = run.stderr.split('\n').filter(Boolean)
    expect(lines.filter(line => line.startsWith('Uploading '))).toHaveLength(layout.blobs.length)
    expect(lines.at(-1)).toMatch(/^Uploads done: /)
    // A push of a second or so: no status line.
    expect(lines.filter(line => line.startsWith('Pushing: '))).toEqual([])
    expect(besidesProgress(run.stderr)).toEqual([])
  })

  it('shows nothing on stderr with --quiet, from Docker or from a daemonless push', async () => {
    const { dir } = workspace('progress-quiet')
    const layout = writeOciLayout(join(dir, 'layout'), { seed: `cli-quiet-${process.pid}` })
    const runs = await Promise.all([
      push(image, `cli/progress-quiet-docker-${process.pid}`, ['--quiet']),
      push(`oci:${layout.dir}`, `cli/progress-quiet-oci-${process.pid}`, ['--quiet'])
    ])
    expect(runs.map(run => ({ code: run.code, stderr: run.stderr }))).toEqual([
      { code: 0, stderr: '' },
      { code: 0, stderr: '' }
    ])
  })
})
