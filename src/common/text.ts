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
 * `text` with each secret replaced by `***`: as it is, URL-encoded and base64-encoded (how
 * form bodies and Basic headers carry it). Longest first, so one that contains another goes whole.
 */
export function withoutSecrets(text: string, secrets: readonly string[]): string {
  const forms = secrets
    .filter(secret => secret.length > 0)
    .flatMap(secret => [secret, encodeURIComponent(secret), Buffer.from(secret).toString('base64')])
  return [...new Set(forms)]
    .sort((a, b) => b.length - a.length)
    .reduce((result, form) => result.split(form).join('***'), text)
}
