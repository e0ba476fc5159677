/** Where progress goes; each face supplies its own (action log, CLI stderr). */
export interface Logger {
  info(message: string): void
  warning(message: string, title?: string): void
  debug(message: string): void
  /** Runs `fn` inside a collapsible log group where the face has them. */
  group<T>(name: string, fn: () => Promise<T>): Promise<T>
}
