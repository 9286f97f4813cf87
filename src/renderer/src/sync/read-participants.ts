import type { ParticipantPage } from '../../../shared/ipc/contract'
import type { IpcResult } from '../../../shared/ipc/errors'
import { readLocalRevision } from '../data'
import type { SyncContext } from './context'
import { request } from './request'

/** A page as read, with the local revision noted before the read (see readParticipants). */
export interface ReadPage {
  readRevision: number
  answer: ParticipantPage
}

/**
 * One participants read, with the local revision noted before it: what the outbox commits after
 * that is newer than the answer, and the writes of the answer leave it alone.
 */
export async function readParticipants(
  context: SyncContext,
  read: () => Promise<IpcResult<ParticipantPage>>,
): Promise<ReadPage> {
  const readRevision = await readLocalRevision(context.db)
  return { readRevision, answer: await request(context.policy, read) }
}
