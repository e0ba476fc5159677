import { Inputs, envNameFor } from '../common/constants.js'
import { COMMANDS, flagsFor } from './flags.js'
import type { Command, FlagSpec } from './flags.js'

const TOKEN_VARIABLE = envNameFor(Inputs.AuthToken)

const SUMMARY: Record<Command, string> = {
  push: 'Log in, push the image under every tag, print the pull reference (default)',
  login: 'Store a login for the registry in a Docker config, to stay logged in',
  logout: "Remove this registry's login from a Docker config, and nothing else",
  plan: 'Show what would be pushed from this checkout: no network, no token'
}

const DETAILS: Record<Command, string> = {
  push:
    'Logs in with a temporary Docker config (removed on exit, also on failure and Ctrl-C),\n' +
    'pushes the image under every tag computed from the git checkout, and prints the\n' +
    'references: the pull command and the digest-pinned reference.',
  login:
    'Logs in to the registry and keeps the credential in the Docker config directory\n' +
    '(--docker-config, else $DOCKER_CONFIG, else ~/.docker), so that docker push and\n' +
    'docker pull work afterwards.',
  logout:
    "Removes the registry's entry from the Docker config directory (--docker-config, else\n" +
    '$DOCKER_CONFIG, else ~/.docker); the logins for other registries stay.',
  plan:
    'Computes the registry host, the username form, the repository and the tags for this\n' +
    'checkout and the CI it runs in, exactly as push would, without an account. Without\n' +
    '--image it computes what a push of --repository gets: the tags, the version, the OCI\n' +
    'labels and annotations (in --json), for a docker build that comes first.'
}

const EXAMPLES: Record<Command, string[]> = {
  push: [
    `export ${TOKEN_VARIABLE}=…   # a masked CI secret`,
    'ocir-push push --region fra --namespace axaxnpcrorw5 --username jdoe@acme.com --image app:latest',
    `printf '%s' "$TOKEN" | ocir-push push --auth-token-stdin --region fra --namespace axaxnpcrorw5 \\`,
    "    --username jdoe@acme.com --image app:latest --repository project/app --tag 'type=semver,pattern={{version}}'",
    'ocir-push push --dry-run --json --region fra --namespace axaxnpcrorw5 --image oci:./build/image',
    '# a multi-platform image from one job per platform: push each by digest, then join them',
    'ocir-push push --push-by-digest --json … --image app:arm64 --repository project/app',
    'ocir-push push … --repository project/app --merge-digest sha256:… --merge-digest sha256:…'
  ],
  login: [
    `printf '%s' "$TOKEN" | ocir-push login --auth-token-stdin --region fra --namespace axaxnpcrorw5 --username jdoe@acme.com`
  ],
  logout: [
    'ocir-push logout --region fra',
    'ocir-push logout --region fra --docker-config ./.docker'
  ],
  plan: [
    'ocir-push plan --region fra --namespace demo --image app',
    'ocir-push plan --json --region eu-frankfurt-1 --namespace demo --image app --tag type=ref,event=branch',
    '# tags and labels for the build, before there is an image',
    "ocir-push plan --json --region fra --namespace demo --repository project/app --label 'org.opencontainers.image.vendor=Acme'"
  ]
}

/** The overview, or one command's flags, environment variables and examples. */
export function helpText(version: string, command?: Command): string {
  if (!command) return overview(version)
  const flags = flagsFor(command)
  const lefts = flags.map(flagLeft)
  const width = Math.max(...lefts.map(left => left.length)) + 2
  const rows = flags.map(
    (flag, i) => `  ${lefts[i].padEnd(width)}${flag.description}${flag.env ? ` [${flag.env}]` : ''}`
  )
  const token = flags.some(flag => flag.name === 'auth-token-stdin')
    ? [
        '',
        `Auth token: from ${TOKEN_VARIABLE}, or from standard input with --auth-token-stdin;`,
        'never from a flag, where process listings and shell history would show it.'
      ]
    : []
  return [
    `Usage: ocir-push ${command} [flags]`,
    '',
    DETAILS[command],
    '',
    'Flags (each also from the environment variable in brackets; the flag wins):',
    ...rows,
    ...token,
    '',
    'Examples:',
    ...EXAMPLES[command].map(example => `  ${example}`),
    ''
  ].join('\n')
}

function overview(version: string): string {
  const width = Math.max(...COMMANDS.map(command => command.length)) + 3
  return [
    `ocir-push ${version}: push a container image to Oracle Cloud Infrastructure Registry (OCIR)`,
    '',
    'Usage: ocir-push [command] [flags]',
    '',
    'Commands:',
    ...COMMANDS.map(command => `  ${command.padEnd(width)}${SUMMARY[command]}`),
    '',
    "'ocir-push <command> --help' shows a command's flags and environment variables.",
    '',
    'Exit status: 0 success, 1 failure, 2 wrong command line.',
    '',
    'Examples:',
    ...EXAMPLES.plan.slice(0, 1).map(example => `  ${example}`),
    ...EXAMPLES.push.slice(0, 2).map(example => `  ${example}`),
    ''
  ].join('\n')
}

function flagLeft(flag: FlagSpec): string {
  const names = flag.short ? `-${flag.short}, --${flag.name}` : `    --${flag.name}`
  return flag.value ? `${names} ${flag.value}` : names
}
