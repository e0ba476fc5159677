// A fake runner for the action's steps: inputs, state, outputs, log, summary and Docker in
// memory, so main and post run in-process.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { ActionEnvironment } from '../../../src/action/environment.js'
import type { DockerCommands } from '../../../src/docker/cli.js'

const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures')

/** A GitHub event: its environment variables and payload, from the fixtures. */
export function githubEvent(name: string): {
  env: Record<string, string>
  payload: unknown
} {
  return JSON.parse(readFileSync(join(FIXTURES, 'github', `${name}.json`), 'utf8')) as {
    env: Record<string, string>
    payload: unknown
  }
}

export interface Failure {
  message: string
  title: string
  exitCode: number
}

export interface FakeRunner {
  environment: ActionEnvironment
  outputs: Record<string, string>
  state: Record<string, string>
  exported: Record<string, string>
  secrets: string[]
  log: string[]
  notices: string[]
  /** One per error annotation, with the exit status the step failed with. */
  failures: Failure[]
  /** The exit status each time the step was failed (once at most). */
  exits: number[]
  summary: string[]
  /** The configuration directories the steps ran docker with. */
  dockerConfigs: string[]
}

export interface FakeRunnerOptions {
  inputs?: Record<string, string>
  env?: Record<string, string | undefined>
  /** What the main step saved (the post step reads it). */
  state?: Record<string, string>
  event?: string
  /** Docker commands; every one not given fails the test when it is called. */
  docker?: Partial<DockerCommands>
}

export function fakeRunner(options: FakeRunnerOptions = {}): FakeRunner {
  const event = githubEvent(options.event ?? 'push-tag')
  const inputs = options.inputs ?? {}
  const runner: Omit<FakeRunner, 'environment'> = {
    outputs: {},
    state: { ...options.state },
    exported: {},
    secrets: [],
    log: [],
    notices: [],
    failures: [],
    exits: [],
    summary: [],
    dockerConfigs: []
  }
  const unexpected = (command: string) => () =>
    Promise.reject(new Error(`docker ${command} was not expected`))
  const docker: DockerCommands = {
    login: unexpected('login'),
    logout: unexpected('logout'),
    tag: unexpected('tag'),
    push: unexpected('push'),
    save: unexpected('save'),
    findImage: unexpected('image inspect'),
    ...options.docker
  }
  const environment: ActionEnvironment = {
    env: { ...event.env, GITHUB_STEP_SUMMARY: '/summary', ...options.env },
    // As @actions/core reads INPUT_*: trimmed unless asked not to.
    getInput: (name, read) => {
      const value = inputs[name] ?? ''
      return read?.trimWhitespace === false ? value : value.trim()
    },
    setSecret: value => void runner.secrets.push(value),
    setOutput: (name, value) => void (runner.outputs[name] = value),
    exportVariable: (name, value) => void (runner.exported[name] = value),
    saveState: (name, value) => void (runner.state[name] = value),
    getState: name => runner.state[name] ?? '',
    logger: {
      info: message => void runner.log.push(message),
      warning: message => void runner.log.push(`warning: ${message}`),
      debug: () => undefined,
      group: (name, fn) => {
        runner.log.push(`group: ${name}`)
        return fn()
      }
    },
    notice: message => void runner.notices.push(message),
    fail: (failures, exitCode) => {
      runner.exits.push(exitCode)
      for (const failure of failures) runner.failures.push({ ...failure, exitCode })
    },
    appendSummary: async markdown => void runner.summary.push(markdown),
    git: {
      readFile: async () => JSON.stringify(event.payload),
      git: async () => undefined,
      now: () => new Date('2026-01-02T03:04:05Z')
    },
    docker: configDir => {
      runner.dockerConfigs.push(configDir)
      return docker
    }
  }
  return { ...runner, environment }
}
