/**
 * Formats a date with the moment.js display tokens that docker/metadata-action's
 * `{{date 'format' tz='Zone'}}` accepts, using Intl for the time zone.
 * Text in `[brackets]` is literal; characters that are not tokens pass through.
 */
const TOKENS =
  /\[[^\]]*\]|YYYY|YY|Q|MMMM|MMM|MM|M|DDDD|DDD|Do|DD|D|dddd|ddd|dd|d|E|GGGG|WW|W|HH|H|hh|h|kk|k|mm|m|ss|s|SSS|SS|S|A|a|ZZ|Z|X|x/g

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December'
]
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday']
const DAY_MS = 86_400_000

/** The wall-clock fields of `date` in `timeZone`; throws RangeError for an unknown zone. */
function wallClock(date: Date, timeZone: string) {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric'
  }).formatToParts(date)
  const field = (type: string) => Number(parts.find(part => part.type === type)?.value)
  const year = field('year')
  const month = field('month')
  const day = field('day')
  const hour = field('hour')
  const minute = field('minute')
  const second = field('second')
  const millisecond = date.getUTCMilliseconds()
  const asUtc = Date.UTC(year, month - 1, day, hour, minute, second, millisecond)
  return {
    year,
    month,
    day,
    hour,
    minute,
    second,
    millisecond,
    weekday: new Date(Date.UTC(year, month - 1, day)).getUTCDay(),
    dayOfYear: (Date.UTC(year, month - 1, day) - Date.UTC(year, 0, 1)) / DAY_MS + 1,
    offsetMinutes: Math.round((asUtc - date.getTime()) / 60_000)
  }
}

/** ISO 8601 week number and week-based year of a calendar day. */
function isoWeek(year: number, month: number, day: number): { week: number; year: number } {
  const date = new Date(Date.UTC(year, month - 1, day))
  const isoWeekday = date.getUTCDay() || 7
  date.setUTCDate(date.getUTCDate() + 4 - isoWeekday)
  const weekYear = date.getUTCFullYear()
  const week = Math.ceil(((date.getTime() - Date.UTC(weekYear, 0, 1)) / DAY_MS + 1) / 7)
  return { week, year: weekYear }
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0')
}

function ordinal(day: number): string {
  const tens = day % 100
  if (tens >= 11 && tens <= 13) return `${day}th`
  return `${day}${['th', 'st', 'nd', 'rd'][day % 10] ?? 'th'}`
}

function offset(minutes: number, separator: string): string {
  const sign = minutes < 0 ? '-' : '+'
  const absolute = Math.abs(minutes)
  return `${sign}${pad(Math.floor(absolute / 60), 2)}${separator}${pad(absolute % 60, 2)}`
}

export function formatDate(date: Date, format: string, timeZone = 'UTC'): string {
  const t = wallClock(date, timeZone)
  const hour12 = t.hour % 12 || 12
  const week = isoWeek(t.year, t.month, t.day)
  const values: Record<string, () => string> = {
    YYYY: () => pad(t.year, 4),
    YY: () => pad(t.year % 100, 2),
    Q: () => String(Math.ceil(t.month / 3)),
    MMMM: () => MONTHS[t.month - 1],
    MMM: () => MONTHS[t.month - 1].slice(0, 3),
    MM: () => pad(t.month, 2),
    M: () => String(t.month),
    DDDD: () => pad(t.dayOfYear, 3),
    DDD: () => String(t.dayOfYear),
    Do: () => ordinal(t.day),
    DD: () => pad(t.day, 2),
    D: () => String(t.day),
    dddd: () => WEEKDAYS[t.weekday],
    ddd: () => WEEKDAYS[t.weekday].slice(0, 3),
    dd: () => WEEKDAYS[t.weekday].slice(0, 2),
    d: () => String(t.weekday),
    E: () => String(t.weekday || 7),
    GGGG: () => pad(week.year, 4),
    WW: () => pad(week.week, 2),
    W: () => String(week.week),
    HH: () => pad(t.hour, 2),
    H: () => String(t.hour),
    hh: () => pad(hour12, 2),
    h: () => String(hour12),
    kk: () => pad(t.hour || 24, 2),
    k: () => String(t.hour || 24),
    mm: () => pad(t.minute, 2),
    m: () => String(t.minute),
    ss: () => pad(t.second, 2),
    s: () => String(t.second),
    SSS: () => pad(t.millisecond, 3),
    SS: () => pad(Math.floor(t.millisecond / 10), 2),
    S: () => String(Math.floor(t.millisecond / 100)),
    A: () => (t.hour < 12 ? 'AM' : 'PM'),
    a: () => (t.hour < 12 ? 'am' : 'pm'),
    ZZ: () => offset(t.offsetMinutes, ''),
    Z: () => offset(t.offsetMinutes, ':'),
    X: () => String(Math.floor(date.getTime() / 1000)),
    x: () => String(date.getTime())
  }
  return format.replace(TOKENS, token =>
    token.startsWith('[') ? token.slice(1, -1) : values[token]()
  )
}
