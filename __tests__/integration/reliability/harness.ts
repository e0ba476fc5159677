// Shared by the reliability suites: run the bundled action or CLI with a recording `docker`
// on PATH, collect everything they left anywhere, and make a registry (through the fault
// proxy) answer with OCIR's own error bodies.
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, symlinkSync } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import { join, relative } from 'node:path'
import { createDockerArgvRecorder } from '../../support/docker-argv-recorder.js'
import type { DockerArgvRecorder } from '../../support/docker-argv-recorder.js'
import type { FaultProxy } from '../../support/fault-proxy.js'
import { testbed } from '../../support/testbed.js'
import { runCli, workspace } from '../cli/run-cli.js'
import type { CliRun } from '../cli/run-cli.js'
import { createJob, readFileCommands, runMain, runPost } from '../e2e/run-action.js'
import type { Job, StepResult } from '../e2e/run-action.js'
import { registryGet } from '../docker/registry-http.js'

/** Something a run left where people or other processes can see it. */
export interface Trace {
  where: string
  text: string
}

/** Every form a token travels in: as is, URL-encoded, base64 alone and of `user:token`. */
export function secretForms(username: string, token: string): string[] {
  const trimmed = token.trim()
  return [...new Set([token, trimmed])].flatMap(value => [
    value,
    encodeURIComponent(value),
    Buffer.from(value).toString('base64'),
    Buffer.from(`${username}:${value}`).toString('base64'),
    Buffer.from(`${username}:${value}`).toString('base64url')
  ])
}

/** The traces that hold any of `forms`, as `where` (form n). */
export function leaksIn(traces: Trace[], forms: string[]): string[] {
  return traces.flatMap(trace =>
    forms.flatMap((form, n) => (trace.text.includes(form) ? [`${trace.where} (form ${n})`] : []))
  )
}

/** Every file under `dir` but `except` (absolute paths), as traces. */
export function fileTraces(dir: string, except: (path: string) => boolean = () => false): Trace[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map(name => join(dir, name))
    .filter(path => statSync(path, { throwIfNoEntry: false })?.isFile() && !except(path))
    .map(path => ({ where: `file ${relative(dir, path)}`, text: readFileSync(path, 'latin1') }))
}

/** Argv and environment of every docker and git child, one trace each. */
export function childTraces(recorder: DockerArgvRecorder): Trace[] {
  return recorder.calls().flatMap((call, i) => [
    { where: `${call.tool} argv #${i} (${call.argv[0]})`, text: call.argv.join('\0') },
    { where: `${call.tool} env #${i} (${call.argv[0]})`, text: Object.values(call.env).join('\0') }
  ])
}

/** The tools whose every run is recorded. */
const RECORDED = ['docker', 'git']

/** The `::add-mask::` commands hand secrets to the runner, which never shows them. */
function withoutMaskCommands(log: string): string {
  return log
    .split('\n')
    .filter(line => !line.startsWith('::add-mask::'))
    .join('\n')
}

export const TAG_PUSH = JSON.parse(
  readFileSync(join(import.meta.dirname, '../../fixtures/github/push-tag.json'), 'utf8')
) as { env: Record<string, string>; payload: unknown }

/** Tags the action computes for TAG_PUSH (v2.3.4), most specific first. */
export const TAG_PUSH_TAGS = ['2.3.4', '2.3', '2', 'latest']

export interface ActionRun {
  job: Job
  main: StepResult
  post?: StepResult
  outputs: Record<string, string>
  /** DOCKER_CONFIG the main step exported ('' when it logged in nowhere). */
  dockerConfig: string
  /** Mode of `config.json` right after the main step, when there was one. */
  configMode?: number
  recorder: DockerArgvRecorder
  traces(): Trace[]
}

export interface ActionOptions {
  inputs: Record<string, string>
  env?: Record<string, string>
  /** PATH instead of the recording docker and the test's PATH (e.g. one without docker). */
  path?: string
  /** Run the post step too (default true). */
  post?: boolean
  /** A Docker config an earlier step set (its config.json is the user's, not scanned). */
  presetDockerConfig?: string
}

/** One job: main step, then the post step, as the runner runs them, on the TAG_PUSH event. */
export async function runAction(options: ActionOptions): Promise<ActionRun> {
  const bed = testbed()
  const job = await createJob(bed.dir)
  const recorder = createDockerArgvRecorder(join(job.dir, 'recorder'), RECORDED)
  const eventPath = join(job.dir, 'event.json')
  await writeFile(eventPath, JSON.stringify(TAG_PUSH.payload))
  const env = {
    ...TAG_PUSH.env,
    GITHUB_EVENT_PATH: eventPath,
    DOCKER_HOST: bed.dockerHost,
    PATH: options.path ?? `${recorder.binDir}:${process.env.PATH ?? ''}`,
    ...(options.presetDockerConfig ? { DOCKER_CONFIG: options.presetDockerConfig } : {}),
    ...options.env
  }
  const main = await runMain(job, options.inputs, env)
  const outputs = await readFileCommands(job.files.output)
  const dockerConfig = (await readFileCommands(job.files.env)).DOCKER_CONFIG ?? ''
  const configFile = dockerConfig && join(dockerConfig, 'config.json')
  const configMode = configFile ? statSync(configFile, { throwIfNoEntry: false })?.mode : undefined
  const post = options.post === false ? undefined : await runPost(job, options.inputs, env)
  const intended = (path: string): boolean =>
    path === configFile ||
    (options.presetDockerConfig !== undefined &&
      path === join(options.presetDockerConfig, 'config.json'))
  return {
    job,
    main,
    post,
    outputs,
    dockerConfig,
    ...(configMode === undefined ? {} : { configMode: configMode & 0o777 }),
    recorder,
    traces: () => [
      ...job.logs.map((log, i) => ({ where: `step log #${i}`, text: withoutMaskCommands(log) })),
      ...fileTraces(job.dir, intended).filter(trace => !trace.where.includes('recorder')),
      ...childTraces(recorder)
    ]
  }
}

export interface CliScenarioRun extends CliRun {
  dir: string
  home: string
  recorder: DockerArgvRecorder
  traces(): Trace[]
}

export interface CliScenarioOptions {
  args: string[]
  env?: Record<string, string>
  input?: string
  /** PATH instead of the recording docker and the test's PATH (e.g. one without docker). */
  path?: string
  /** Files that hold the login on purpose (`login`'s config.json). */
  intended?: (path: string, home: string) => boolean
  /** A git checkout to run in (a branch `main`); default the workspace's home, no git. */
  cwd?: string
}

/** One run of the bundled CLI in a fresh workspace with a recording docker on PATH. */
export async function runCliScenario(
  name: string,
  options: CliScenarioOptions
): Promise<CliScenarioRun> {
  const { dir, home, tmp } = workspace(name)
  const recorder = createDockerArgvRecorder(join(dir, 'recorder'), RECORDED)
  const run = await runCli(options.args, {
    home,
    tmp,
    input: options.input,
    cwd: options.cwd ?? home,
    env: {
      PATH: options.path ?? `${recorder.binDir}:${process.env.PATH ?? ''}`,
      ...options.env
    }
  })
  const intended = (path: string): boolean => options.intended?.(path, home) ?? false
  return {
    ...run,
    dir,
    home,
    recorder,
    traces: () => [
      { where: 'stdout', text: run.stdout },
      { where: 'stderr', text: run.stderr },
      ...fileTraces(dir, intended).filter(trace => !trace.where.includes('recorder')),
      ...childTraces(recorder)
    ]
  }
}

/** A PATH directory under `parent` with node and git but no docker. */
export function pathWithoutDocker(parent: string): string {
  const dir = join(parent, 'bin-without-docker')
  mkdirSync(dir, { recursive: true })
  for (const tool of ['node', 'git']) {
    const found = execFileSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).trim()
    if (!existsSync(join(dir, tool))) symlinkSync(found, join(dir, tool))
  }
  return dir
}

/** OCIR's error document. */
export function ocirError(code: string, message: string): string {
  return JSON.stringify({ errors: [{ code, message }] })
}

/**
 * Makes the proxy answer like OCIR for a tenancy that does not exist: `/v2/` challenges to
 * the proxy's own token endpoint, which refuses with OCIR's words.
 */
export function answerTenantNotFound(proxy: FaultProxy, namespace: string): void {
  proxy.inject({
    match: { method: 'GET', path: /^\/20180419\/docker\/token/ },
    times: 1000,
    respond: {
      status: 401,
      headers: { 'Content-Type': 'application/json' },
      body: ocirError('UNKNOWN', `Tenant with namespace ${namespace} not found`)
    }
  })
  proxy.inject({
    match: { method: 'GET', path: /^\/v2\/$/ },
    times: 1000,
    respond: {
      status: 401,
      headers: {
        'WWW-Authenticate': `Bearer realm="http://${proxy.address}/20180419/docker/token",service="${proxy.address}"`,
        'Content-Type': 'application/json'
      },
      body: ocirError('UNAUTHORIZED', 'authentication required')
    }
  })
}

/** OCIR's `denied` on the first blob upload, in `message`'s words. */
export const ANONYMOUS = 'Anonymous users are only allowed read access on public repos'
export const DENIED = 'requested access to the resource is denied'

export function refuseUploads(proxy: FaultProxy, message: string): void {
  proxy.inject({
    match: { method: 'POST', path: /\/blobs\/uploads\// },
    times: 1000,
    respond: {
      status: 403,
      headers: { 'Content-Type': 'application/json' },
      body: ocirError('DENIED', message)
    }
  })
}

/** Every repository the Basic registry holds (its catalog needs no token scope dance). */
export async function basicCatalog(): Promise<string[]> {
  const bed = testbed()
  const response = await registryGet(
    { registry: bed.basicRegistry, username: bed.username, token: bed.token },
    '_catalog?n=1000'
  )
  if (!response.ok) throw new Error(`GET catalog: ${response.status}`)
  return ((await response.json()) as { repositories: string[] | null }).repositories ?? []
}
