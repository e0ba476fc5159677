import type { Environment } from './args.js'

export interface OutputStream {
  write(text: string): unknown
  isTTY?: boolean
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

/**
 * Results to stdout, everything else to stderr. Every secret it has been told about is
 * replaced by `***` in whatever passes through, whoever composed the text.
 */
export class Console {
  readonly outStyle: Style
  readonly errStyle: Style
  private readonly secrets: string[] = []

  constructor(
    private readonly stdout: OutputStream,
    private readonly stderr: OutputStream,
    env: Environment
  ) {
    this.outStyle = styleFor(stdout, env)
    this.errStyle = styleFor(stderr, env)
  }

  get stderrIsTerminal(): boolean {
    return this.stderr.isTTY === true
  }

  addSecret(secret: string): void {
    if (secret !== '') this.secrets.push(secret)
  }

  out(text: string): void {
    this.stdout.write(`${this.redact(text)}\n`)
  }

  err(text: string): void {
    this.stderr.write(`${this.redact(text)}\n`)
  }

  private redact(text: string): string {
    return this.secrets.reduce((result, secret) => result.replaceAll(secret, '***'), text)
  }
}
