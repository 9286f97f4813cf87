import { describe, expect, it } from 'vitest'
import { MAX_PAGES, PageGuard } from '../../src/renderer/src/sync/page-guard'

const page = (...uuids: string[]) => uuids.map((uuid) => ({ uuid }))

describe('a listing that would never end', () => {
  it('stops at a page that repeats the one before it, and lets real pages through', () => {
    const guard = new PageGuard('groups')
    guard.check(1, page('a', 'b'))
    guard.check(2, page('b', 'c')) // rows moved between reads: not a repeat
    expect(() => guard.check(3, page('b', 'c'))).toThrow(
      /list of groups does not end.*page 3 is the same page as page 2/,
    )
  })

  it('stops past the most pages any listing has, whatever they hold', () => {
    const guard = new PageGuard('participants')
    expect(() => guard.check(MAX_PAGES, page('x'))).not.toThrow()
    expect(() => guard.check(MAX_PAGES + 1, page('y'))).toThrow(/deleted nothing/)
  })

  it('an empty page is the end of a listing, not a repeat', () => {
    const guard = new PageGuard('circles')
    guard.check(1, page())
    expect(() => guard.check(2, page())).not.toThrow()
  })
})
