#!/usr/bin/env node
import { homedir, tmpdir } from 'node:os'
import { main } from './cli/main.js'
import { abortOnSignals } from './engine/cancel.js'

const cancel = new AbortController()
abortOnSignals(cancel)
// Once the command settles nothing is left running: the process ends on its own.
process.exitCode = await main({
  argv: process.argv.slice(2),
  env: process.env,
  stdin: () => process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  cwd: process.cwd(),
  homedir: homedir(),
  tmpdir: tmpdir(),
  signal: cancel.signal
})
