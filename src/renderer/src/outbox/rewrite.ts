import {
  type CachedCircle,
  type CachedGroup,
  groupCountKey,
  groupRange,
  type Membership,
  type OutboxRecord,
  type PlannrDb,
} from '../data'
import { replaceUuid } from './uuids'

/**
 * Replaces a temporary uuid by the server's in every queued operation and every cached record
 * that references it. Runs inside the transaction that records the server's answer, so no
 * reader — and no restart — can ever see a dependent pointing at a uuid Plannr does not know.
 *
 * Only operations waiting for the finished one can reference its temporary uuid (enqueue, edits
 * and retries make an operation wait for the create of every pending record it names), and only
 * their records' cache rows can show it: both are found by index, so a commit touches what it
 * changes and nothing else, however long the queue.
 */
export async function rewriteTempUuid(db: PlannrDb, from: string, to: string, finishedOpId: string): Promise<void> {
  const byId = new Map<string, OutboxRecord>()
  for (const op of await db.outbox.where('dependsOn').equals(finishedOpId).toArray()) byId.set(op.id, op)
  if (from !== to) {
    for (const op of await db.outbox.where('subjectUuid').equalsIgnoreCase(from).toArray()) byId.set(op.id, op)
  }
  const dependents = [...byId.values()]
  await db.outbox.bulkPut(
    dependents.map((op) => ({
      ...op,
      payload: from === to ? op.payload : replaceUuid(op.payload, from, to),
      subjectUuid: op.subjectUuid.toLowerCase() === from.toLowerCase() ? to : op.subjectUuid,
      dependsOn: op.dependsOn.filter((id) => id !== finishedOpId),
    })),
  )
  // Edits of existing records already carry the real uuid: only their dependents needed releasing.
  if (from === to) return
  const subjects = [...new Set(dependents.map((op) => op.subjectUuid))]
  const groups = (await db.groups.bulkGet(subjects)).filter(
    (group): group is CachedGroup => group?.businessUnit?.uuid === from,
  )
  await db.groups.bulkPut(
    groups.map((group) => ({
      ...group,
      businessUnit: group.businessUnit ? { ...group.businessUnit, uuid: to } : null,
    })),
  )
  const circles = (await db.circles.bulkGet(subjects)).filter(
    (circle): circle is CachedCircle => circle?.groups.some((ref) => ref.uuid === from) === true,
  )
  await db.circles.bulkPut(
    circles.map((circle) => ({
      ...circle,
      groups: circle.groups.map((ref) => (ref.uuid === from ? { ...ref, uuid: to } : ref)),
    })),
  )
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
