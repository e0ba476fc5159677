/**
 * The small part of Handlebars that metadata-action's rule values use: `{{name}}` and
 * helpers with quoted arguments and `key='value'` options, e.g. `{{date 'YYYYMMDD' tz='Asia/Tokyo'}}`.
 */
export type Helper = (args: string[], options: Record<string, string>) => string

const EXPRESSION = /\{\{\s*([^{}]*?)\s*\}\}/g
const ARGUMENT = /\s*(?:([A-Za-z_][\w-]*)=)?(?:'([^']*)'|"([^"]*)"|([^\s'"]+))/y

/**
 * Replaces every `{{…}}` in `template` with its helper's result. `fail` is called (and
 * must throw) for an unknown name or malformed arguments, with a message for the user.
 */
export function renderTemplate(
  template: string,
  helpers: Record<string, Helper>,
  fail: (message: string) => never
): string {
  return template.replace(EXPRESSION, (whole, body: string) => {
    const name = /^[A-Za-z_]\w*/.exec(body)?.[0]
    if (!name || !Object.hasOwn(helpers, name)) {
      fail(
        `unknown expression ${whole}; accepted: ${Object.keys(helpers)
          .map(key => `{{${key}}}`)
          .join(', ')}`
      )
    }
    const args: string[] = []
    const options: Record<string, string> = {}
    const rest = body.slice(name.length)
    ARGUMENT.lastIndex = 0
    while (ARGUMENT.lastIndex < rest.length) {
      const match = ARGUMENT.exec(rest)
      if (!match) fail(`cannot read the arguments of ${whole}`)
      const [, key, single, double, bare] = match
      const value = single ?? double ?? bare
      if (key) options[key] = value
      else args.push(value)
      if (/^\s*$/.test(rest.slice(ARGUMENT.lastIndex))) break
    }
    return helpers[name](args, options)
  })
}
