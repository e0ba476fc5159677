import { withoutAuthToken } from '../common/constants.js'
import type { Logger } from '../common/logger.js'

/** Why a docker command failed: the binary is missing, the engine is unreachable, or the command itself. */
export type DockerFailureReason =
  | 'not-installed'
  | 'daemon-unreachable'
  | 'failed'
  /** `docker push` succeeded without naming the digest it stored (an unsupported version). */
  | 'no-digest'

/**
 * A docker command that did not succeed, typed by cause, with Docker's own words (secrets
 * removed). What it means for the user, and the fix, is `diagnoseDockerFailure`'s to say.
 */
export class DockerCommandError extends Error {
  readonly reason: DockerFailureReason
  /** The docker subcommand, e.g. `push`. */
  readonly command: string
  readonly exitCode?: number
  readonly stderr: string
  /** Why docker could not be started at all (`ENOENT`: not installed). */
  readonly spawnErrorCode?: string
  /** The engine the command tried to reach (`DOCKER_HOST`); undefined for the default socket. */
  readonly dockerHost?: string

  constructor(
    message: string,
    details: {
      reason: DockerFailureReason
      command: string
      exitCode?: number
      stderr: string
      spawnErrorCode?: string
      dockerHost?: string
      cause?: unknown
    }
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause })
    this.name = 'DockerCommandError'
    this.reason = details.reason
    this.command = details.command
    this.exitCode = details.exitCode
    this.stderr = details.stderr
    this.spawnErrorCode = details.spawnErrorCode
    this.dockerHost = details.dockerHost
  }
}

export interface DockerCliOptions {
  /** Client configuration directory: every command runs with `DOCKER_CONFIG` set to it. */
  configDir: string
  /** Environment of the docker process (`PATH`, `DOCKER_HOST`, …); `DOCKER_CONFIG` is replaced. */
  env: Record<string, string | undefined>
  /** The docker executable; `docker` from `PATH` by default. */
  binary?: string
  logger?: Logger
}

/** What `docker image inspect` says about a local image (the fields this project reads). */
export interface DockerImage {
  id: string
  repoTags: string[]
  repoDigests: string[]
  /** `linux/amd64`, `linux/arm64/v8`, … */
  platform: string
}

interface RunOptions {
  stdin?: string
  /** Removed from everything Docker prints before it is kept or logged. */
  secret?: string
  /** Receives each stdout line as it arrives (progress). */
  onLine?: (line: string) => void
  /** Stops the command (SIGTERM) when aborted; the run then rejects with the abort reason. */
  signal?: AbortSignal
}

const DAEMON_UNREACHABLE =
  /Cannot connect to the Docker daemon|Is the docker daemon running|error during connect|dial unix [^ ]+: connect:/i
const NO_SUCH_IMAGE = /No such (image|object)/i
const PUSHED_DIGEST = /digest: (sha256:[0-9a-f]{64})/

/** The docker commands the engine runs (the seam tests replace). */
export type DockerCommands = Pick<
  DockerCli,
  'login' | 'logout' | 'tag' | 'push' | 'save' | 'findImage'
>

/**
 * The Docker CLI as a seam: login through stdin, tag, push, inspect, logout. Every command
 * takes a signal that stops it (the docker process gets SIGTERM).
 */
export class DockerCli {
  private readonly binary: string
  private readonly env: Record<string, string | undefined>
  private readonly logger?: Logger

  constructor(options: DockerCliOptions) {
    this.binary = options.binary ?? 'docker'
    // The token reaches docker on stdin only, never in its environment.
    this.env = { ...withoutAuthToken(options.env), DOCKER_CONFIG: options.configDir }
    this.logger = options.logger
  }

  // Every positional argument follows `--`: an image or host that starts with `-` (`--help`)
  // is an operand, never an option (docker's commands are cobra's, which all honour `--`).

  /** `docker login` with the token on stdin only: it never appears in argv or a message. */
  async login(host: string, username: string, token: string, signal?: AbortSignal): Promise<void> {
    await this.run(['login', '--username', username, '--password-stdin', '--', host], {
      stdin: token,
      secret: token,
      signal
    })
  }

  async logout(host: string, signal?: AbortSignal): Promise<void> {
    await this.run(['logout', '--', host], { signal })
  }

  async tag(source: string, target: string, signal?: AbortSignal): Promise<void> {
    await this.run(['tag', '--', source, target], { signal })
  }

  /**
   * Pushes one reference and returns the digest the registry stored it under. `signal` stops
   * it: Docker retries a refused upload for about a minute before it gives up. Docker's
   * progress goes to `onLine`, else to the log: off a terminal Docker prints one line per
   * layer state (Preparing, Waiting, Pushed, Layer already exists), never its progress bars.
   */
  async push(
    reference: string,
    signal?: AbortSignal,
    onLine: (line: string) => void = line => this.logger?.info(line)
  ): Promise<string> {
    const { stdout } = await this.run(['push', '--', reference], { onLine, signal })
    const digest = PUSHED_DIGEST.exec(stdout)?.[1]
    if (!digest) {
      throw new DockerCommandError(`docker push ${reference} reported no digest`, {
        reason: 'no-digest',
        command: 'push',
        stderr: stdout
      })
    }
    return digest
  }

  /** `docker save` of one image into `file` (a tarball the docker-archive source reads). */
  async save(reference: string, file: string, signal?: AbortSignal): Promise<void> {
    await this.run(['save', '--output', file, '--', reference], { signal })
  }

  async inspect(reference: string, signal?: AbortSignal): Promise<DockerImage> {
    const { stdout } = await this.run(
      ['image', 'inspect', '--format', '{{json .}}', '--', reference],
      {
        signal
      }
    )
    const image = JSON.parse(stdout) as {
      Id: string
      RepoTags: string[] | null
      RepoDigests: string[] | null
      Os: string
      Architecture: string
      Variant?: string
    }
    return {
      id: image.Id,
      repoTags: image.RepoTags ?? [],
      repoDigests: image.RepoDigests ?? [],
      platform: [image.Os, image.Architecture, image.Variant].filter(Boolean).join('/')
    }
  }

  /** The local image `reference` names, or undefined when the engine has none (one inspect). */
  async findImage(reference: string, signal?: AbortSignal): Promise<DockerImage | undefined> {
    try {
      return await this.inspect(reference, signal)
    } catch (error) {
      if (
        error instanceof DockerCommandError &&
        error.reason === 'failed' &&
        NO_SUCH_IMAGE.test(error.stderr)
      ) {
        return undefined
      }
      throw error
    }
  }

  async imageExists(reference: string, signal?: AbortSignal): Promise<boolean> {
    return (await this.findImage(reference, signal)) !== undefined
  }

  private async run(args: string[], options: RunOptions = {}): Promise<{ stdout: string }> {
    const command = args[0]
    // Loaded on first use: a run that starts no docker command (a daemonless push, a post step
    // without a credential helper) never loads it.
    const { spawn } = await import('node:child_process')
    const redact = (text: string): string =>
      options.secret ? text.replaceAll(options.secret, '***') : text
    this.logger?.debug(`${this.binary} ${args.join(' ')}`)

    return new Promise((resolve, reject) => {
      const child = spawn(this.binary, args, {
        env: this.env,
        stdio: ['pipe', 'pipe', 'pipe'],
        ...(options.signal ? { signal: options.signal } : {})
      })
      let stdout = ''
      let stderr = ''
      let pending = ''
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        stdout += chunk
        if (!options.onLine) return
        const lines = (pending + chunk).split('\n')
        pending = lines.pop() ?? ''
        for (const line of lines) if (line.trim()) options.onLine(redact(line))
      })
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
      // A closed stdin (docker exiting early) must not crash the process.
      child.stdin.on('error', () => undefined)
      child.stdin.end(options.stdin ?? '')

      child.on('error', error => {
        if (options.signal?.aborted) {
          reject(options.signal.reason)
          return
        }
        const spawnErrorCode = (error as NodeJS.ErrnoException).code
        const notFound = spawnErrorCode === 'ENOENT'
        reject(
          new DockerCommandError(
            notFound
              ? `'${this.binary}' was not found on PATH (not installed)`
              : `docker ${command} could not be started: ${error.message}`,
            {
              reason: notFound ? 'not-installed' : 'failed',
              command,
              stderr: '',
              spawnErrorCode,
              cause: error
            }
          )
        )
      })
      child.on('close', exitCode => {
        // Stopped by the signal (or by its own Ctrl-C at the same time): cancelled, not failed.
        if (options.signal?.aborted) {
          reject(options.signal.reason)
          return
        }
        if (options.onLine && pending.trim()) options.onLine(redact(pending))
        const output = redact(stderr)
        if (exitCode === 0) {
          if (output.trim()) this.logger?.debug(output.trim())
          resolve({ stdout: redact(stdout) })
          return
        }
        reject(failure(command, exitCode ?? undefined, output, this.env.DOCKER_HOST))
      })
    })
  }
}

/** The failure typed by cause; the words for the user come from its diagnosis. */
function failure(
  command: string,
  exitCode: number | undefined,
  stderr: string,
  dockerHost: string | undefined
): DockerCommandError {
  const unreachable = DAEMON_UNREACHABLE.test(stderr)
  const where = dockerHost ?? 'the default socket'
  return new DockerCommandError(
    unreachable
      ? `docker ${command}: the engine at ${where} is not reachable`
      : `docker ${command} exited with code ${exitCode}`,
    {
      reason: unreachable ? 'daemon-unreachable' : 'failed',
      command,
      ...(exitCode === undefined ? {} : { exitCode }),
      stderr,
      ...(dockerHost ? { dockerHost } : {})
    }
  )
}
