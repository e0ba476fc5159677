// Markdown tables and number formats for the results.

export function table(header, rows) {
  const line = cells => `| ${cells.join(' | ')} |`
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n')
}

export const ms = value => `${Math.round(value)} ms`
export const ratio = value => `${value.toFixed(2)}×`
export const mib = bytes => `${(bytes / 1024 / 1024).toFixed(1)} MiB`
export const percent = value => `${value.toFixed(2)} %`
export const met = ok => (ok ? 'met' : '**missed**')
