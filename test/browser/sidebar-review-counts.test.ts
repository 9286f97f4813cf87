import { flushSync, mount, unmount } from 'svelte'
import { afterEach, describe, expect, it } from 'vitest'
import Sidebar from '../../src/renderer/src/components/Sidebar.svelte'
import type { ReviewCounts } from '../../src/renderer/src/data'

/**
 * The sidebar's reviews-due counts wait for the review order's first read at start. Until they
 * come, each window must say it is counting (in words, for sight and for screen readers), and the
 * list must say it is busy; then the numbers replace it.
 */

const mounted: Array<ReturnType<typeof mount>> = []

afterEach(() => {
  for (const component of mounted.splice(0)) void unmount(component)
  document.body.replaceChildren()
})

function sidebar(reviews: ReviewCounts | null): HTMLElement {
  const target = document.createElement('div')
  document.body.append(target)
  const noop = (): void => {}
  mounted.push(
    mount(Sidebar, {
      target,
      props: {
        section: 'groups',
        counts: { groups: 3, circles: 1, businessUnits: 2, outbox: 0 },
        reviews,
        reviewWindow: null,
        onReviews: noop,
        accountName: 'Ada Adviser',
        firmName: 'Firm',
        demo: false,
        canSwitchAccount: false,
        onSwitchAccount: noop,
        onNavigate: noop,
        onQuickSearch: noop,
        onSignOut: noop,
        onAbout: noop,
        onShortcuts: noop,
      },
    }),
  )
  flushSync()
  return target
}

function windows(target: HTMLElement): HTMLUListElement {
  const list = target.querySelector<HTMLUListElement>('ul[aria-label="Reviews due"]')
  if (!list) throw new Error('no Reviews due list')
  return list
}

const buttonTexts = (list: HTMLElement): string[] =>
  [...list.querySelectorAll('button')].map((button) => (button.textContent ?? '').replace(/\s+/g, ' ').trim())

describe("the sidebar's reviews-due counts", () => {
  it('say they are counting, and the list is busy, until the counts come', () => {
    const list = windows(sidebar(null))
    expect(list.getAttribute('aria-busy')).toBe('true')
    expect(buttonTexts(list)).toEqual([
      'Overdue Counting…',
      'This week Counting…',
      'This month Counting…',
      'Next 3 months Counting…',
    ])
  })

  it('show the numbers once counted', () => {
    const list = windows(sidebar({ overdue: 12777, week: 0, month: 2921, quarter: 19577 }))
    expect(list.getAttribute('aria-busy')).toBe('false')
    expect(buttonTexts(list)).toEqual(['Overdue 12,777', 'This week 0', 'This month 2,921', 'Next 3 months 19,577'])
  })
})
