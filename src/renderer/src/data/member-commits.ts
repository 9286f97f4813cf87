import type { PlannrDb } from './db'
import { nextLocalRevision } from './local-revision'
import type { CachedGroup, MemberCommit } from './records'

/**
 * Membership changes the outbox committed, noted on the group row with their local revision
 * (local-revision.ts). A participant page (or a reconciliation lookup) read before such a commit
 * and written after it is older than the cache for those participants: the sync must neither
 * bring back a membership the commit removed nor prune one it added. A removal leaves no row to
 * stamp, so the note lives on the group.
 */

/** Notes a committed membership change. Call inside a read-write transaction over `groups` and `meta`. */
export async function noteMemberCommit(
  db: PlannrDb,
  groupUuid: string,
  change: { added: readonly string[]; removed: readonly string[] },
): Promise<void> {
  const group = await db.groups.get(groupUuid)
  if (!group) return
  const rev = await nextLocalRevision(db)
  const note: MemberCommit = { rev, added: [...change.added], removed: [...change.removed] }
  await db.groups.update(groupUuid, { memberCommits: [...(group.memberCommits ?? []), note] })
}

/** What a sync whose read began at `readRevision` must leave alone in this group's memberships. */
export interface HeldMembers {
  added: ReadonlySet<string>
  removed: ReadonlySet<string>
}

/**
 * The memberships committed after `readRevision`, merged in commit order (a later commit wins),
 * plus the group's queued changes (`pendingMembers`), which the sync leaves alone whatever it read.
 */
export function heldMembers(group: CachedGroup | undefined, readRevision: number): HeldMembers {
  const added = new Set<string>()
  const removed = new Set<string>()
  const notes = (group?.memberCommits ?? []).filter((note) => note.rev > readRevision)
  const queued = group?.pendingMembers ? [group.pendingMembers] : []
  for (const change of [...notes.sort((a, b) => a.rev - b.rev), ...queued]) {
    for (const uuid of change.added) {
      added.add(uuid)
      removed.delete(uuid)
    }
    for (const uuid of change.removed) {
      removed.add(uuid)
      added.delete(uuid)
    }
  }
  return { added, removed }
}

/**
 * Drops the notes a read that began at `readRevision` has seen (a full pass that began after
 * them read the server with those commits in it). Keeps the row small.
 */
export async function forgetMemberCommits(db: PlannrDb, groupUuid: string, readRevision: number): Promise<void> {
  await db.transaction('rw', db.groups, async () => {
    const group = await db.groups.get(groupUuid)
    const notes = group?.memberCommits ?? []
    if (notes.length === 0) return
    const kept = notes.filter((note) => note.rev > readRevision)
    if (kept.length !== notes.length)
      await db.groups.update(groupUuid, { memberCommits: kept.length > 0 ? kept : null })
  })
}
