import { flushSync, mount, unmount } from 'svelte'
import { afterEach, describe, expect, it, vi } from 'vitest'
import QuickSearch from '../../src/renderer/src/components/QuickSearch.svelte'
import type { Participant } from '../../src/shared/plannr/models'
import { crowd } from './helpers/people'

/**
 * Quick search answers in milliseconds, except the first search after a start whose saved index
 * was stale (it waits for the index to be rebuilt). A slow answer must say it is coming, and a
 * failed one must say it failed, never leave the dialog blank.
 */

const mounted: Array<ReturnType<typeof mount>> = []

afterEach(() => {
  for (const component of mounted.splice(0)) void unmount(component)
  document.body.replaceChildren()
})

function quickSearch(
  search: (text: string) => Promise<Participant[]>,
  { recent = [], onOpen = () => {} }: { recent?: Participant[]; onOpen?: (participant: Participant) => void } = {},
): HTMLElement {
  const target = document.createElement('div')
  document.body.append(target)
  const noop = (): void => {}
  mounted.push(mount(QuickSearch, { target, props: { search, recent: async () => recent, onOpen, onClose: noop } }))
  flushSync()
  return document.body
}

function type(root: HTMLElement, text: string): void {
  const input = root.querySelector<HTMLInputElement>('input[role="combobox"]')
  if (!input) throw new Error('no search box')
  input.value = text
  input.dispatchEvent(new Event('input', { bubbles: true }))
  flushSync()
}

function pressEnter(root: HTMLElement): void {
  root
    .querySelector('input[role="combobox"]')
    ?.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }))
  flushSync()
}

const people = crowd(3)

describe('quick search while an answer is slow or fails', () => {
  it('says "Searching…" once an answer takes a while, then shows the answer', async () => {
    let answer: (found: Participant[]) => void = () => {}
    const root = quickSearch(() => new Promise((resolve) => (answer = resolve)))
    type(root, 'smi')
    expect(root.querySelector('[role="status"]')).toBeNull()
    expect(root.querySelector('[role="listbox"]')?.getAttribute('aria-busy')).toBe('true')
    await vi.waitFor(() => expect(root.querySelector('[role="status"]')?.textContent).toBe('Searching…'), {
      timeout: 5_000,
    })
    answer(people)
    await vi.waitFor(() => expect(root.querySelectorAll('[role="option"]')).toHaveLength(people.length))
    expect(root.querySelector('[role="status"]')).toBeNull()
    expect(root.querySelector('[role="listbox"]')?.getAttribute('aria-busy')).toBe('false')
  })

  it('says the search failed, in words, instead of showing nothing', async () => {
    const root = quickSearch(() => Promise.reject(new Error('The cache could not be read')))
    type(root, 'smi')
    await vi.waitFor(() =>
      expect(root.querySelector('[role="alert"]')?.textContent).toContain('Search failed: The cache could not be read'),
    )
    expect(root.querySelector('.empty:not([role])')).toBeNull()
  })

  it('opens the answer to what was typed on Enter, never a recent client still on screen', async () => {
    const [recentClient, caller] = crowd(2)
    if (!recentClient || !caller) throw new Error('no people')
    let answer: (found: Participant[]) => void = () => {}
    const opened: Participant[] = []
    const root = quickSearch(() => new Promise((resolve) => (answer = resolve)), {
      recent: [recentClient],
      onOpen: (participant) => opened.push(participant),
    })
    await vi.waitFor(() => expect(root.querySelectorAll('[role="option"]')).toHaveLength(1))

    // A caller's number pasted and Enter pressed before the search has answered.
    type(root, '07700 900123')
    pressEnter(root)
    expect(opened).toEqual([])
    // Once the answer is slow to come, the recent client is not left under the number as if it matched.
    await vi.waitFor(() => expect(root.querySelector('[role="status"]')?.textContent).toBe('Searching…'), {
      timeout: 5_000,
    })
    expect(root.querySelector('[role="listbox"]')?.hasAttribute('hidden')).toBe(true)

    // The Enter pressed meanwhile opens the answer's first match.
    answer([caller])
    await vi.waitFor(() => expect(opened).toEqual([caller]))
  })
})
