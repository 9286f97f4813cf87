import { z } from 'zod'

/**
 * Tolerant building blocks for Plannr responses. The documentation shows counts as strings,
 * booleans as "false", nested resources as Laravel class-name placeholders
 * ("App\\Http\\Resources\\FirmResource"), and three date formats (docs/plannr-api.md,
 * "Documentation quirks and defensive parsing"). Each
 * helper here accepts every documented variant and normalises it; anything else is an error.
 */

/** Laravel resource-class placeholders leaked into examples; they mean "not provided". */
export function isResourcePlaceholder(value: unknown): boolean {
  return typeof value === 'string' && value.startsWith('App\\')
}

/** Counts: an integer, or a numeric string ("3"). */
export const lenientCount = z.union([
  z.number().int().nonnegative(),
  z
    .string()
    .regex(/^\d+$/, 'expected a whole number')
    .transform((value) => Number(value)),
])

/** Booleans: true/false, "true"/"false", 1/0, "1"/"0". */
export const lenientBoolean = z.union([
  z.boolean(),
  z.enum(['true', 'false', '1', '0']).transform((value) => value === 'true' || value === '1'),
  z.union([z.literal(0), z.literal(1)]).transform((value) => value === 1),
])

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})$/
const SQL_DATETIME = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/
const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/

/**
 * Parses any documented Plannr date to an ISO-8601 UTC string (or `YYYY-MM-DD` for date-only
 * values, which have no time zone). Offset-less "YYYY-MM-DD HH:MM:SS" is Europe/London local
 * time (INF in the reference). Returns null for anything else.
 */
export function parsePlannrDate(raw: string): string | null {
  if (RFC3339.test(raw)) {
    const time = Date.parse(raw)
    return Number.isNaN(time) ? null : new Date(time).toISOString()
  }
  const sql = SQL_DATETIME.exec(raw)
  if (sql) {
    const [, y, mo, d, h, mi, s] = sql.map(Number) as [number, number, number, number, number, number, number]
    const asUtc = Date.UTC(y, mo - 1, d, h, mi, s)
    if (Number.isNaN(asUtc)) return null
    return new Date(asUtc - londonOffsetMinutes(asUtc) * 60_000).toISOString()
  }
  if (DATE_ONLY.test(raw)) {
    const time = Date.parse(`${raw}T00:00:00Z`)
    return Number.isNaN(time) ? null : raw
  }
  return null
}

/** Minutes Europe/London is ahead of UTC at (about) this instant: 60 in British Summer Time, else 0. */
export function londonOffsetMinutes(epochMs: number): number {
  const year = new Date(epochMs).getUTCFullYear()
  // BST runs from 01:00 UTC on the last Sunday of March to 01:00 UTC on the last Sunday of October.
  const start = lastSundayUtc(year, 2) + 3_600_000
  const end = lastSundayUtc(year, 9) + 3_600_000
  return epochMs >= start && epochMs < end ? 60 : 0
}

function lastSundayUtc(year: number, month: number): number {
  const lastDay = new Date(Date.UTC(year, month + 1, 0))
  return Date.UTC(year, month, lastDay.getUTCDate() - lastDay.getUTCDay())
}

/** A date in any documented format, normalised by parsePlannrDate. */
export const lenientDate = z.string().transform((raw, ctx) => {
  const parsed = parsePlannrDate(raw)
  if (parsed === null) {
    ctx.addIssue({ code: 'custom', message: `unrecognised date "${raw.slice(0, 40)}"` })
    return z.NEVER
  }
  return parsed
})

/** An optional date: missing, null, "" or a placeholder all mean "none". */
export const optionalDate = z
  .union([z.null(), z.literal(''), lenientDate])
  .optional()
  .transform((value) => (value ? value : null))

/**
 * A nested resource that may be the object, a class-name placeholder, null or absent.
 * Placeholders and absence become null; a real object must match `schema`.
 */
export function relation<T extends z.ZodType>(schema: T) {
  return z
    .unknown()
    .optional()
    .transform((value, ctx): z.output<T> | null => {
      if (value === undefined || value === null || isResourcePlaceholder(value)) return null
      const parsed = schema.safeParse(value)
      if (!parsed.success) {
        for (const issue of parsed.error.issues)
          ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path })
        return z.NEVER
      }
      return parsed.data as z.output<T>
    })
}

/**
 * `items` with each identity once, the first of each kept. A list from Plannr that names a record
 * twice (a tag, a circle, a login) still means that record once, and the UI's keyed lists show
 * one row per identity: a repeated one breaks the screen showing the list.
 */
export function firstOfEach<T>(items: readonly T[], identity: (item: T) => string): T[] {
  const seen = new Set<string>()
  const out: T[] = []
  for (const item of items) {
    const key = identity(item)
    if (seen.has(key)) {
      repeatListener?.()
      continue
    }
    seen.add(key)
    out.push(item)
  }
  return out
}

/** Told of each repeat firstOfEach leaves out, while `noticingRepeats` runs. */
let repeatListener: (() => void) | null = null

/**
 * Runs `parse` (synchronous, as zod's safeParse is) telling `onRepeat` of each repeated record
 * firstOfEach leaves out, so the caller can log that the answer named a record twice: a schema
 * has no way to report something it accepted.
 */
export function noticingRepeats<T>(onRepeat: () => void, parse: () => T): T {
  const outer = repeatListener
  repeatListener = onRepeat
  try {
    return parse()
  } finally {
    repeatListener = outer
  }
}

/** A record's identity by uuid, whatever the letter case Plannr wrote it in. */
export const byUuid = (item: { uuid: string }): string => item.uuid.toLowerCase()

/**
 * Like `relation`, for to-many relations: an array of `schema`, or a placeholder/absent (→ []).
 * With `identity`, an item repeated in the list is kept once (`firstOfEach`).
 */
export function relationList<T extends z.ZodType>(schema: T, identity?: (item: z.output<T>) => string) {
  return z
    .unknown()
    .optional()
    .transform((value, ctx): Array<z.output<T>> => {
      if (value === undefined || value === null || isResourcePlaceholder(value)) return []
      if (!Array.isArray(value)) {
        // A single documented object where a list is expected: accept it as a list of one.
        value = [value]
      }
      const out: Array<z.output<T>> = []
      ;(value as unknown[]).forEach((item, index) => {
        const parsed = schema.safeParse(item)
        if (parsed.success) out.push(parsed.data as z.output<T>)
        else
          for (const issue of parsed.error.issues)
            ctx.addIssue({ code: 'custom', message: issue.message, path: [index, ...issue.path] })
      })
      return identity ? firstOfEach(out, identity) : out
    })
}

/** Free text that may be absent or null in examples: normalised to a string or null. */
export const optionalText = z
  .union([z.string(), z.null()])
  .optional()
  .transform((value) => (value === undefined || value === null || isResourcePlaceholder(value) ? null : value))

/** `brand_colours`: `[]` on business units, an object of named colours on firms. */
export const brandColours = z
  .union([z.array(z.unknown()).max(0), z.record(z.string(), z.union([z.string(), z.null()]))])
  .optional()
  .nullable()
  .transform((value): Record<string, string> => {
    if (!value || Array.isArray(value)) return {}
    const out: Record<string, string> = {}
    for (const [key, colour] of Object.entries(value)) if (typeof colour === 'string') out[key] = colour
    return out
  })
