// The bundled action against the bed's HTTPS registry (certificate signed by a throwaway CA),
// as a runner runs it: NODE_EXTRA_CA_CERTS in the step's environment makes it trusted; without
// it the step fails with one annotation that names the host and the fix, and no stack trace.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { writeOciLayout } from '../../support/oci-layout.js'
import { describeIntegration, testbed } from '../../support/testbed.js'
import { manifestDigest } from '../docker/registry-http.js'
import {
  createJob,
  errorAnnotations,
  everythingShown,
  readFileCommands,
  runMain,
  runPost,
  tagPushEnv
} from './run-action.js'
import type { Job } from './run-action.js'

describeIntegration('the bundled action and an HTTPS registry', () => {
  const bed = testbed()
  const login = () => ({
    registry: bed.tlsRegistry,
    username: bed.username,
    token: bed.token,
    ca: readFileSync(bed.tlsCa, 'utf8')
  })

  function inputs(job: Job, name: string): Record<string, string> {
    const layout = writeOciLayout(join(job.dir, 'layout'), { seed: `${name}-${process.pid}` })
    return {
      registry: `https://${bed.tlsRegistry}`,
      namespace: 'demo',
      username: 'alice@example.com',
      'auth-token': bed.token,
      image: `oci:${layout.dir}`,
      repository: `e2e/${name}-${process.pid}`
    }
  }

  it('pushes an OCI layout with NODE_EXTRA_CA_CERTS; every tag resolves to the digest', async () => {
    const job = await createJob(bed.dir)
    const stepInputs = inputs(job, 'tls')
    const env = { ...(await tagPushEnv(job, bed.dockerHost)), NODE_EXTRA_CA_CERTS: bed.tlsCa }
    const main = await runMain(job, stepInputs, env)
    expect({ exitCode: main.exitCode, errors: errorAnnotations(main) }).toEqual({
      exitCode: 0,
      errors: []
    })
    const outputs = await readFileCommands(job.files.output)
    expect(outputs.registry).toBe(bed.tlsRegistry)
    expect(outputs.digest).toMatch(/^sha256:/)
    for (const tag of ['2.3.4', '2.3', '2', 'latest']) {
      expect(await manifestDigest(login(), `demo/${stepInputs.repository}`, tag)).toBe(
        outputs.digest
      )
    }
    const post = await runPost(job, stepInputs, env)
    expect(post.exitCode).toBe(0)
  })

  it('without the CA fails with one annotation naming the host and NODE_EXTRA_CA_CERTS', async () => {
    const job = await createJob(bed.dir)
    const stepInputs = inputs(job, 'tls-untrusted')
    const env = await tagPushEnv(job, bed.dockerHost)
    const main = await runMain(job, stepInputs, env)
    expect(main.exitCode).toBe(1)
    const errors = errorAnnotations(main)
    expect(errors).toHaveLength(1)
    expect(errors[0]).toMatch(
      new RegExp(`^the certificate of '${bed.tlsRegistry.replaceAll('.', '\\.')}' is not trusted: `)
    )
    expect(errors[0]).toMatch(/\nFix: .*NODE_EXTRA_CA_CERTS=<path to the CA's PEM>/)
    const shown = await everythingShown(job)
    expect(shown).not.toMatch(/^\s+at /m)
    expect(shown).not.toContain(bed.token)
    expect(await manifestDigest(login(), `demo/${stepInputs.repository}`, 'latest')).toBeUndefined()
  })
})
