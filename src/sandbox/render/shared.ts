/** Small helpers shared by the renderers. */
import { formatTimestamp } from '../data/dates'

/** Laravel API resource class names, which the docs (and so the sandbox) show for unloaded relations. */
export const R = {
  account: 'App\\Http\\Resources\\AccountResource',
  minimalAccount: 'App\\Http\\Resources\\MinimalAccountResource',
  firm: 'App\\Http\\Resources\\FirmResource',
  contactDetail: 'App\\Http\\Resources\\ContactDetailResource',
  timeEntry: 'App\\Http\\Resources\\TimeEntryResource',
  businessUnit: 'App\\Http\\Resources\\BusinessUnitResource',
  group: 'App\\Http\\Resources\\GroupResource',
  tag: 'App\\Http\\Resources\\TagResource',
  circle: 'App\\Http\\Resources\\CircleResource',
  customField: 'App\\Http\\Resources\\CustomFieldValueResource',
  externalReference: 'App\\Http\\Resources\\ExternalReferenceResource',
} as const

/** "https://eu.ui-avatars.com/api/?name=gareth+thompson", as in the seed examples. */
export function avatarUrl(name: string): string {
  return `https://eu.ui-avatars.com/api/?name=${encodeURIComponent(name.toLowerCase()).replace(/%20/g, '+')}`
}

/**
 * A stable uuid derived from another (contact details, time entries…), so sub-records need no
 * storage of their own yet keep the same uuid across requests and runs.
 */
export function deriveUuid(base: string, salt: number): string {
  let out = ''
  let i = 0
  for (let k = 0; k < base.length; k += 1) {
    const code = base.charCodeAt(k)
    if (code === 45) continue // '-'
    const digit = (hexValue(code) + salt * 7 + i) % 16
    out += Number.isNaN(digit) ? 'NaN' : HEX[digit]
    i += 1
  }
  return `${out.slice(0, 8)}-${out.slice(8, 12)}-4${out.slice(13, 16)}-a${out.slice(17, 20)}-${out.slice(20, 32)}`
}

const HEX = '0123456789abcdef'

/** parseInt(char, 16) for one character: its value, or NaN (rendered as "NaN", as toString(16) does). */
function hexValue(code: number): number {
  if (code >= 48 && code <= 57) return code - 48
  if (code >= 97 && code <= 102) return code - 87
  if (code >= 65 && code <= 70) return code - 55
  return Number.NaN
}

/**
 * The group's `participants` as every documentation example renders it when not included: the
 * property schema leaked into the example (docs/plannr-api.md, "Resource shapes", Group).
 * Reproduced on purpose.
 */
export const PARTICIPANTS_PLACEHOLDER = {
  uuid: { example: '650d15d4-0ad9-4e4c-948e-a030c3fcfda1', description: 'UUID of the account' },
  role: { example: 'client', description: 'Role of the account' },
  first_name: { example: 'Gareth', description: 'First name of the account' },
  last_name: { example: 'Thompson', description: 'Last name of the account' },
  name: { example: 'Gareth Thompson', description: 'Name of the account' },
  email: { example: 'gareth@codepotato.co.uk', description: 'Email of the account' },
} as const

/**
 * Memoised renderings of records that recur across a page (a 500-row page embeds the same
 * advisers, groups, circles and tags hundreds of times). A rendering is reused only while every
 * field it was built from is unchanged (records are mutated in place by the store), and it is
 * frozen, so a response can share it but never alter it. JSON output is byte-identical.
 */
export function memoRender<T extends object>(
  deps: (record: T) => readonly unknown[],
  render: (record: T) => Record<string, unknown>,
): (record: T) => Record<string, unknown> {
  const cache = new WeakMap<T, { deps: readonly unknown[]; value: Record<string, unknown> }>()
  return (record) => {
    const current = deps(record)
    const hit = cache.get(record)
    if (hit && hit.deps.length === current.length && hit.deps.every((value, index) => value === current[index]))
      return hit.value
    const value = deepFreeze(render(record))
    cache.set(record, { deps: current, value })
    return value
  }
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const inner of Object.values(value)) deepFreeze(inner)
  }
  return value
}

const TIMESTAMP_CACHE_LIMIT = 250_000
const timestamps = new Map<number, string>()

/** formatTimestamp, remembered: the same instants recur (an account's created_at is rendered four times). */
export function timestamp(epochSeconds: number): string {
  let text = timestamps.get(epochSeconds)
  if (text === undefined) {
    if (timestamps.size >= TIMESTAMP_CACHE_LIMIT) timestamps.clear()
    text = formatTimestamp(epochSeconds)
    timestamps.set(epochSeconds, text)
  }
  return text
}

export const nullableTimestampMemo = (value: number | null): string | null => (value === null ? null : timestamp(value))
