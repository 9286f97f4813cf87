import { describe, expect, it } from 'vitest'
import { outboxActions, type OutboxActionItem } from '../../src/renderer/src/lib/outbox-actions'

// Which buttons a Waiting-to-sync card offers for each sort of change.
const NOW = 1_000_000

function item(overrides: Partial<OutboxActionItem>): OutboxActionItem {
  return {
    state: 'queued',
    status: 'queued',
    problem: null,
    payload: { name: 'Jones family', participants: ['a', 'b', 'c'] },
    settleUntil: null,
    ...overrides,
  }
}

function offered(of: Partial<OutboxActionItem>, canEdit = true): string[] {
  return outboxActions(item(of), { canEdit, now: NOW, refusedName: (ref) => `person ${ref.uuid}` }).map((action) =>
    action.kind === 'edit' && action.primary ? 'edit (primary)' : action.kind,
  )
}

type Problem = NonNullable<OutboxActionItem['problem']> & { message: string; conflicts?: unknown[] }

function attention(problem: Problem): Partial<OutboxActionItem> {
  return { state: 'needs-attention', status: 'needs-attention', problem }
}

const refused: Problem = {
  kind: 'validation',
  message: 'The selected participant is invalid.',
  fieldErrors: { name: ['The name has already been taken.'] },
}
const refusedPeople: Problem = {
  kind: 'validation',
  message: 'The selected participants.1 is invalid.',
  fieldErrors: { 'participants.1': ['The selected participants.1 is invalid.'] },
}

describe('the actions of a Waiting-to-sync card', () => {
  it('queued or being sent: Discard while queued, nothing while sending', () => {
    expect(offered({})).toEqual(['discard'])
    expect(offered({ state: 'sending', status: 'sending' })).toEqual([])
  })

  it('waiting to retry: Try now and Discard', () => {
    expect(offered({ state: 'retry-wait', status: 'retry-wait' })).toEqual(['try-now', 'discard'])
  })

  it('in doubt: Try now once Plannr has had time to save it, never Discard', () => {
    const inDoubt = { state: 'outcome-unknown', status: 'outcome-unknown' } as const
    expect(offered(inDoubt)).toEqual(['try-now'])
    expect(offered({ ...inDoubt, settleUntil: NOW + 1 })).toEqual([])
    expect(offered({ ...inDoubt, settleUntil: NOW })).toEqual(['try-now'])
  })

  it('refused: Edit and send leads, then Send again and Discard; without a form, no edit', () => {
    expect(offered(attention(refused))).toEqual(['edit (primary)', 'send-again', 'discard'])
    expect(offered(attention(refused), false)).toEqual(['send-again', 'discard'])
  })

  it('refused over some of the people it names only: Send without them leads, never Send again', () => {
    const actions = outboxActions(item(attention(refusedPeople)), {
      canEdit: true,
      now: NOW,
      refusedName: (ref) => `person ${ref.uuid}`,
    })
    expect(actions).toEqual([
      { kind: 'send-without', payload: { name: 'Jones family', participants: ['a', 'c'] }, names: 'person b' },
      { kind: 'edit', primary: false },
      { kind: 'discard' },
    ])
    expect(offered(attention(refusedPeople), false)).toEqual(['send-without', 'discard'])
  })

  it('names everyone it leaves out', () => {
    const problem: Problem = {
      ...refusedPeople,
      fieldErrors: { 'participants.0': ['x'], 'participants.1': ['x'] },
    }
    const payload = { name: 'Jones family', participants: ['a', 'b', 'c', 'd'] }
    const [first] = outboxActions(item({ ...attention(problem), payload }), {
      canEdit: true,
      now: NOW,
      refusedName: (ref) => `person ${ref.uuid}`,
    })
    expect(first).toMatchObject({ kind: 'send-without', names: 'person a and person b' })
  })

  it('refused over every person it names: nothing left to send without them, and not again as it stands', () => {
    const problem: Problem = {
      ...refusedPeople,
      fieldErrors: { 'participants.0': ['x'], 'participants.1': ['x'], 'participants.2': ['x'] },
    }
    expect(offered(attention(problem))).toEqual(['edit (primary)', 'discard'])
  })

  it('a conflict: Keep mine and Keep Plannr’s, then Discard', () => {
    const conflict: Problem = { kind: 'conflict', message: 'Changed on Plannr too.', conflicts: [] }
    expect(offered(attention(conflict))).toEqual(['keep-mine', 'keep-theirs', 'discard'])
  })

  it('deleted on Plannr: Discard only', () => {
    const deleted: Problem = { kind: 'deleted', message: 'This group was deleted on Plannr.' }
    expect(offered(attention(deleted))).toEqual(['discard'])
    expect(offered(attention(deleted), false)).toEqual(['discard'])
  })

  it('unreadable: Edit and send where a form can fix it, and Discard; never Send again, which the outbox refuses', () => {
    const unreadable: Problem = { kind: 'invalid-payload', message: 'This item is not valid any more.' }
    expect(offered(attention(unreadable))).toEqual(['edit (primary)', 'discard'])
    // A create Plannr may have as it was sent, or a kind with no form.
    expect(offered(attention(unreadable), false)).toEqual(['discard'])
  })

  it('blocked by a discarded create it needs: Edit and send where a form can fix it, and Discard', () => {
    const blocked: Problem = { kind: 'blocked', message: 'Waits for group “A”, which was discarded.' }
    const stored = { state: 'blocked', status: 'blocked', problem: blocked } as const
    expect(offered(stored)).toEqual(['edit (primary)', 'discard'])
    expect(offered(stored, false)).toEqual(['discard'])
  })

  it('shown blocked behind a change that needs the user: Discard only, it goes on by itself', () => {
    expect(offered({ state: 'blocked', status: 'queued' })).toEqual(['discard'])
  })

  it('left out of a set (a notice): as any queued change', () => {
    const leftOut: Problem = { kind: 'left-out', message: 'Group “A” was left out of this circle.' }
    expect(offered({ problem: leftOut })).toEqual(['discard'])
    expect(offered({ state: 'retry-wait', status: 'retry-wait', problem: leftOut })).toEqual(['try-now', 'discard'])
  })
})
