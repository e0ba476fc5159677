import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { startFaultProxy } from '../../support/fault-proxy.js'
import { importImage } from '../../support/images.js'
import { writeOciLayout } from '../../support/oci-layout.js'
import { describeIntegration, testbed } from '../../support/testbed.js'
import { runCli, workspace } from './run-cli.js'

describeIntegration('ocir-push push, cancelled (bundled CLI)', () => {
  const bed = testbed()
  const [namespace, user] = [bed.username.split('/')[0], bed.username.split('/').slice(1).join('/')]
  const image = `cli-cancel:${process.pid}`

  beforeAll(async () => {
    await importImage(image, { sizeBytes: 8 * 1024 * 1024 })
  })

  it.each([
    // A terminal's Ctrl-C reaches the whole foreground job, docker included.
    ['SIGINT', 130, 'process group'],
    // The runner's cancel reaches the process alone: it must stop docker itself.
    ['SIGTERM', 143, 'process']
  ] as const)(
    'stops on %s mid-push: exit %i, and the temporary login is removed (signal to the %s)',
    async (signal, code, target) => {
      const { home, tmp } = workspace(`push-${signal}`)
      const proxy = await startFaultProxy({ target: bed.bearerRegistry })
      // Hold the layer upload, so that the push is still going when the signal comes.
      proxy.inject({ match: { method: 'PATCH' }, times: 1, stallMs: 5_000 })
      proxy.inject({
        match: { method: 'PUT', path: /\/blobs\/uploads\// },
        times: 1,
        stallMs: 5_000
      })
      let configDuringPush: string[] = []
      try {
        const run = await runCli(
          [
            'push',
            '--verbose',
            '--registry',
            proxy.address,
            '--namespace',
            namespace,
            '--image',
            image,
            '--tag',
            'type=raw,value=1'
          ],
          {
            home,
            tmp,
            detached: true,
            env: { OCIR_USERNAME: user, OCIR_AUTH_TOKEN: bed.token },
            started: child => {
              let pushStarted = false
              child.stderr?.on('data', (chunk: Buffer) => {
                pushStarted ||= chunk.toString().includes('docker push ')
              })
              // Signalled once the CLI said it runs docker push and Docker is uploading.
              const poll = setInterval(() => {
                const uploading = proxy.stats.log.some(entry =>
                  /\/blobs\/uploads\//.test(entry.path)
                )
                if (!pushStarted || !uploading) return
                clearInterval(poll)
                configDuringPush = readdirSync(tmp)
                process.kill(target === 'process' ? (child.pid ?? 0) : -(child.pid ?? 0), signal)
              }, 50)
              child.on('exit', () => clearInterval(poll))
            }
          }
        )
        expect({ code: run.code, signal: run.signal, stdout: run.stdout }).toEqual({
          code,
          signal: null,
          stdout: ''
        })
        expect(run.stderr).toMatch(/error: interrupted/)
        expect(configDuringPush).toHaveLength(1)
        expect(readdirSync(tmp)).toEqual([])
      } finally {
        await proxy.close()
      }
    }
  )

  it('stops a daemonless push on SIGTERM while its upload hangs, with nothing left in flight', async () => {
    const { dir, home, tmp } = workspace('push-layout-SIGTERM')
    const layout = writeOciLayout(join(dir, 'layout'), {
      seed: `cancel-${process.pid}`,
      layerSizes: [4 * 1024 * 1024]
    })
    const proxy = await startFaultProxy({ target: bed.bearerRegistry })
    // The upload hangs far longer than the test may run: only cancelling ends the process.
    proxy.inject({
      match: { method: 'PUT', path: /\/blobs\/uploads\// },
      times: 10,
      stallMs: 600_000
    })
    try {
      const run = await runCli(
        [
          'push',
          '--registry',
          proxy.address,
          '--namespace',
          namespace,
          '--image',
          `oci:${layout.dir}`,
          '--repository',
          'cli-cancel/layout',
          '--tag',
          'type=raw,value=1'
        ],
        {
          home,
          tmp,
          env: { OCIR_USERNAME: user, OCIR_AUTH_TOKEN: bed.token },
          started: child => {
            const poll = setInterval(() => {
              const uploading = proxy.stats.log.some(
                entry => entry.method === 'PUT' && /\/blobs\/uploads\//.test(entry.path)
              )
              if (!uploading) return
              clearInterval(poll)
              child.kill('SIGTERM')
            }, 50)
            child.on('exit', () => clearInterval(poll))
          }
        }
      )
      expect({ code: run.code, signal: run.signal }).toEqual({ code: 143, signal: null })
      expect(run.stderr).toMatch(/error: interrupted/)
      expect(readdirSync(tmp)).toEqual([])
    } finally {
      await proxy.close()
    }
  })
})
