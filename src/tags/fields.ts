/**
 * Splits one rule line into `key=value` attributes the way docker/metadata-action reads
 * it (its CSV parser): fields are separated by commas; a field that starts with `"` runs
 * to the closing quote, `""` inside it is one `"`, so `"value=a,b"` keeps its comma.
 * Returns undefined for a quote that is never closed.
 */
export function splitFields(line: string): string[] | undefined {
  const fields: string[] = []
  let index = 0
  for (;;) {
    while (line[index] === ' ' || line[index] === '\t') index++
    let field = ''
    if (line[index] === '"') {
      index++
      for (;;) {
        if (index >= line.length) return undefined
        if (line[index] === '"') {
          if (line[index + 1] !== '"') break
          index++
        }
        field += line[index]
        index++
      }
      index++
      const rest = line.indexOf(',', index)
      const trailing = rest === -1 ? line.slice(index) : line.slice(index, rest)
      if (trailing.trim() !== '') return undefined
      index = rest === -1 ? line.length : rest
    } else {
      const end = line.indexOf(',', index)
      field = end === -1 ? line.slice(index) : line.slice(index, end)
      index = end === -1 ? line.length : end
    }
    fields.push(field.trim())
    if (index >= line.length) return fields
    index++
  }
}

/** `key=value` → [lower-cased key, value]; a bare field is the value (`type=raw,foo`). */
export function splitAttribute(field: string): [key: string | undefined, value: string] {
  const equals = field.indexOf('=')
  if (equals === -1) return [undefined, field]
  return [field.slice(0, equals).trim().toLowerCase(), field.slice(equals + 1).trim()]
}
