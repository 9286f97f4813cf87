import { formatWait } from '../lib/format'
import type { OutboxItem, OutboxPause } from '../outbox'

/** Where a change the user just saved stands, and what the app knows of Plannr and the sign-in. */
export interface SavedFacts {
  /**
   * The outbox operation now carrying the change, as it stands; `nothing` when the change
   * cancelled out what was waiting (or changed nothing), so nothing at all was queued.
   */
  queued: { item: OutboxItem | null } | 'nothing'
  /** What holds the whole outbox (a lost sign-in, storage that refused its start, a 429's wait). */
  paused: OutboxPause | null
  /** Sending waits until the user signs in again (they may have chosen "Not now"). */
  waitsForSignIn: boolean
  online: boolean
  /** Plannr answers but does not work (a gateway failing for it). */
  serverProblem: boolean
  /** Epoch ms, for how long what it waits for has left. */
  now: number
}

/**
 * The confirmation a save shows: what happens next to the change, never more than will. "Sending"
 * only when nothing holds it back; otherwise what it waits for.
 */
export function savedText(facts: SavedFacts): string {
  if (facts.queued === 'nothing') return 'Saved. Nothing needs sending to Plannr.'
  if (facts.waitsForSignIn || facts.paused?.reason === 'signed-out')
    return 'Saved on this computer. It will be sent after you sign in again.'
  if (facts.paused?.reason === 'storage')
    return 'Saved on this computer. It will be sent once the app can get the changes waiting to sync ready.'
  const item = facts.queued.item
  if (item?.state === 'blocked') {
    return item.blockedBy.length > 0
      ? `Saved on this computer. It will be sent once ${item.blockedBy.join(', ')} is sorted out (see Waiting to sync).`
      : 'Saved on this computer. It waits on a change that needs attention (see Waiting to sync).'
  }
  if (item?.state === 'needs-attention')
    return 'Saved on this computer. It will be sent once the change it is part of is sorted out (see Waiting to sync).'
  if (!facts.online) return 'Saved on this computer. It will be sent when you are online.'
  if (facts.serverProblem) return 'Saved on this computer. It will be sent when Plannr works again.'
  if (facts.paused?.reason === 'rate-limited')
    return 'Saved on this computer. Plannr asked us to slow down; it will be sent shortly.'
  const waiting = item?.waitsOn
  if (waiting && waiting.nextAttemptAt > facts.now) return waitText(waiting, waiting.nextAttemptAt - facts.now)
  return 'Saved. Sending to Plannr…'
}

/** The change, or one it goes after, waits out a time of its own: a backoff, or Plannr maybe still saving a create. */
function waitText(waiting: NonNullable<OutboxItem['waitsOn']>, leftMs: number): string {
  const left = `in about ${formatWait(leftMs)}`
  if (waiting.self) return `Saved on this computer. It will be sent ${left} (see Waiting to sync).`
  if (waiting.settling)
    return (
      `Saved on this computer. It will be sent once Plannr is known to have ${waiting.label} ` +
      `(checked ${left}: Plannr may still be saving it).`
    )
  return `Saved on this computer. It will be sent after ${waiting.label}, which is tried again ${left}.`
}

/** Words that change with the clock: `at(now)` reads them then; from `until` (epoch ms) on they no longer change. */
export interface LiveText {
  at: (now: number) => string
  until: number
}

/** Something to say, and, when its words count down to a time ("in about 40 s"), how they read later. */
export interface Saying {
  text: string
  live?: LiveText
}

/** savedText, with how it reads later while it counts down to the wait it names (see LiveText). */
export function savedSaying(facts: SavedFacts): Saying {
  const text = savedText(facts)
  const until = facts.queued === 'nothing' ? undefined : facts.queued.item?.waitsOn?.nextAttemptAt
  // Only words that name the wait change with it ("when you are online" does not).
  if (until === undefined || until <= facts.now || savedText({ ...facts, now: until }) === text) return { text }
  return { text, live: { at: (now) => savedText({ ...facts, now }), until } }
}

/** The same saying after `words` (what was done, before what happens next to it). */
export function after(words: string, saying: Saying): Saying {
  const live = saying.live
  return {
    text: `${words} ${saying.text}`,
    ...(live ? { live: { at: (now: number) => `${words} ${live.at(now)}`, until: live.until } } : {}),
  }
}
