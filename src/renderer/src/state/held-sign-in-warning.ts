import { plural } from '../lib/format'
import { joined, type AccountCache } from './sign-out-warning'

/** The Plannr addresses of a held sign-in (`to`) and of the sign-in in use (`from`), when they differ. */
export interface AddressChange {
  from: string
  to: string
}

/**
 * What to say before going on with a sign-in that has no login for accounts of the sign-in in use
 * (signing in again as another Plannr user, or at another Plannr address): the changes waiting in
 * those accounts' caches, which this sign-in can never send. `accounts` names every such account;
 * `caches` are those of them with a cache on this computer (null when the caches could not even be
 * listed); `addresses` is given when the sign-in is at another address than the one in use.
 */
export function heldSignInWarning(
  accounts: readonly string[],
  caches: readonly AccountCache[] | null,
  addresses: AddressChange | null = null,
): string {
  const sentences = [
    addresses
      ? `This sign-in is to Plannr at ${addresses.to}, not at ${addresses.from}, and has no login there for ${joined([...accounts])}: a copy of Plannr at another address is another place, even with the same accounts.`
      : `This sign-in is for another Plannr user, with no login for ${joined([...accounts])}.`,
  ]
  if (caches === null) {
    sentences.push(
      'The offline caches on this computer could not be read, so changes made here may be waiting there that this sign-in cannot send.',
    )
  } else {
    const waiting = caches.filter((cache) => cache.unsent !== null && cache.unsent > 0)
    const unreadable = caches.filter((cache) => cache.unsent === null)
    const total = waiting.reduce((sum, cache) => sum + (cache.unsent ?? 0), 0)
    if (waiting.length === 1) {
      sentences.push(
        `${plural(total, 'change')} made on this computer in ${waiting[0]?.label ?? ''} ${total === 1 ? 'is' : 'are'} waiting to reach Plannr, and cannot be sent by this sign-in.`,
      )
    } else if (waiting.length > 1) {
      const each = waiting.map((cache) => `${(cache.unsent ?? 0).toLocaleString('en-GB')} in ${cache.label}`)
      sentences.push(
        `${plural(total, 'change')} made on this computer are waiting to reach Plannr, and cannot be sent by this sign-in: ${joined(each)}.`,
      )
    }
    if (unreadable.length > 0) {
      sentences.push(
        `The offline ${unreadable.length === 1 ? 'cache' : 'caches'} of ${joined(unreadable.map((cache) => cache.label))} could not be read, so changes this sign-in cannot send may be waiting there.`,
      )
    }
    if (waiting.length === 0 && unreadable.length === 0)
      sentences.push('No change made on this computer is waiting there.')
  }
  const them = accounts.length === 1 ? 'it' : 'them'
  sentences.push(
    addresses
      ? `Going on keeps what this computer holds for ${them} (cached clients and waiting changes), never sending any of it to ${addresses.to}, until you sign in at ${addresses.from} again, or sign out, which discards it. Cancel to stay with ${addresses.from}.`
      : `Going on keeps what this computer holds for ${them} (cached clients and waiting changes) until you sign in as a user with a login there, or sign out, which discards it. Cancel to sign in again as the user you were.`,
  )
  return sentences.join(' ')
}
