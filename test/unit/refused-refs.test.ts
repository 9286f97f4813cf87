import { describe, expect, it } from 'vitest'
import { payloadWithout, refusedRefs, refusesOnlyElements } from '../../src/renderer/src/lib/refused-refs'

// Which chosen records a 422 refused, and the change without them.
describe('refused elements of a payload', () => {
  const payload = { uuid: 'g', group_name: 'G', participants: ['a', 'b', 'c', 'd'] }

  it('finds each indexed field error in the payload as sent', () => {
    const refs = refusedRefs({ 'participants.1': ['x'], 'participants.3': ['x'], 'participants.9': ['x'] }, payload)
    expect(refs.map((ref) => ref.uuid)).toEqual(['b', 'd'])
  })

  it('leaves them out, keeping the others in order and every other field', () => {
    const errors = { 'participants.1': ['x'], 'participants.3': ['x'] }
    expect(payloadWithout(payload, errors, refusedRefs(errors, payload))).toEqual({
      ...payload,
      participants: ['a', 'c'],
    })
  })

  it('offers nothing when another field was refused too, or when nothing would be left', () => {
    const withName = { name: ['taken'], 'participants.0': ['x'] }
    expect(payloadWithout(payload, withName, refusedRefs(withName, payload))).toBeNull()
    const all = { 'participants.0': ['x'], 'participants.1': ['x'], 'participants.2': ['x'], 'participants.3': ['x'] }
    expect(payloadWithout(payload, all, refusedRefs(all, payload))).toBeNull()
  })
})

describe('a refusal over nothing but some elements', () => {
  const payload = { participants: ['a', 'b'] }

  it('is one that sending again as it stands would only repeat', () => {
    const errors = { 'participants.0': ['x'], 'participants.1': ['x'] }
    expect(refusesOnlyElements(errors, refusedRefs(errors, payload))).toBe(true)
    const withName = { name: ['taken'], 'participants.0': ['x'] }
    expect(refusesOnlyElements(withName, refusedRefs(withName, payload))).toBe(false)
    expect(refusesOnlyElements({ name: ['taken'] }, [])).toBe(false)
  })
})
