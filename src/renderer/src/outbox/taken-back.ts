import { dropParticipantsTakenOutOfEveryGroup, type PlannrDb } from '../data'
import type { AfterCommit } from './types'

/**
 * The participants whose memberships an outbox transaction took back by reverting operations (an
 * add or a pending new group discarded, cancelled or rewritten without them). Reverts note them
 * as they go; the transaction settles them once at its end, after anything it applied again, so
 * those left in no group leave the cache in the same transaction, as after a removal Plannr
 * confirmed.
 */
export class TakenBackMembers {
  private readonly uuids = new Set<string>()

  note(participantUuids: readonly string[]): void {
    for (const uuid of participantUuids) this.uuids.add(uuid)
  }

  /** Call last inside the transaction; resolves with what to run once it committed (quick search). */
  settle(db: PlannrDb): Promise<AfterCommit> {
    return dropParticipantsTakenOutOfEveryGroup(db, [...this.uuids])
  }
}
