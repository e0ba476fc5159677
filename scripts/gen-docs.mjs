// Renders the inputs and outputs tables from action.yml, so they never drift from it: in full
// in docs/action.md, and with each description's first sentence in the README (the front page
// stays short; its tables link to the full ones).
// `node scripts/gen-docs.mjs` rewrites both files; `--check` fails when either is out of date.
import { readFileSync, writeFileSync } from 'node:fs'
import * as prettier from 'prettier'
import { parse } from 'yaml'

const action = parse(readFileSync('action.yml', 'utf8'))

const cell = text =>
  String(text ?? '')
    .trim()
    .replace(/\s*\n\s*/g, ' ')
    .replace(/\|/g, '\\|')

const code = value => (value === undefined || value === '' ? '' : `\`${cell(value)}\``)

/** The description up to the end of its first sentence (a period before a space). */
const firstSentence = text => {
  const whole = cell(text)
  const end = whole.search(/\.\s/)
  return end === -1 ? whole : whole.slice(0, end + 1)
}

function tables(describe) {
  const inputs = [
    '| input | required | default | description |',
    '| --- | --- | --- | --- |',
    ...Object.entries(action.inputs ?? {}).map(
      ([name, spec]) =>
        `| \`${name}\` | ${spec.required ? 'yes' : 'no'} | ${code(spec.default)} | ${describe(spec.description)} |`
    )
  ].join('\n')
  const outputs = [
    '| output | description |',
    '| --- | --- |',
    ...Object.entries(action.outputs ?? {}).map(
      ([name, spec]) => `| \`${name}\` | ${describe(spec.description)} |`
    )
  ].join('\n')
  return { inputs, outputs }
}

function replaceBlock(file, text, name, body) {
  const start = `<!-- ${name}:start (generated from action.yml by npm run docs) -->`
  const end = `<!-- ${name}:end -->`
  const from = text.indexOf(start)
  const to = text.indexOf(end)
  if (from < 0 || to < from) {
    throw new Error(`${file} has no '${start}' … '${end}' block for the ${name} table`)
  }
  return `${text.slice(0, from + start.length)}\n\n${body}\n\n${text.slice(to)}`
}

const TARGETS = [
  { file: 'README.md', describe: firstSentence },
  { file: 'docs/action.md', describe: cell }
]

let stale = []
for (const { file, describe } of TARGETS) {
  const current = readFileSync(file, 'utf8')
  const { inputs, outputs } = tables(describe)
  // Formatted as `npm run format` would, so the check and the formatter agree.
  const next = await prettier.format(
    replaceBlock(file, replaceBlock(file, current, 'inputs', inputs), 'outputs', outputs),
    { ...(await prettier.resolveConfig(file)), filepath: file }
  )
  if (next === current) continue
  if (process.argv.includes('--check')) stale.push(file)
  else {
    writeFileSync(file, next)
    console.log(`Updated the inputs/outputs tables in ${file}.`)
  }
}

if (stale.length > 0) {
  console.error(
    `The inputs/outputs tables of ${stale.join(' and ')} differ from action.yml: run 'npm run docs' and commit.`
  )
  process.exit(1)
}
if (process.argv.includes('--check')) {
  console.log('The inputs/outputs tables match action.yml.')
}
