// The bundled CLI against the bed's HTTPS registry, whose certificate a throwaway CA signed:
// trusted through NODE_EXTRA_CA_CERTS (read by Node at start-up) it pushes; without it the
// push fails once, typed and diagnosed, with the fix and no stack trace.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { writeOciLayout } from '../../support/oci-layout.js'
import { describeIntegration, testbed } from '../../support/testbed.js'
import { manifestDigest } from '../docker/registry-http.js'
import { runCli, workspace } from './run-cli.js'

describeIntegration('ocir-push push to an HTTPS registry (bundled CLI)', () => {
  const bed = testbed()
  const [namespace, user] = [bed.username.split('/')[0], bed.username.split('/').slice(1).join('/')]
  const login = () => ({
    registry: bed.tlsRegistry,
    username: bed.username,
    token: bed.token,
    ca: readFileSync(bed.tlsCa, 'utf8')
  })

  function push(layout: string, repository: string, extra: string[] = []): string[] {
    return [
      'push',
      '--registry',
      `https://${bed.tlsRegistry}`,
      '--namespace',
      namespace,
      '--username',
      user,
      '--image',
      `oci:${layout}`,
      '--repository',
      repository,
      '--tag',
      'v1',
      ...extra
    ]
  }

  it('pushes an OCI layout with NODE_EXTRA_CA_CERTS; the tag resolves to the digest', async () => {
    const { dir, home, tmp } = workspace('tls-push')
    const layout = writeOciLayout(join(dir, 'layout'), { seed: `tls-${process.pid}` })
    const repository = `tls/app-${process.pid}`
    const run = await runCli(push(layout.dir, repository, ['--json']), {
      home,
      tmp,
      env: { OCIR_AUTH_TOKEN: bed.token, NODE_EXTRA_CA_CERTS: bed.tlsCa }
    })
    // stderr has the upload progress; any failure would be an `error:` line there.
    const errors = run.stderr.split('\n').filter(line => line.startsWith('error:'))
    expect({ code: run.code, errors }).toEqual({ code: 0, errors: [] })
    const outputs = JSON.parse(run.stdout) as Record<string, unknown>
    // The scheme chose how to talk to the registry; the host names the image as before.
    const reference = `${bed.tlsRegistry}/demo/${repository}`
    expect(outputs).toMatchObject({
      registry: bed.tlsRegistry,
      repository: reference,
      tags: [`${reference}:v1`],
      digest: layout.root.digest
    })
    expect(await manifestDigest(login(), `demo/${repository}`, 'v1')).toBe(layout.root.digest)
  })

  it('without the CA fails with exit 1, naming the host and NODE_EXTRA_CA_CERTS, no stack, nothing pushed', async () => {
    const { dir, home, tmp } = workspace('tls-untrusted')
    const layout = writeOciLayout(join(dir, 'layout'), { seed: `tls-untrusted-${process.pid}` })
    const repository = `tls/untrusted-${process.pid}`
    const run = await runCli(push(layout.dir, repository), {
      home,
      tmp,
      env: { OCIR_AUTH_TOKEN: bed.token }
    })
    expect(run.code).toBe(1)
    expect(run.stdout).toBe('')
    const lines = run.stderr.trimEnd().split('\n')
    expect(lines[0]).toContain(
      `the certificate of '${bed.tlsRegistry}' is not trusted: it is signed by a certificate authority this machine does not trust (UNABLE_TO_VERIFY_LEAF_SIGNATURE)`
    )
    expect(run.stderr).toMatch(/Fix: .*NODE_EXTRA_CA_CERTS=<path to the CA's PEM>/)
    expect(run.stderr).not.toMatch(/^\s+at /m)
    expect(run.stderr).not.toContain(bed.token)
    expect(await manifestDigest(login(), `demo/${repository}`, 'v1')).toBeUndefined()
  })

  it('without https:// speaks plain HTTP to the loopback host and says to write https://', async () => {
    const { dir, home, tmp } = workspace('tls-no-scheme')
    const layout = writeOciLayout(join(dir, 'layout'), { seed: `tls-no-scheme-${process.pid}` })
    const args = push(layout.dir, `tls/no-scheme-${process.pid}`)
    args[args.indexOf('--registry') + 1] = bed.tlsRegistry
    const run = await runCli(args, {
      home,
      tmp,
      env: { OCIR_AUTH_TOKEN: bed.token, NODE_EXTRA_CA_CERTS: bed.tlsCa }
    })
    expect(run.code).toBe(1)
    expect(run.stderr).toContain(`--registry: '${bed.tlsRegistry}' speaks HTTPS, not plain HTTP`)
    expect(run.stderr).toContain(`Fix: Write registry: 'https://${bed.tlsRegistry}'`)
  })
})
