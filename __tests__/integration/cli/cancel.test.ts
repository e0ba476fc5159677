import { readdirSync } from 'node:fs'
import { startFaultProxy } from '../../support/fault-proxy.js'
import { importImage } from '../../support/images.js'
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
})
