import { describe, expect, it } from 'vitest'
import { problemLines } from '../../src/renderer/src/lib/problem-text'

// What a Waiting-to-sync card says about a change Plannr refused or could not take.
describe('problem lines', () => {
  it('shows each message once, with the form’s field labels instead of API keys', () => {
    const lines = problemLines({
      kind: 'validation',
      message: 'The name has already been taken.',
      fieldErrors: {
        name: ['The name has already been taken.'],
        'participants.0': ['The selected participant is invalid.'],
        'participants.3': ['The selected participant is invalid.'],
      },
    })
    expect(lines.summary).toBeNull()
    expect(lines.fields).toEqual([
      'Name: The name has already been taken.',
      'Participants: The selected participant is invalid.',
    ])
  })

  it('puts a transport failure in plain words, without socket codes', () => {
    const lines = problemLines({
      kind: 'network',
      message: 'Cannot reach Plannr (ECONNREFUSED). Check your connection.',
    })
    expect(lines.summary).not.toMatch(/ECONN|ETIMEDOUT|ENOTFOUND/)
    expect(lines.summary).toMatch(/cannot be reached/i)
    expect(lines.fields).toEqual([])
  })
})

describe('problem lines about one element of a list', () => {
  const problem = {
    kind: 'validation',
    message: 'The selected participants.1 is invalid.',
    fieldErrors: { 'participants.1': ['The selected participants.1 is invalid.'] },
  }

  it('name the element instead of its place in the request, with no summary repeating it', () => {
    const lines = problemLines(problem, (key) => (key === 'participants.1' ? 'Ann Lee' : null))
    expect(lines).toEqual({ summary: null, fields: ['Participants: The selected participant Ann Lee is invalid.'] })
  })

  it('put the name first when the message does not mention the place', () => {
    const lines = problemLines(
      { ...problem, fieldErrors: { 'account_uuids.0': ['The account is archived.'] } },
      () => 'Ann Lee',
    )
    expect(lines.fields).toEqual(['Accounts: Ann Lee: The account is archived.'])
  })
})
