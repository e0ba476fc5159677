/**
 * Text from outside (image names and annotations, registry and Docker messages) as a log may
 * show it: every control character but tab and line feed removed, so that no escape sequence
 * (ESC, the C1 CSI), carriage return or backspace reaches a terminal or a log viewer.
 */
export function printable(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '')
}

/**
 * `printable`, and a log line GitHub's runner shows but never obeys: a line that would read as
 * a workflow command (`::set-output …::`, `::add-mask::`, the old `##[command]`) after the
 * blanks the runner skips is broken by a leading backslash. The action's log is the runner's,
 * and so is the CLI's when a workflow runs it.
 */
export function inertLogText(text: string): string {
  return printable(text).replace(/^(\s*)(::|##\[)/gm, '$1\\$2')
}

/**
 * `text` with every form a secret could be printed in replaced by `***`: as it is,
 * URL-encoded, base64 (alone and, given `username`, as the `user:secret` of a Basic
 * Authorization header or a Docker config `auth` entry). Longest first, so a form that
 * contains another goes whole.
 */
export function withoutSecrets(
  text: string,
  secrets: readonly string[],
  username?: string
): string {
  const forms = secrets
    .filter(secret => secret.length > 0)
    .flatMap(secret => [
      secret,
      encodeURIComponent(secret),
      Buffer.from(secret).toString('base64'),
      ...(username ? [Buffer.from(`${username}:${secret}`).toString('base64')] : [])
    ])
  return [...new Set(forms)]
    .sort((a, b) => b.length - a.length)
    .reduce((result, form) => result.split(form).join('***'), text)
}

const KiB = 1024
const MiB = 1024 * KiB
const GiB = 1024 * MiB

/** Bytes as a person reads them: `512 B`, `1.5 KiB`, `256.0 MiB`, `1.25 GiB`. */
export function formatSize(bytes: number): string {
  if (bytes < KiB) return `${Math.round(bytes)} B`
  if (bytes < MiB) return `${(bytes / KiB).toFixed(1)} KiB`
  if (bytes < GiB) return `${(bytes / MiB).toFixed(1)} MiB`
  return `${(bytes / GiB).toFixed(2)} GiB`
}

/** A duration as a log line states it: `0.4 s`, `38 s`, `2 min 05 s`, `1 h 02 min`. */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, ms) / 1000
  if (seconds < 10) return `${seconds.toFixed(1)} s`
  const whole = Math.round(seconds)
  if (whole < 60) return `${whole} s`
  const minutes = Math.floor(whole / 60)
  if (minutes < 60) return `${minutes} min ${String(whole % 60).padStart(2, '0')} s`
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`
}
