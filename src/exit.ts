/**
 * Ends the process once stdout and stderr have taken everything written to them (a pipe
 * may still hold queued output on some platforms). Used by the entry points once the result
 * is decided: requests still being retried in the background after a failure (parallel
 * uploads) must not hold the process open until their retry budget runs out.
 */
export function exitWhenFlushed(code?: number): void {
  // Without a code, the one already set (core.setFailed sets process.exitCode) stands:
  // `process.exit(undefined)` would exit 0.
  if (code !== undefined) process.exitCode = code
  let pending = 2
  const done = (): void => {
    pending -= 1
    if (pending === 0) process.exit()
  }
  process.stdout.write('', done)
  process.stderr.write('', done)
}
