import type { AppErrorData } from '../../../shared/ipc/errors'
import { operationKinds, type OperationKindName, type ResultMap } from './operations/registry'
import type { OpOf } from './record'

/**
 * Only a create's answer may name a new uuid: its temporary uuid becomes Plannr's everywhere, for
 * good (rewrite.ts). An edit's answer is the record it changed. One that names another record
 * (a server bug, a proxy handing over another request's answer) is not an answer to this edit:
 * taken as one, it would move the record's cache row onto the other record and send every queued
 * and later edit of the record to that other one. It is a malformed answer, with that kind's
 * policy: in doubt, so the edit's next step reads Plannr's copy of its own record again.
 *
 * Returns that error, or null when the answer is about the operation's record.
 */
export function answerForAnotherRecord<K extends OperationKindName>(
  op: OpOf<K>,
  result: ResultMap[K],
): AppErrorData | null {
  const kind = operationKinds[op.kind]
  if (kind.creates) return null
  const answered = kind.resultUuid(result)
  if (answered.toLowerCase() === op.subjectUuid.toLowerCase()) return null
  return {
    kind: 'malformed-response',
    message:
      `Plannr answered about another record (${answered}) than the one changed (${op.subjectUuid}): ` +
      `${kind.describe(op.payload)}. Nothing was saved from it.`,
  }
}
