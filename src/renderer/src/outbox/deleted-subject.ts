import { markChanged, readLocalRevision, removeGroups, syncMayWrite, type PlannrDb } from '../data'
import { OpProblemSchema } from './problem'
import type { StoredOp } from './record'

/**
 * The records changes wait on that Plannr answered with a 404 (problem kind `deleted`): the app
 * shows them as deleted on Plannr, not as pending, and offers no edits of them.
 */
export async function deletedSubjects(db: PlannrDb): Promise<Set<string>> {
  const stuck = await db.outbox.where('status').equals('needs-attention').toArray()
  return new Set(
    stuck.filter((op) => OpProblemSchema.safeParse(op.lastError).data?.kind === 'deleted').map((op) => op.subjectUuid),
  )
}

/**
 * After the user discarded a change to a record deleted on Plannr: the record leaves the cache
 * now, as the next sync would take it away (sync kept it only while the change was pending).
 * Kept while another change still names it: that one has yet to learn it is gone.
 */
export async function forgetDeletedSubject(db: PlannrDb, discarded: StoredOp): Promise<void> {
  if (discarded.lastError?.kind !== 'deleted') return
  const revision = await readLocalRevision(db)
  await removeGroups(db, [discarded.subjectUuid], revision)
  await db.transaction('rw', db.circles, async () => {
    const circle = await db.circles.get(discarded.subjectUuid)
    if (circle && syncMayWrite(circle, revision)) await db.circles.delete(circle.uuid)
  })
  markChanged(db)
}
