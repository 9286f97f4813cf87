import { describe, expect, it } from 'vitest'
import { malformedResponse } from '../../src/main/api/errors'
import { describeErrorData } from '../../src/renderer/src/lib/error-text'

// What the sync status and an outbox card say about an answer main could not read: main's
// message is already the whole sentence (what, where, and that nothing was saved).
describe('the words for an answer Plannr sent that the app cannot read', () => {
  it("says main's sentence once, not wrapped in another", () => {
    const error = malformedResponse('GET /api/v1/group', 'data.3.uuid: must be a UUID')
    const text = describeErrorData(error.data)
    expect(text).toBe(error.data.message)
    expect(text.match(/Plannr sent an answer/g)).toHaveLength(1)
    expect(text).toContain('GET /api/v1/group')
  })

  it('says something plain when an error of that kind carries no message', () => {
    expect(describeErrorData({ kind: 'malformed-response', message: '' })).toBe(
      'Plannr sent an answer the app could not read. Your cached data is unchanged.',
    )
  })
})
