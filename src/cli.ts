#!/usr/bin/env node
import { homedir, tmpdir } from 'node:os'
import { main } from './cli/main.js'
import { exitWhenFlushed } from './exit.js'

main({
  argv: process.argv.slice(2),
  env: process.env,
  stdin: () => process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  cwd: process.cwd(),
  homedir: homedir(),
  tmpdir: tmpdir()
}).then(exitWhenFlushed, (error: unknown) => {
  console.error(error)
  exitWhenFlushed(1)
})
