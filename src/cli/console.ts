import type { Environment } from './args.js'

export interface OutputStream {
  write(text: string): unknown
  isTTY?: boolean
  /** A terminal's width. */
  columns?: number
}

export interface Style {
  bold(text: string): string
  dim(text: string): string
  green(text: string): string
  yellow(text: string): string
  red(text: string): string
}

const SGR = { bold: [1, 22], dim: [2, 22], green: [32, 39], yellow: [33, 39], red: [31, 39] }

/** ANSI styling only for a terminal, and never when NO_COLOR is set (no-color.org) or TERM=dumb. */
export function styleFor(stream: OutputStream, env: Environment): Style {
  const color = stream.isTTY === true && !env.NO_COLOR && env.TERM !== 'dumb'
  const paint =
    ([on, off]: number[]) =>
    (text: string): string =>
      color ? `\u001b[${on}m${text}\u001b[${off}m` : text
  return {
    bold: paint(SGR.bold),
    dim: paint(SGR.dim),
    green: paint(SGR.green),
    yellow: paint(SGR.yellow),
    red: paint(SGR.red)
  }
}

/** Back to the start of the line, and the line cleared. */
const CLEAR_LINE = '\r\u001b[K'

/**
 * Results to stdout, everything else to stderr. Every secret it has been told about is
 * replaced by `***` in whatever passes through, whoever composed the text. On a terminal,
 * stderr may hold one live line, which any other output clears first.
 */
export class Console {
  readonly outStyle: Style
  readonly errStyle: Style
  /** stderr can hold a live line: a terminal that understands clearing a line (not TERM=dumb). */
  readonly hasLiveLine: boolean
  private readonly secrets: string[] = []
  private liveShown = false

  constructor(
    private readonly stdout: OutputStream,
    private readonly stderr: OutputStream,
    env: Environment
  ) {
    this.outStyle = styleFor(stdout, env)
    this.errStyle = styleFor(stderr, env)
    this.hasLiveLine = stderr.isTTY === true && env.TERM !== 'dumb'
  }

  get stderrIsTerminal(): boolean {
    return this.stderr.isTTY === true
  }

  /**
   * Replaces the live line with `text`, cut to the terminal's width: a line that wrapped
   * could not be cleared. Only where `hasLiveLine`.
   */
  live(text: string): void {
    // A pseudo-terminal without a size reports 0 columns: the usual 80 then.
    const width = this.stderr.columns || 80
    const shown = [...this.redact(text)]
    const line = shown.length < width ? shown.join('') : `${shown.slice(0, width - 2).join('')}…`
    this.stderr.write(`${CLEAR_LINE}${line}`)
    this.liveShown = true
  }

  addSecret(secret: string): void {
    if (secret !== '') this.secrets.push(secret)
  }

  out(text: string): void {
    this.clearLive()
    this.stdout.write(`${this.redact(text)}\n`)
  }

  err(text: string): void {
    this.clearLive()
    this.stderr.write(`${this.redact(text)}\n`)
  }

  private clearLive(): void {
    if (!this.liveShown) return
    this.stderr.write(CLEAR_LINE)
    this.liveShown = false
  }

  private redact(text: string): string {
    return this.secrets.reduce((result, secret) => result.replaceAll(secret, '***'), text)
  }
}
