import { groupCountKey, groupRange } from '../data/counts'
import type { PlannrDb } from '../data/db'
import type { Membership } from '../data/records'
import { replaceUuid } from './uuids'

/**
 * Replaces a temporary uuid by the server's in every queued operation and every cached record
 * that references it. Runs inside the transaction that records the server's answer, so no
 * reader — and no restart — can ever see a dependent pointing at a uuid Plannr does not know.
 */
export async function rewriteTempUuid(db: PlannrDb, from: string, to: string, finishedOpId: string): Promise<void> {
  await db.outbox.toCollection().modify((op) => {
    op.payload = replaceUuid(op.payload, from, to)
    if (op.subjectUuid === from) op.subjectUuid = to
    op.dependsOn = op.dependsOn.filter((id) => id !== finishedOpId)
  })
  // Edits (issue 8) already carry the real uuid: only their dependents needed releasing.
  if (from === to) return
  await db.groups
    .filter((group) => group.businessUnit?.uuid === from)
    .modify((group) => {
      if (group.businessUnit) group.businessUnit = { ...group.businessUnit, uuid: to }
    })
  await db.circles
    .filter((circle) => circle.groups.some((ref) => ref.uuid === from))
    .modify((circle) => {
      circle.groups = circle.groups.map((ref) => (ref.uuid === from ? { ...ref, uuid: to } : ref))
    })
  await moveMemberships(db, from, to)
}

async function moveMemberships(db: PlannrDb, from: string, to: string): Promise<void> {
  const { lower, upper } = groupRange(from, 1)
  const rows = await db.memberships.where('[groupUuid+participantUuid]').between(lower, upper, true, true).toArray()
  if (rows.length === 0) return
  await db.memberships.bulkDelete(rows.map((row): [string, string] => [row.groupUuid, row.participantUuid]))
  await db.memberships.bulkPut(rows.map((row): Membership => ({ ...row, groupUuid: to })))
  await db.meta.bulkDelete([groupCountKey(from), groupCountKey(to)])
}
