// How each contender pushes, as the steps (command, args, options) a user would run. Every
// contender authenticates itself inside its timed steps, and never with the token in argv.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const ROOT = fileURLToPath(new URL('../..', import.meta.url))

/**
 * The bundles under test in `dist`: the CLI and the action's main and post steps (builds
 * from before the post step had a bundle of its own ran index.js as both).
 */
export function bundles(dist) {
  const post = join(dist, 'post.js')
  return {
    cli: join(dist, 'cli.js'),
    action: join(dist, 'index.js'),
    post: existsSync(post) ? post : join(dist, 'index.js')
  }
}

/** The bed's account split as OCIR users write it: namespace and user. */
export function account(bedEnv) {
  const qualified = bedEnv.OCIR_TESTBED_USERNAME
  const slash = qualified.indexOf('/')
  return {
    username: qualified,
    namespace: qualified.slice(0, slash),
    user: qualified.slice(slash + 1),
    token: bedEnv.OCIR_TESTBED_TOKEN
  }
}

/**
 * A minimal environment: no CI variables (the CLI would read the build from them) and a
 * home directory of its own, so nothing of the host's ~/.docker takes part.
 */
export function baseEnv(home, extra = {}) {
  mkdirSync(home, { recursive: true })
  return { PATH: process.env.PATH, HOME: home, TMPDIR: home, ...extra }
}

/**
 * `ocir-push push` through dist/cli.js with raw tag rules (and `extraArgs`, such as
 * `--quiet`) to `registry` (a host, or several: one push to each); the token comes from the
 * environment.
 */
export function ocirPush({
  cli,
  registry,
  image,
  repository,
  tags,
  acct,
  env,
  cwd,
  extraArgs = []
}) {
  const args = [
    cli,
    'push',
    ...[registry].flat().flatMap(host => ['--registry', host]),
    '--namespace',
    acct.namespace,
    '--username',
    acct.user,
    '--image',
    image,
    '--repository',
    repository,
    ...tags.flatMap(tag => ['--tag', `type=raw,value=${tag}`]),
    '--flavor',
    'latest=false',
    '--json',
    ...extraArgs
  ]
  return [[process.execPath, args, { env: { ...env, OCIR_AUTH_TOKEN: acct.token }, cwd }]]
}

/**
 * The action as a runner drives it: `node dist/index.js` as the main step, then the post
 * step's bundle, with the state the main step saved (`STATE_*`) and the variables it exported
 * (GITHUB_ENV) in its environment. The post step's environment is built once the main step
 * has ended, so that step is a function of the ones before it.
 */
export function ocirAction({
  action,
  post: postBundle,
  registry,
  image,
  repository,
  tags,
  acct,
  env,
  cwd
}) {
  const main = actionEnv({
    env,
    home: env.HOME,
    registry,
    acct,
    image,
    repository,
    tags: tags.map(tag => `type=raw,value=${tag}`).join('\n')
  })
  const post = () => [
    process.execPath,
    [postBundle],
    {
      env: {
        ...main,
        ...fileCommands(main.GITHUB_ENV),
        ...Object.fromEntries(
          Object.entries(fileCommands(main.GITHUB_STATE)).map(([name, value]) => [
            `STATE_${name}`,
            value
          ])
        )
      },
      cwd
    }
  ]
  return [[process.execPath, [action], { env: main, cwd }], post]
}

/**
 * A push to the default branch as the runner hands it over: its environment and its whole event
 * payload (which names the default branch and the pushed commit's date, so git is not asked).
 */
const PUSH_EVENT = JSON.parse(
  readFileSync(join(ROOT, '__tests__', 'fixtures', 'github', 'push-default-branch.json'), 'utf8')
)

/** What a runner gives a step: INPUT_* for `with:`, the GitHub context, the command files. */
export function actionEnv({ env, home, registry, acct, image, repository, tags }) {
  const files = {}
  for (const name of ['GITHUB_OUTPUT', 'GITHUB_STATE', 'GITHUB_ENV', 'GITHUB_STEP_SUMMARY']) {
    files[name] = join(home, name.toLowerCase())
    writeFileSync(files[name], '')
  }
  const event = join(home, 'event.json')
  writeFileSync(event, JSON.stringify(PUSH_EVENT.payload))
  return {
    ...env,
    ...files,
    ...PUSH_EVENT.env,
    GITHUB_EVENT_PATH: event,
    GITHUB_WORKSPACE: home,
    RUNNER_TEMP: home,
    INPUT_REGISTRY: registry,
    INPUT_NAMESPACE: acct.namespace,
    INPUT_USERNAME: acct.user,
    'INPUT_AUTH-TOKEN': acct.token,
    INPUT_IMAGE: image,
    INPUT_REPOSITORY: repository,
    INPUT_TAGS: tags,
    INPUT_FLAVOR: 'latest=false',
    INPUT_PUSH: 'true',
    INPUT_LOGOUT: 'true'
  }
}

/** The `name<<delimiter` … `delimiter` entries of a runner's command file, as a runner reads them. */
function fileCommands(file) {
  const lines = readFileSync(file, 'utf8').split('\n')
  const entries = {}
  for (let i = 0; i < lines.length; i++) {
    const heredoc = /^([^=<]+)<<(.+)$/.exec(lines[i])
    if (!heredoc) continue
    const end = lines.indexOf(heredoc[2], i + 1)
    entries[heredoc[1]] = lines.slice(i + 1, end).join('\n')
    i = end
  }
  return entries
}

/** `docker login` with the token on stdin, then `docker tag` + `docker push` of each tag. */
export function dockerPushEachTag({ registry, source, repository, tags, acct, env }) {
  const target = `${registry}/${acct.namespace}/${repository}`
  return [
    dockerLogin(registry, acct, env),
    ...tags.flatMap(tag => [
      ['docker', ['tag', source, `${target}:${tag}`], { env }],
      ['docker', ['push', '--quiet', `${target}:${tag}`], { env }]
    ])
  ]
}

/** `docker login`, `docker tag` of each tag, then one `docker push --all-tags`. */
export function dockerPushAllTags({ registry, source, repository, tags, acct, env }) {
  const target = `${registry}/${acct.namespace}/${repository}`
  return [
    dockerLogin(registry, acct, env),
    ...tags.map(tag => ['docker', ['tag', source, `${target}:${tag}`], { env }]),
    ['docker', ['push', '--quiet', '--all-tags', target], { env }]
  ]
}

function dockerLogin(registry, acct, env) {
  return [
    'docker',
    ['login', '--username', acct.username, '--password-stdin', registry],
    { env, input: acct.token }
  ]
}

/**
 * `skopeo copy oci:<dir>:<tag> docker://…` of one tag. Its credentials go in an auth file
 * (mode 0600) written before the timed step, as `docker login` would have left them.
 */
export function skopeoCopy({
  registry,
  ociDir,
  sourceTag,
  repository,
  tag,
  acct,
  env,
  extraArgs = []
}) {
  const authFile = join(env.HOME, 'auth.json')
  const auth = Buffer.from(`${acct.username}:${acct.token}`).toString('base64')
  writeFileSync(authFile, JSON.stringify({ auths: { [registry]: { auth } } }), { mode: 0o600 })
  const args = [
    'copy',
    '--quiet',
    '--dest-authfile',
    authFile,
    '--dest-tls-verify=false',
    ...extraArgs,
    `oci:${ociDir}:${sourceTag}`,
    `docker://${registry}/${acct.namespace}/${repository}:${tag}`
  ]
  return [['skopeo', args, { env }]]
}

/** `n` tags: `t1` … `tn`. */
export function tagNames(n) {
  return Array.from({ length: n }, (_, i) => `t${i + 1}`)
}
