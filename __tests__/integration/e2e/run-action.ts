// Runs the bundled action (the bundles action.yml names, built by `npm test` before Jest
// starts) the way the GitHub runner does: INPUT_* variables, file commands, then the post step
// with the state the main step saved and the variables it exported.
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

const ROOT = join(import.meta.dirname, '../../..')
/** The step's bundle as action.yml's `runs:` names it: what the runner starts. */
function bundle(step: 'main' | 'post'): string {
  const yaml = readFileSync(join(ROOT, 'action.yml'), 'utf8')
  const file = new RegExp(`^  ${step}: (\\S+)$`, 'm').exec(yaml)?.[1]
  if (!file) throw new Error(`action.yml names no ${step} entry`)
  return join(ROOT, file)
}

/** A real tag push event (`v2.3.4`): the runner's variables and the payload file they name. */
const TAG_PUSH = JSON.parse(
  readFileSync(join(import.meta.dirname, '../../fixtures/github/push-tag.json'), 'utf8')
) as { env: Record<string, string>; payload: unknown }

/** The tag push event's variables for a job (its payload written in the job's directory). */
export async function tagPushEnv(job: Job, dockerHost: string): Promise<Record<string, string>> {
  const eventPath = join(job.dir, 'event.json')
  await writeFile(eventPath, JSON.stringify(TAG_PUSH.payload))
  return { ...TAG_PUSH.env, GITHUB_EVENT_PATH: eventPath, DOCKER_HOST: dockerHost }
}

export interface StepResult {
  exitCode: number | null
  stdout: string
  stderr: string
}

/** One job: its temp dirs and file-command files, shared by the main and the post step. */
export interface Job {
  dir: string
  runnerTemp: string
  home: string
  files: { output: string; state: string; env: string; summary: string }
  /** stdout and stderr of every step run so far. */
  logs: string[]
}

export async function createJob(parent: string): Promise<Job> {
  const dir = await mkdtemp(join(parent, 'job-'))
  const files = {
    output: join(dir, 'github-output'),
    state: join(dir, 'github-state'),
    env: join(dir, 'github-env'),
    summary: join(dir, 'step-summary')
  }
  await Promise.all(Object.values(files).map(file => writeFile(file, '')))
  return {
    dir,
    runnerTemp: await mkdtemp(join(dir, 'runner-temp-')),
    home: await mkdtemp(join(dir, 'home-')),
    files,
    logs: []
  }
}

/**
 * Everything the job's steps left for anyone to see: logs, file commands and summary. The
 * `::add-mask::` commands, which hand secrets to the runner and never reach the log, are left out.
 */
export async function everythingShown(job: Job): Promise<string> {
  const files = await Promise.all(Object.values(job.files).map(file => readFile(file, 'utf8')))
  const logs = job.logs.map(log =>
    log
      .split('\n')
      .filter(line => !line.startsWith('::add-mask::'))
      .join('\n')
  )
  return [...logs, ...files].join('\n')
}

/**
 * Reads a file-command file: `name<<delimiter` … `delimiter` blocks and `name=value` lines.
 */
export async function readFileCommands(file: string): Promise<Record<string, string>> {
  const lines = (await readFile(file, 'utf8')).split('\n')
  const values: Record<string, string> = {}
  for (let i = 0; i < lines.length; i++) {
    const heredoc = /^([^=<]+)<<(.+)$/.exec(lines[i])
    if (heredoc) {
      const end = lines.indexOf(heredoc[2], i + 1)
      values[heredoc[1]] = lines.slice(i + 1, end).join('\n')
      i = end
    } else if (lines[i].includes('=')) {
      const equals = lines[i].indexOf('=')
      values[lines[i].slice(0, equals)] = lines[i].slice(equals + 1)
    }
  }
  return values
}

/** The runner's environment for a step of `job`: no DOCKER_CONFIG or ~/.docker of the host. */
function stepEnv(job: Job, env: Record<string, string>): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: job.home,
    GITHUB_ACTIONS: 'true',
    CI: 'true',
    RUNNER_TEMP: job.runnerTemp,
    GITHUB_OUTPUT: job.files.output,
    GITHUB_STATE: job.files.state,
    GITHUB_ENV: job.files.env,
    GITHUB_STEP_SUMMARY: job.files.summary,
    ...env
  }
}

function runBundle(job: Job, step: 'main' | 'post', env: NodeJS.ProcessEnv): Promise<StepResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bundle(step)], { cwd: job.dir, env, stdio: 'pipe' })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
    // A command that exits before reading its input (a usage error) closes the pipe: not a failure.
    child.stdin.on('error', () => undefined)
    child.stdin.end()
    child.on('error', reject)
    child.on('close', exitCode => {
      job.logs.push(stdout, stderr)
      resolve({ exitCode, stdout, stderr })
    })
  })
}

/** The runner's names for inputs: INPUT_<NAME>, upper case, dashes kept (`INPUT_AUTH-TOKEN`). */
function inputVariables(inputs: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(inputs).map(([name, value]) => [`INPUT_${name.toUpperCase()}`, value])
  )
}

/** The main step: `inputs` and `env`. */
export function runMain(
  job: Job,
  inputs: Record<string, string>,
  env: Record<string, string>
): Promise<StepResult> {
  return runBundle(job, 'main', stepEnv(job, { ...env, ...inputVariables(inputs) }))
}

/**
 * The post step: the same inputs and environment, plus what the main step exported
 * (GITHUB_ENV) and saved (GITHUB_STATE → STATE_<name>).
 */
export async function runPost(
  job: Job,
  inputs: Record<string, string>,
  env: Record<string, string>
): Promise<StepResult> {
  const exported = await readFileCommands(job.files.env)
  const state = Object.fromEntries(
    Object.entries(await readFileCommands(job.files.state)).map(([name, value]) => [
      `STATE_${name}`,
      value
    ])
  )
  return runBundle(
    job,
    'post',
    stepEnv(job, { ...env, ...exported, ...inputVariables(inputs), ...state })
  )
}

/** The `::error::` lines of a step, decoded as the runner shows them. */
export function errorAnnotations(result: StepResult): string[] {
  return result.stdout
    .split('\n')
    .filter(line => line.startsWith('::error'))
    .map(line =>
      line
        .replace(/^::error[^:]*::/, '')
        .replace(/%0A/g, '\n')
        .replace(/%0D/g, '\r')
        .replace(/%25/g, '%')
    )
}
