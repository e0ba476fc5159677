#!/usr/bin/env node
import { homedir, tmpdir } from 'node:os'
import { main } from './cli/main.js'

main({
  argv: process.argv.slice(2),
  env: process.env,
  stdin: () => process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  cwd: process.cwd(),
  homedir: homedir(),
  tmpdir: tmpdir()
}).then(
  code => {
    process.exitCode = code
  },
  (error: unknown) => {
    console.error(error)
    process.exitCode = 1
  }
)
