/**
 * The small part of Handlebars that metadata-action's rule values use: `{{name}}` and
 * helpers with quoted arguments and `key='value'` options, e.g. `{{date 'YYYYMMDD' tz='Asia/Tokyo'}}`.
 * As in Handlebars, an unquoted argument other than a number names a value of the
 * template's data, which has none: it is undefined (`{{date YYYYMMDD}}` has no format).
 */
export type Helper = (args: Array<string | undefined>, options: Record<string, string>) => string

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
    const args: Array<string | undefined> = []
    const options: Record<string, string> = {}
    const rest = body.slice(name.length)
    ARGUMENT.lastIndex = 0
    while (ARGUMENT.lastIndex < rest.length) {
      const match = ARGUMENT.exec(rest)
      if (!match) fail(`cannot read the arguments of ${whole}`)
      const [, key, single, double, bare] = match
      const quoted = single ?? double
      if (key) options[key] = quoted ?? bare
      else args.push(quoted ?? (/^-?\d+(?:\.\d+)?$/.test(bare) ? bare : undefined))
      if (/^\s*$/.test(rest.slice(ARGUMENT.lastIndex))) break
    }
    return helpers[name](args, options)
  })
}
