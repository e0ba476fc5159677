// How each contender pushes, as the steps (command, args, options) a user would run. Every
// contender authenticates itself inside its timed steps, and never with the token in argv.
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const ROOT = fileURLToPath(new URL('../..', import.meta.url))

/** The bundles under test in `dist`: the CLI and the action. */
export function bundles(dist) {
  return { cli: join(dist, 'cli.js'), action: join(dist, 'index.js') }
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
 * `--quiet`); the token comes from the environment.
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
    '--registry',
    registry,
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
