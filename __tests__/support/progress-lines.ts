// The progress lines a push prints (ours for a daemonless push, Docker's for `docker push`),
// so a test can tell them from everything else on a stream: warnings, errors, results.

const PROGRESS = [
  /^Uploading sha(256|512):[0-9a-f]{12} \(.+\)$/,
  /^sha(256|512):[0-9a-f]{12} \(.+\): (already there|mounted)$/,
  /^Pushing: .+ of .+ \(\d+%\), .+\/s, (about .+ left|time left unknown)$/,
  /^Uploads done: /,
  // Docker off a terminal: one line per layer state, and the repository and digest lines.
  /^The push refers to repository \[.+\]$/,
  /^[0-9a-f]{12}: (Preparing|Waiting|Pushing|Pushed|Layer already exists|Mounted from .+|Retrying in .+)$/,
  /^.+: digest: sha256:[0-9a-f]{64} size: \d+$/,
  // Ours while Docker is silent.
  /^docker push \S+: still pushing after .+$/
]

/** A push to one of several targets labels its lines with the target's repository. */
const TARGET_LABEL = /^[^\s/]+\/\S+: /

export function isProgressLine(line: string): boolean {
  const unlabelled = line.replace(TARGET_LABEL, '')
  return PROGRESS.some(pattern => pattern.test(unlabelled))
}

/** The non-empty lines of `text` that are not progress. */
export function besidesProgress(text: string): string[] {
  return text.split('\n').filter(line => line !== '' && !isProgressLine(line))
}
