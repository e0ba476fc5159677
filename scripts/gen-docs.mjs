// Renders the README's inputs and outputs tables from action.yml, so the two never drift.
// `node scripts/gen-docs.mjs` rewrites README.md; `--check` fails when it is out of date.
import { readFileSync, writeFileSync } from 'node:fs'
import * as prettier from 'prettier'
import { parse } from 'yaml'

const README = 'README.md'
const action = parse(readFileSync('action.yml', 'utf8'))

const cell = text =>
  String(text ?? '')
    .trim()
    .replace(/\s*\n\s*/g, ' ')
    .replace(/\|/g, '\\|')

const code = value => (value === undefined || value === '' ? '' : `\`${cell(value)}\``)

const inputs = [
  '| input | required | default | description |',
  '| --- | --- | --- | --- |',
  ...Object.entries(action.inputs ?? {}).map(
    ([name, spec]) =>
      `| \`${name}\` | ${spec.required ? 'yes' : 'no'} | ${code(spec.default)} | ${cell(spec.description)} |`
  )
].join('\n')

const outputs = [
  '| output | description |',
  '| --- | --- |',
  ...Object.entries(action.outputs ?? {}).map(
    ([name, spec]) => `| \`${name}\` | ${cell(spec.description)} |`
  )
].join('\n')

function replaceBlock(text, name, body) {
  const start = `<!-- ${name}:start (generated from action.yml by npm run docs) -->`
  const end = `<!-- ${name}:end -->`
  const from = text.indexOf(start)
  const to = text.indexOf(end)
  if (from < 0 || to < from) {
    throw new Error(`${README} has no '${start}' … '${end}' block for the ${name} table`)
  }
  return `${text.slice(0, from + start.length)}\n\n${body}\n\n${text.slice(to)}`
}

const current = readFileSync(README, 'utf8')
// Formatted as `npm run format` would, so the check and the formatter agree.
const next = await prettier.format(
  replaceBlock(replaceBlock(current, 'inputs', inputs), 'outputs', outputs),
  { ...(await prettier.resolveConfig(README)), filepath: README }
)

if (process.argv.includes('--check')) {
  if (next !== current) {
    console.error(
      `${README}'s inputs/outputs tables differ from action.yml: run 'npm run docs' and commit.`
    )
    process.exit(1)
  }
  console.log(`${README}'s inputs/outputs tables match action.yml.`)
} else if (next !== current) {
  writeFileSync(README, next)
  console.log(`Updated the inputs/outputs tables in ${README}.`)
}
