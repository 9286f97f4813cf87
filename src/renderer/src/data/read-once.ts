import { byUuid, firstOfEach } from '../../../shared/plannr/lenient'
import { externalReferenceKey } from '../../../shared/plannr/models'
import type { CachedCircle, CachedParticipant } from './records'

/**
 * Lists read back from the cache, each record once. Main's parse keeps a record Plannr names twice
 * in a list once, but rows cached by earlier releases kept such lists as they came, and every screen
 * keys them by identity (a repeated key breaks the screen). Offline, no sync comes to rewrite those
 * rows, so the reading hooks (db.ts) apply the parse's identities to every row read.
 */
function once<T>(items: T[], identity: (item: T) => string): T[] {
  if (size(items) <= 1) return items
  try {
    return firstOfEach(items, identity)
  } catch {
    // An item without its identity (a row no release wrote): every read of the table goes through
    // here, so it is left to the screen that shows it rather than failing them all.
    return items
  }
}

/** How many items a list read back holds: rows are not validated on read, and one may lack it. */
function size(items: unknown): number {
  return Array.isArray(items) ? items.length : 0
}

export function participantListsOnce(participant: CachedParticipant): CachedParticipant {
  const { tags, owners, circles, customFields, externalReferences } = participant
  // Most rows hold at most one of each: nothing to compare, the row as read.
  if (size(tags) + size(owners) + size(circles) + size(customFields) + size(externalReferences) <= 1) {
    return participant
  }
  return {
    ...participant,
    tags: once(tags, byUuid),
    owners: once(owners, byUuid),
    circles: once(circles, byUuid),
    customFields: once(customFields, byUuid),
    externalReferences: once(externalReferences, externalReferenceKey),
  }
}

export function circleListsOnce(circle: CachedCircle): CachedCircle {
  if (size(circle.accounts) <= 1 && size(circle.groups) <= 1) return circle
  return { ...circle, accounts: once(circle.accounts, byUuid), groups: once(circle.groups, byUuid) }
}
