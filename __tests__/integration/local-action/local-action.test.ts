// GitHub's local runner for actions (@github/local-action) as a second, independent client of
// action.yml: it reads the inputs' defaults from action.yml, stands in its own @actions/core,
// runs the TypeScript source through tsx and reports the outputs it was given.
import { spawn } from 'node:child_process'
import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { importImage } from '../../support/images.js'
import { describeIntegration, testbed } from '../../support/testbed.js'

const ROOT = join(import.meta.dirname, '../../..')
const LOCAL_ACTION = join(ROOT, 'node_modules/@github/local-action/bin/local-action.js')
const ENTRIES = '__tests__/integration/local-action'
const REPOSITORY = 'fra.ocir.io/axaxnpcrorw5/project/app'
/** local-action starts npm, tsx and the TypeScript source: several seconds a run. */
const RUN_TIMEOUT = 120_000

/** The runner's variables of a tag push v2.3.4 and a dry run's inputs. */
const TAG_PUSH_DRY_RUN = {
  GITHUB_ACTIONS: 'true',
  GITHUB_EVENT_NAME: 'push',
  GITHUB_REF: 'refs/tags/v2.3.4',
  GITHUB_REF_NAME: 'v2.3.4',
  GITHUB_REF_TYPE: 'tag',
  GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
  INPUT_REGISTRY: 'fra.ocir.io',
  INPUT_NAMESPACE: 'axaxnpcrorw5',
  INPUT_USERNAME: 'jdoe@acme.com',
  INPUT_IMAGE: 'app:1.0',
  INPUT_REPOSITORY: 'project/app',
  INPUT_PUSH: 'false',
  INPUT_TAGS: 'type=semver,pattern={{version}}\ntype=raw,value=team/edge'
}

interface LocalRun {
  exitCode: number | null
  /** What the action logged, from local-action's "Running Action" banner on. */
  log: string
  /** Each output as the action set it. */
  outputs: Record<string, string>
  summary: string
}

/** A .env file as local-action reads it (dotenv: double quotes, `\n` for a new line). */
function dotenv(variables: Record<string, string>): string {
  return Object.entries(variables)
    .map(([name, value]) => {
      if (/["\\]/.test(value)) throw new Error(`${name}: no quotes or backslashes in a .env value`)
      return `${name}="${value.replace(/\n/g, '\\n')}"\n`
    })
    .join('')
}

async function runLocalAction(
  variables: Record<string, string>,
  options: { post?: boolean } = {}
): Promise<LocalRun> {
  const dir = await mkdtemp(join(tmpdir(), 'ocir-push-local-action-'))
  const summaryFile = join(dir, 'step-summary.md')
  const envFile = join(dir, '.env')
  await writeFile(summaryFile, '')
  await writeFile(envFile, dotenv({ ...variables, GITHUB_STEP_SUMMARY: summaryFile }))
  const args = [LOCAL_ACTION, 'run', ROOT, `${ENTRIES}/main-entry.ts`, envFile]
  if (options.post) args.push('--post', `${ENTRIES}/post-entry.ts`)
  const { exitCode, stdout } = await new Promise<{ exitCode: number | null; stdout: string }>(
    (resolve, reject) => {
      // Only what a runner would give: none of this machine's GITHUB_* or INPUT_* leak in.
      // local-action stubs @actions/core at its path under ROOT/node_modules; when that is a
      // symlink (a git worktree sharing another checkout's), imports would resolve past the stub.
      const child = spawn(process.execPath, args, {
        cwd: ROOT,
        env: {
          PATH: process.env.PATH,
          // The job's own home: the action logs in to ~/.docker, which must not be this machine's.
          HOME: dir,
          NODE_OPTIONS: '--preserve-symlinks'
        },
        stdio: ['ignore', 'pipe', 'pipe']
      })
      let out = ''
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk))
      child.stderr.resume()
      child.on('error', reject)
      child.on('close', code => resolve({ exitCode: code, stdout: out }))
    }
  )
  const log = stdout.slice(stdout.indexOf('Running Action'))
  return { exitCode, log, outputs: setOutputs(log), summary: await readFile(summaryFile, 'utf8') }
}

/**
 * The outputs local-action printed as `::set-output name=<name>::<value>`; a multi-line value
 * runs on until the next command or the blank line after the last.
 */
function setOutputs(log: string): Record<string, string> {
  const outputs: Record<string, string> = {}
  let current: string | undefined
  for (const line of log.split('\n')) {
    const start = /^::set-output name=([^:]+)::(.*)$/.exec(line)
    if (start) {
      current = start[1]!
      outputs[current] = start[2]!
    } else if (current && line !== '' && !line.startsWith('::')) {
      outputs[current] += `\n${line}`
    } else {
      current = undefined
    }
  }
  return outputs
}

function annotations(log: string, kind: 'error' | 'notice'): string[] {
  return log.split('\n').filter(line => line.startsWith(`::${kind}`))
}

describe('the action run by @github/local-action', () => {
  it(
    'plans a dry run of a tag push: outputs, notice, log group, summary and post step',
    async () => {
      const run = await runLocalAction(TAG_PUSH_DRY_RUN, { post: true })
      expect(run.exitCode).toBe(0)

      const references = ['2.3.4', 'team-edge', 'latest'].map(tag => `${REPOSITORY}:${tag}`)
      // The labels and annotations carry the build date: taken as set, checked for the version.
      const labelLines = run.outputs.labels?.split('\n') ?? []
      const annotationLines = run.outputs.annotations?.split('\n') ?? []
      expect(labelLines).toContain('org.opencontainers.image.version=2.3.4')
      expect(annotationLines).toContain('manifest:org.opencontainers.image.version=2.3.4')
      const outputs = {
        registry: 'fra.ocir.io',
        username: 'axaxnpcrorw5/jdoe@acme.com',
        repository: REPOSITORY,
        tags: references,
        'pull-reference': references[0],
        digest: '',
        'pinned-reference': '',
        version: '2.3.4',
        labels: labelLines,
        annotations: annotationLines,
        targets: [
          {
            registry: 'fra.ocir.io',
            repository: REPOSITORY,
            tags: references,
            'pull-reference': references[0],
            digest: '',
            'pinned-reference': ''
          }
        ]
      }
      expect(run.outputs).toEqual({
        registry: outputs.registry,
        username: outputs.username,
        repository: outputs.repository,
        tags: references.join('\n'),
        'pull-reference': outputs['pull-reference'],
        version: outputs.version,
        labels: labelLines.join('\n'),
        annotations: annotationLines.join('\n'),
        json: JSON.stringify(outputs)
      })

      expect(annotations(run.log, 'notice')).toEqual([
        "::notice title=Tag changed to be valid::'team/edge' is pushed as 'team-edge': characters other than letters, digits, _ . - became -."
      ])
      expect(annotations(run.log, 'error')).toEqual([])
      expect(run.log).toContain(`::group::Plan and tags for ${REPOSITORY}\n`)
      expect(run.log).toContain('::info::push: false: nothing was logged in to or pushed')
      expect(run.log).toContain('::info::Nothing to clean up: the main step did not log in')

      expect(run.summary).toContain(
        `### OCIR push planned: \`${REPOSITORY}\` (push: false, nothing was sent)`
      )
      for (const reference of references) expect(run.summary).toContain(`| \`${reference}\` |`)
    },
    RUN_TIMEOUT
  )

  it(
    'fails a bad input with one titled error annotation, no outputs and the diagnosis in the summary',
    async () => {
      const run = await runLocalAction({ ...TAG_PUSH_DRY_RUN, INPUT_NAMESPACE: 'AxaxNpcrorw5' })
      expect(run.exitCode).toBe(1)
      const errors = annotations(run.log, 'error')
      expect(errors).toHaveLength(1)
      expect(errors[0]).toMatch(/^::error title=invalid input 'namespace'::input 'namespace': /)
      expect(run.outputs).toEqual({})
      expect(run.summary).toContain("### OCIR push failed: invalid input 'namespace'")
      expect(run.summary).toContain('**Fix:** ')
    },
    RUN_TIMEOUT
  )
})

describeIntegration('the action run by @github/local-action, pushing to the test bed', () => {
  it(
    'pushes from Docker through the token registry; the summary has digest, size and platform; the post step logs out',
    async () => {
      const bed = testbed()
      const image = `ocir-push-local-action:${process.pid}`
      // About 300 kB of random bytes in two layers: the compressed size is about that too.
      await importImage(image, { layers: 2, sizeBytes: 300_000 })
      const repository = `local-action/app-${process.pid}`
      const runnerTemp = await mkdtemp(join(bed.dir, 'local-action-runner-'))
      const run = await runLocalAction(
        {
          ...TAG_PUSH_DRY_RUN,
          INPUT_REGISTRY: bed.bearerRegistry,
          INPUT_NAMESPACE: 'demo',
          INPUT_USERNAME: 'alice@example.com',
          'INPUT_AUTH-TOKEN': bed.token,
          INPUT_IMAGE: image,
          INPUT_REPOSITORY: repository,
          INPUT_PUSH: 'true',
          DOCKER_HOST: bed.dockerHost,
          RUNNER_TEMP: runnerTemp
        },
        { post: true }
      )
      expect({ exitCode: run.exitCode, errors: annotations(run.log, 'error') }).toEqual({
        exitCode: 0,
        errors: []
      })

      const digest = run.outputs.digest ?? ''
      expect(digest).toMatch(/^sha256:[0-9a-f]{64}$/)
      const repositoryReference = `${bed.bearerRegistry}/demo/${repository}`
      expect(run.outputs['pinned-reference']).toBe(`${repositoryReference}@${digest}`)
      const platform = `linux/${process.arch === 'x64' ? 'amd64' : process.arch}`
      for (const tag of ['2.3.4', 'team-edge', 'latest']) {
        expect(run.summary).toContain(`| \`${repositoryReference}:${tag}\` |\n`)
      }
      expect(run.summary).toMatch(
        new RegExp(`\nDigest \`${digest}\`, size 3\\d\\d\\.\\d kB, platforms \`${platform}\`\\.\n`)
      )
      expect(run.summary).toContain(`image: ${repositoryReference}@${digest}`)
      for (const group of [`Log in to ${bed.bearerRegistry}`, `Push to ${repositoryReference}`]) {
        expect(run.log).toContain(`::group::${group}\n`)
      }
      expect(run.log).toContain(`Removed the credentials for ${bed.bearerRegistry}`)
      expect(run.log + run.summary).not.toContain(bed.token)
    },
    RUN_TIMEOUT
  )
})
