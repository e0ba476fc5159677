// action.yml is the contract with every workflow: its names must be the engine's names, and the
// README's tables are generated from it (scripts/gen-docs.mjs).
import { spawnSync } from 'node:child_process'
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parse } from 'yaml'
import { Inputs, Outputs } from '../../src/common/constants.js'
import { toOutputs } from '../../src/engine/outputs.js'
import type { Plan } from '../../src/engine/types.js'
import { oneTarget } from '../support/plan-settings.js'

const ROOT = join(import.meta.dirname, '../..')
const GENERATOR = join(ROOT, 'scripts/gen-docs.mjs')

interface ActionMetadata {
  name: string
  description: string
  inputs: Record<string, { description?: string; required?: boolean; default?: string }>
  outputs: Record<string, { description?: string }>
  runs: Record<string, string>
}

const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as ActionMetadata

describe('action.yml', () => {
  it('declares exactly the inputs the action reads, in the order of src/constants.ts', () => {
    expect(Object.keys(action.inputs)).toEqual(Object.values(Inputs))
  })

  it('declares exactly the outputs the action sets, in the order of src/constants.ts', () => {
    expect(Object.keys(action.outputs)).toEqual(Object.values(Outputs))
  })

  it('sets every output the engine produces, and json', () => {
    const plan: Plan = oneTarget({
      mode: 'push',
      source: { kind: 'docker', reference: 'app' },
      registry: 'fra.ocir.io',
      namespace: 'ns',
      username: 'ns/u',
      repository: 'app',
      repositoryPath: 'ns/app',
      repositoryReference: 'fra.ocir.io/ns/app',
      tags: ['1'],
      references: ['fra.ocir.io/ns/app:1'],
      version: '1',
      labels: ['org.opencontainers.image.version=1'],
      annotations: ['manifest:org.opencontainers.image.version=1'],
      push: true,
      notices: []
    })
    // A push that ensured its repository (auth api-key, compartment) sets repository-ocid too.
    const result = { digest: 'sha256:0', pushed: [], platforms: [], repositoryOcid: 'ocid1.x' }
    // Each target's entry is in json only.
    const { targets, ...single } = toOutputs(plan, [{ result }])
    expect(targets).toHaveLength(1)
    const produced = [...Object.keys(single), Outputs.Json]
    expect(produced.sort()).toEqual(Object.keys(action.outputs).sort())
  })

  it.each(Object.keys(action.inputs))('input %s has a description and a string default', name => {
    const input = action.inputs[name]!
    expect(input.description?.trim()).toBeTruthy()
    // Quoted, as the runner hands it over; a YAML `true` shows as `True` in some clients.
    if (input.default !== undefined) expect(typeof input.default).toBe('string')
    if (input.required) expect(input.default).toBeUndefined()
  })

  it.each(Object.keys(action.outputs))('output %s has a description', name => {
    expect(action.outputs[name]!.description?.trim()).toBeTruthy()
  })

  it('runs on node24, the post step from its own small bundle, always', () => {
    expect(action.runs).toEqual({
      using: 'node24',
      main: 'dist/index.js',
      post: 'dist/post.js',
      'post-if': 'always()'
    })
  })

  it('has a name, a description and branding for the Marketplace', () => {
    expect(action.name).toBeTruthy()
    expect(action.description.trim()).toBeTruthy()
    expect(action).toHaveProperty('branding.icon')
    expect(action).toHaveProperty('branding.color')
  })
})

describe('the inputs and outputs tables generated from action.yml', () => {
  const MARKERS = [
    '# Readme',
    '',
    '<!-- inputs:start (generated from action.yml by npm run docs) -->',
    '<!-- inputs:end -->',
    '',
    '<!-- outputs:start (generated from action.yml by npm run docs) -->',
    '<!-- outputs:end -->',
    ''
  ].join('\n')

  /** A directory holding a copy of action.yml, a README and docs/action.md with empty table blocks. */
  function workspace(): string {
    const dir = mkdtempSync(join(tmpdir(), 'ocir-push-docs-'))
    copyFileSync(join(ROOT, 'action.yml'), join(dir, 'action.yml'))
    writeFileSync(join(dir, 'README.md'), MARKERS)
    mkdirSync(join(dir, 'docs'))
    writeFileSync(join(dir, 'docs', 'action.md'), MARKERS)
    return dir
  }

  /** Table rows of `file` as Prettier pads them: cells compared without the padding. */
  function rowsOf(dir: string, file: string): string[] {
    return readFileSync(join(dir, file), 'utf8')
      .split('\n')
      .filter(line => line.startsWith('|'))
      .map(line => line.replace(/ {2,}/g, ' '))
  }

  function generate(dir: string, ...args: string[]): { status: number | null; output: string } {
    const result = spawnSync(process.execPath, [GENERATOR, ...args], { cwd: dir, encoding: 'utf8' })
    return { status: result.status, output: result.stdout + result.stderr }
  }

  it('renders one row per input and output, and --check then passes', () => {
    const dir = workspace()
    expect(generate(dir, '--check').status).toBe(1)
    expect(generate(dir).status).toBe(0)
    const rows = rowsOf(dir, 'README.md')
    const full = rowsOf(dir, 'docs/action.md')
    for (const name of Object.values(Inputs)) {
      const input = action.inputs[name]!
      const required = input.required ? 'yes' : 'no'
      expect(rows.some(row => row.startsWith(`| \`${name}\` | ${required} |`))).toBe(true)
    }
    // The README has each description's first sentence, docs/action.md the whole of it.
    expect(rows).toContain('| `push` | no | `true` | true: log in and push. |')
    const push = full.find(row => row.startsWith('| `push` | no | `true` | true: log in and push.'))
    expect(push?.length).toBeGreaterThan('| `push` | no | `true` | true: log in and push. |'.length)
    for (const name of Object.values(Outputs)) {
      expect(rows.some(row => row.startsWith(`| \`${name}\` | `))).toBe(true)
    }
    expect(generate(dir, '--check')).toEqual({
      status: 0,
      output: 'The inputs/outputs tables match action.yml.\n'
    })
  })

  it('--check fails, naming the fix, once action.yml changes', () => {
    const dir = workspace()
    generate(dir)
    const yml = readFileSync(join(dir, 'action.yml'), 'utf8')
    writeFileSync(join(dir, 'action.yml'), yml.replace('Tenancy namespace', 'The namespace'))
    const check = generate(dir, '--check')
    expect(check.status).toBe(1)
    expect(check.output).toContain("run 'npm run docs' and commit")
  })
})

describe('the example workflows', () => {
  const EXAMPLES = join(ROOT, 'examples/github')

  interface Step {
    id?: string
    uses?: string
    with?: Record<string, unknown>
  }
  interface Workflow {
    jobs: Record<string, { steps: Step[] }>
  }

  const steps = readdirSync(EXAMPLES)
    .filter(file => file.endsWith('.yml'))
    .flatMap(file => {
      const workflow = parse(readFileSync(join(EXAMPLES, file), 'utf8')) as Workflow
      return Object.entries(workflow.jobs).flatMap(([job, { steps }]) =>
        steps
          .filter(step => step.uses?.endsWith('/ocir-push@v1'))
          .map(step => [`${file} ${job}`, step.with ?? {}] as const)
      )
    })

  it('use the action in every file', () => {
    const files = new Set(steps.map(([where]) => where.split(' ')[0]))
    expect([...files].sort()).toEqual(readdirSync(EXAMPLES).sort())
  })

  it.each(readdirSync(EXAMPLES).filter(file => file.endsWith('.yml')))(
    '%s reads only declared outputs of the action',
    file => {
      const text = readFileSync(join(EXAMPLES, file), 'utf8')
      const workflow = parse(text) as Workflow
      const ids = new Set(
        Object.values(workflow.jobs).flatMap(({ steps }) =>
          steps.filter(step => step.uses?.endsWith('/ocir-push@v1') && step.id).map(step => step.id)
        )
      )
      const read = [...text.matchAll(/steps\.([\w-]+)\.outputs\.([\w-]+)/g)]
        .filter(([, id]) => ids.has(id))
        .map(([, , output]) => output)
      for (const output of read) expect(Object.keys(action.outputs)).toContain(output)
    }
  )

  it('show the metadata-action stand-in: labels read from a push: false step without image', () => {
    const text = readFileSync(join(EXAMPLES, 'metadata.yml'), 'utf8')
    expect(text).toContain(`\${{ steps.meta.outputs.${Outputs.Labels} }}`)
    const meta = steps.find(([where]) => where.startsWith('metadata.yml'))?.[1]
    expect(meta).toMatchObject({ [Inputs.Push]: false, [Inputs.Repository]: 'project/app' })
    expect(meta).not.toHaveProperty(Inputs.Image)
  })

  it.each(steps)('%s passes only declared inputs, and the required ones', (_, inputs) => {
    for (const name of Object.keys(inputs)) expect(Object.keys(action.inputs)).toContain(name)
    for (const [name, input] of Object.entries(action.inputs)) {
      if (input.required) expect(inputs).toHaveProperty([name])
    }
  })
})

describe('one name to install by', () => {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    name: string
    version: string
    repository: { type: string; url: string }
  }
  const documents = [
    'README.md',
    ...readdirSync(join(ROOT, 'docs')).map(file => `docs/${file}`),
    ...readdirSync(join(ROOT, 'examples/github')).map(file => `examples/github/${file}`),
    'examples/gitlab-ci.yml'
  ].map(file => [file, readFileSync(join(ROOT, file), 'utf8')] as const)
  const uses = documents.flatMap(([file, text]) =>
    [...text.matchAll(/uses: ([\w.-]+)\/([\w.-]+)@(v\d+)/g)]
      .filter(([, , name]) => name === manifest.name)
      .map(([, owner, , tag]) => ({ file, owner, tag }))
  )

  it('every uses: line names the repository package.json names, at its major version', () => {
    expect(uses.length).toBeGreaterThan(5)
    const major = `v${manifest.version.split('.')[0]}`
    for (const use of uses) {
      expect({ ...use, url: manifest.repository.url }).toEqual({
        ...use,
        tag: major,
        url: `git+https://github.com/${use.owner}/${manifest.name}.git`
      })
    }
    expect(manifest.repository.type).toBe('git')
  })

  it('every npx and npm install names the npm package', () => {
    const commands = documents.flatMap(([, text]) => [
      ...text.matchAll(/\b(?:npx|npm install)(?: --[\w-]+)* ([\w@/.-]+)/g)
    ])
    expect(commands.length).toBeGreaterThan(2)
    for (const [, name] of commands) expect(name).toBe(manifest.name)
  })
})
