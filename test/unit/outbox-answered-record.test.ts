import { describe, expect, it } from 'vitest'
import { answerForAnotherRecord } from '../../src/renderer/src/outbox/answered-record'
import type { OpOf } from '../../src/renderer/src/outbox/record'
import type { Group } from '../../src/shared/plannr/models'

const A = '0b3c6a52-5f0e-4a8e-9d0f-2f1d6c1a7e01'
const B = '7d1f0e7a-1b2c-4d3e-8f4a-5b6c7d8e9f00'
const TEMP = 'c4a1e2f3-0000-4000-8000-000000000001'

const envelope = {
  id: 'op-1',
  seq: 1,
  status: 'sending' as const,
  dependsOn: [],
  attempts: 1,
  nextAttemptAt: 0,
  lastError: null,
  createdAt: '2026-03-01T10:00:00.000Z',
  reconcileFirst: false,
}

const addToA: OpOf<'add-participants'> = {
  ...envelope,
  kind: 'add-participants',
  subjectUuid: A,
  payload: { uuid: A, participants: [B], group_name: 'Jones family' },
}

const createGroup: OpOf<'create-group'> = {
  ...envelope,
  kind: 'create-group',
  subjectUuid: TEMP,
  payload: { name: 'New group' },
}

function group(uuid: string): Group {
  return {
    uuid,
    name: 'Some group',
    slug: null,
    participantsCount: null,
    participants: null,
    businessUnit: null,
    createdAt: '2026-03-01T10:00:00.000Z',
    updatedAt: '2026-03-01T10:00:00.000Z',
  }
}

describe('outbox: an answer about another record', () => {
  it("a create's answer names Plannr's uuid for its record", () => {
    expect(answerForAnotherRecord(createGroup, group(B))).toBeNull()
  })

  it("an edit's answer about its own record, in any letter case, is its answer", () => {
    expect(answerForAnotherRecord(addToA, group(A))).toBeNull()
    expect(answerForAnotherRecord(addToA, group(A.toUpperCase()))).toBeNull()
  })

  it("an edit's answer about another record is a malformed answer naming both", () => {
    const error = answerForAnotherRecord(addToA, group(B))
    expect(error?.kind).toBe('malformed-response')
    expect(error?.message).toContain(A)
    expect(error?.message).toContain(B)
  })
})
