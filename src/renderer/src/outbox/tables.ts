import type { PlannrDb } from '../data'

/**
 * Every table an outbox transaction may touch: the outbox itself and the cache rows of pending
 * records and their references. Opening all of them in each transaction is what lets a kind's
 * applyLocally/commit and the outbox row change atomically.
 */
function outboxTables(db: PlannrDb) {
  return [db.outbox, db.groups, db.circles, db.businessUnits, db.memberships, db.participants, db.meta]
}

/** A durable read-write transaction over outboxTables: complete only once flushed to disk. */
export function inOutboxTransaction<T>(db: PlannrDb, work: () => Promise<T>): Promise<T> {
  return db.transaction('rw', outboxTables(db), work)
}
