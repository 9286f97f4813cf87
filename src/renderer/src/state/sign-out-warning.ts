import { plural } from '../lib/format'

/** An account cache a sign-in has on this computer (listed by account-caches.ts). */
export interface AccountCache {
  databaseName: string
  /** The account as the user knows it: its firm (with the account's name where one firm has two). */
  label: string
  /** Changes made on this computer that have not reached Plannr; null when the cache could not be read. */
  unsent: number | null
}

/**
 * What Sign out must say before it discards anything: the changes still waiting in each account
 * of the sign-in (by firm), and the caches it cannot read (changes may wait there too). Null
 * when nothing is waiting anywhere: signing out then needs no confirmation. `caches` is null
 * when this computer's caches could not even be listed.
 */
export function signOutWarning(caches: readonly AccountCache[] | null): string | null {
  if (caches === null) {
    return 'The offline caches on this computer could not be read, so changes made here may not have reached Plannr yet. Signing out discards them and removes the cached clients from this computer.'
  }
  const waiting = caches.filter((cache) => cache.unsent !== null && cache.unsent > 0)
  const unreadable = caches.filter((cache) => cache.unsent === null)
  if (waiting.length === 0 && unreadable.length === 0) return null
  const total = waiting.reduce((sum, cache) => sum + (cache.unsent ?? 0), 0)
  const sentences: string[] = []
  if (waiting.length === 1 && waiting[0]) {
    sentences.push(
      `${plural(total, 'change')} made on this computer in ${waiting[0].label} ${total === 1 ? 'has' : 'have'} not reached Plannr yet.`,
    )
  } else if (waiting.length > 1) {
    const each = waiting.map((cache) => `${(cache.unsent ?? 0).toLocaleString('en-GB')} in ${cache.label}`)
    sentences.push(`${plural(total, 'change')} made on this computer have not reached Plannr yet: ${joined(each)}.`)
  }
  if (unreadable.length > 0) {
    const which = joined(unreadable.map((cache) => cache.label))
    sentences.push(
      `The offline ${unreadable.length === 1 ? 'cache' : 'caches'} of ${which} could not be read, so changes may be waiting there${waiting.length > 0 ? ' too' : ''}.`,
    )
  }
  const discarded = total === 1 && unreadable.length === 0 ? 'it' : 'them'
  sentences.push(
    `Signing out discards ${discarded} and removes the cached clients of ${joined(caches.map((cache) => cache.label))} from this computer.`,
  )
  return sentences.join(' ')
}

/** "A", "A and B", "A, B and C". */
export function joined(items: readonly string[]): string {
  if (items.length <= 1) return items.join('')
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1] ?? ''}`
}
