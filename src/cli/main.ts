import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { Inputs, OIDC_TOKEN_VARIABLE, envNameFor } from '../common/constants.js'
import { DockerCli } from '../docker/cli.js'
import { InputChecks } from '../common/checks.js'
import { InputError, failuresOf, formatError } from '../common/errors.js'
import { inertLogText } from '../common/text.js'
import { defaultGitIo, resolveGitContext } from '../git/index.js'
import type { GitContext } from '../git/index.js'
import { resolveRegistries } from '../ocir/index.js'
import { cancelledExitCode } from '../engine/cancel.js'
import { toOutputs } from '../engine/outputs.js'
import { createPlan, planHosts, pushesImage } from '../engine/plan.js'
import { logout } from '../engine/logout.js'
import { checkAuthToken, run } from '../engine/run.js'
import type { RunDeps } from '../engine/run.js'
import { loadApiKeyCredentials, usesApiKey, type RunCredentials } from '../engine/api-key.js'
import { startOidcCredentials, usesOidc } from '../engine/oidc.js'
import { prepareRun, type PreparedRun } from '../engine/prepare.js'
import { apiKeySecrets, readApiKey } from './api-key.js'
import { oidcSecrets, readOidc } from './oidc.js'
import type { Logger, ProgressSink } from '../common/logger.js'
import type { Plan, RunOutputs, RunResult } from '../engine/types.js'
import { parseCommandLine } from './args.js'
import type { Environment, RunRequest } from './args.js'
import { Console } from './console.js'
import type { OutputStream } from './console.js'
import type { Command } from './flags.js'
import { inputLabel } from './flags.js'
import { helpText } from './help.js'
import { cliLogger, cliProgress } from './logger.js'
import { renderLogin, renderPlan, renderPushed, renderPushedBeforeFailure } from './render.js'
import { withTemporaryDockerConfig } from './temporary-docker-config.js'
import { readAuthToken } from './token.js'
import { usageProblemsOf } from './usage-error.js'
import { VERSION } from './version.js'

/** Everything the CLI reads from and writes to its process. */
export interface CliIo {
  argv: readonly string[]
  env: Environment
  /** Opened only when the token is read from it. */
  stdin: () => AsyncIterable<string | Uint8Array>
  stdout: OutputStream
  stderr: OutputStream
  /** The git checkout whose build is tagged. */
  cwd: string
  /** Where `login` and `logout` keep the credential by default (`<home>/.docker`). */
  homedir: string
  /** Where `push` creates its throw-away Docker config. */
  tmpdir: string
  /** Aborted when the process is interrupted (Ctrl-C, SIGTERM): the command stops and cleans up. */
  signal: AbortSignal
}

export const ExitCode = { Success: 0, Failure: 1, Usage: 2 } as const

/** The command was interrupted; `exitCode` is the status to end with (130, 143). */
class CancelledRun extends Error {
  readonly exitCode: number
  constructor(reason: unknown) {
    super(`${formatError(reason)}: stopped, nothing more is sent`)
    this.name = 'CancelledRun'
    this.exitCode = cancelledExitCode(reason)
  }
}

interface Context {
  request: RunRequest
  io: CliIo
  console: Console
  logger: Logger
  progress?: ProgressSink
}

const RUNNERS: Record<Command, (context: Context) => Promise<void>> = {
  plan: runPlan,
  push: runPush,
  login: runLogin,
  logout: runLogout
}

/** Runs one command line; resolves to the exit status. */
export async function main(io: CliIo): Promise<number> {
  const console = new Console(io.stdout, io.stderr, io.env)
  // Masked before anything is printed: a message about another setting must not show the
  // token even when it was pasted into the wrong place.
  console.addSecret(io.env[envNameFor(Inputs.AuthToken)]?.trim() ?? '')
  const failed = console.errStyle.red('error:')
  let invocation
  try {
    invocation = parseCommandLine(io.argv, io.env)
  } catch (error) {
    const problems = usageProblemsOf(error)
    if (!problems) throw error
    for (const problem of problems) console.err(`${failed} ${problem.message}\nFix: ${problem.fix}`)
    return ExitCode.Usage
  }
  if (invocation.kind === 'help') {
    console.out(helpText(VERSION, invocation.command))
    return ExitCode.Success
  }
  if (invocation.kind === 'version') {
    console.out(VERSION)
    return ExitCode.Success
  }
  const { request } = invocation
  const logger = cliLogger(console, request)
  const progress = cliProgress(console, request)
  try {
    await RUNNERS[request.command]({
      request,
      io,
      console,
      logger,
      ...(progress ? { progress } : {})
    })
    return ExitCode.Success
  } catch (error) {
    if (error instanceof CancelledRun) {
      console.err(`${failed} ${inertLogText(error.message)}`)
      return error.exitCode
    }
    // The registry's and Docker's words in it are shown, their control characters not. Each
    // input that is wrong is a message of its own.
    for (const failure of failuresOf(error)) {
      console.err(`${failed} ${inertLogText(formatError(failure, inputLabel))}`)
    }
    if (request.verbose && error instanceof Error && error.stack) {
      console.err(console.errStyle.dim(error.stack))
    }
    return ExitCode.Failure
  }
}

async function runPlan(context: Context): Promise<void> {
  const { settings } = context.request
  // A plan needs no account: without a username it shows the form the username takes.
  const git = await buildOf(context)
  const plan = createPlan({ ...settings, username: settings.username || '<user>' }, git)
  showNotices(context.logger, plan)
  printPlan(context, plan, git)
  if (!context.request.json) {
    context.console.out(
      context.console.outStyle.dim(
        usesApiKey(settings)
          ? "\nNothing was pushed. To push: run 'ocir-push push' with these flags and the API key (--private-key-file or OCI_CLI_KEY_CONTENT)."
          : usesOidc(settings)
            ? `\nNothing was pushed. To push: run 'ocir-push push' with these flags, ${envNameFor(Inputs.OidcClientSecret)} and the OIDC token (${OIDC_TOKEN_VARIABLE}, or GitHub's in a job with id-token: write).`
            : `\nNothing was pushed. To push: set ${envNameFor(Inputs.AuthToken)} and run 'ocir-push push' with these flags${settings.username ? '' : ' and --username'}.`
      )
    )
  }
}

async function runPush(context: Context): Promise<void> {
  const { request, io, console, logger } = context
  const { plan, git, credentials } = await checkedRun(context, () => buildOf(context))
  if (!credentials) {
    printPlan(context, plan, git)
    logger.info('Dry run: nothing was pushed.')
    return
  }
  const result = await withTemporaryDockerConfig(
    { parent: io.tmpdir, base: io.env.DOCKER_CONFIG || join(io.homedir, '.docker') },
    dir => runLoggedOut(plan, credentials, engineDeps(context, dir, dir), io.signal),
    (dir, error) =>
      logger.warning(
        `${formatError(error)}. It holds the registry credential: delete it (rm -rf '${dir}')`,
        `Could not remove the temporary Docker config ${dir}`
      )
  )
  const outputs = settled(context, result)
  if (request.json) console.out(JSON.stringify(outputs, null, 2))
  else console.out(renderPushed(outputs, console.outStyle).join('\n'))
}

/**
 * The outputs of a run that succeeded; otherwise throws its failure. When some tags exist and
 * another failed, --json prints the outputs of exactly those, and stderr lists them, first.
 */
function settled({ request, console }: Context, result: RunResult): RunOutputs {
  switch (result.status) {
    case 'succeeded':
      return result.outputs
    case 'cancelled':
      throw new CancelledRun(result.reason)
    case 'failed': {
      const partial = result.outputs
      if (partial) {
        if (request.json) console.out(JSON.stringify(partial, null, 2))
        console.err(renderPushedBeforeFailure(partial).join('\n'))
      }
      throw result.error
    }
  }
}

/**
 * Runs the push and logs out again: the login lives in the temporary config directory, but a
 * credential helper may hold it outside.
 */
async function runLoggedOut(
  plan: Plan,
  credentials: RunCredentials,
  deps: RunDeps,
  signal: AbortSignal
): Promise<RunResult> {
  try {
    return await run(plan, credentials, deps, signal)
  } finally {
    for (const registry of planHosts(plan)) {
      await logout(registry, deps).catch((error: unknown) =>
        deps.logger.warning(formatError(error, inputLabel), 'Logout failed')
      )
    }
  }
}

/** Logging in pushes nothing, so no tags are computed and the build is not read. */
const NO_BUILD: GitContext = {
  provider: 'none',
  event: 'other',
  eventName: '',
  ref: '',
  sha: '',
  date: ''
}

async function runLogin(context: Context): Promise<void> {
  // Nothing but the login, whatever OCIR_IMAGE and the like say.
  const request = {
    ...context.request,
    settings: { ...context.request.settings, image: '', mergeDigests: [], pushByDigest: false }
  }
  // A login always signs in: `push` is true for it.
  const { plan, credentials } = await checkedRun({ ...context, request }, async () => NO_BUILD)
  const dir = await storedConfigDir(context)
  settled(context, await run(plan, credentials!, engineDeps(context, dir), context.io.signal))
  const style = context.console.outStyle
  context.console.out(renderLogin(planHosts(plan), plan.username, dir, style).join('\n'))
}

async function runLogout(context: Context): Promise<void> {
  const registries = resolveRegistries(context.request.settings).map(target => target.host)
  const dir = await storedConfigDir(context)
  for (const registry of registries) {
    await logout(registry, engineDeps(context, dir), context.io.signal)
  }
  context.console.out(`Logged out of ${registries.join(', ')} (${join(dir, 'config.json')})`)
}

/** The plan and what signs in (none for a dry run), every input checked: see `prepareRun`. */
async function checkedRun(
  context: Context,
  build: () => Promise<GitContext>
): Promise<PreparedRun> {
  const { request, io, console, logger } = context
  const prepared = await prepareRun(
    request.settings,
    build,
    {
      apiKey: async () => {
        const settings = await readApiKey(request, io.env, io.homedir)
        for (const secret of apiKeySecrets(settings)) console.addSecret(secret)
        return loadApiKeyCredentials(settings)
      },
      oidc: () => {
        const oidc = readOidc(request, io.env)
        for (const secret of oidcSecrets(oidc)) console.addSecret(secret)
        return startOidcCredentials(oidc.settings, oidc.source, {
          logger,
          signal: io.signal,
          onSecret: value => console.addSecret(value)
        })
      },
      authToken: async () => {
        const raw = await readAuthToken(request.authTokenStdin, io.env, io.stdin())
        console.addSecret(raw)
        return checkAuthToken(raw, logger)
      }
    },
    new InputChecks(),
    {
      endpointEnv: io.env,
      logger,
      signal: io.signal,
      // The plan's mode says whether there is an image: with the plan wrong, that waits.
      checkPlan: plan =>
        request.command === 'push' && !pushesImage(plan)
          ? new InputError(Inputs.Image, 'no image to push', {
              fix: "Set --image to a local image ('app:1.0'), 'oci:<dir>' or 'docker-archive:<file>', or join pushed digests with --merge-digest; to log in only, run 'ocir-push login'"
            })
          : undefined
    }
  )
  showNotices(logger, prepared.plan)
  return prepared
}

/** The build the tags are computed for. */
async function buildOf({ request, io, logger }: Context): Promise<GitContext> {
  const git = await resolveGitContext(io.env, defaultGitIo(io.cwd), {
    provider: request.provider
  })
  logger.debug(`Build: ${JSON.stringify(git)}`)
  return git
}

function showNotices(logger: Logger, plan: Plan): void {
  for (const notice of plan.notices) logger.warning(notice.message, notice.title)
}

function printPlan({ request, console }: Context, plan: Plan, git: GitContext): void {
  const outputs = toOutputs(plan)
  console.out(
    request.json
      ? JSON.stringify(outputs, null, 2)
      : renderPlan(plan, outputs, git, console.outStyle).join('\n')
  )
}

/** `temporaryDirectory`: `push` uses its own config directory, removed when it ends. */
function engineDeps(
  { io, console, logger, progress }: Context,
  dir: string,
  temporaryDirectory = io.tmpdir
): RunDeps {
  return {
    docker: new DockerCli({ configDir: dir, env: io.env, logger }),
    dockerConfigDir: dir,
    temporaryDirectory,
    logger,
    ...(progress ? { progress } : {}),
    onSecret: value => console.addSecret(value),
    endpointEnv: io.env
  }
}

/** The Docker config `login` and `logout` keep: --docker-config, DOCKER_CONFIG, ~/.docker. */
async function storedConfigDir({ request, io }: Context): Promise<string> {
  const dir = request.dockerConfig ?? join(io.homedir, '.docker')
  await mkdir(dir, { recursive: true, mode: 0o700 })
  return dir
}
