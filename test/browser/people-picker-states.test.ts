import { flushSync, mount, unmount } from 'svelte'
import { afterEach, describe, expect, it } from 'vitest'
import PeoplePicker from '../../src/renderer/src/components/PeoplePicker.svelte'
import type { Participant } from '../../src/shared/plannr/models'
import { crowd, crowdMember } from './helpers/people'

/**
 * The people picker searches as the user types, and answers arrive after the keystrokes that
 * asked for them. Until the answer to what is typed has come, the list must say it is busy (an
 * earlier answer may still be showing and is about to change); a failed search must say so in
 * words instead of leaving an empty list.
 */

const mounted: Array<ReturnType<typeof mount>> = []

afterEach(() => {
  for (const component of mounted.splice(0)) void unmount(component)
  document.body.replaceChildren()
})

function picker(search: (text: string) => Promise<Participant[]>): HTMLElement {
  const target = document.createElement('div')
  document.body.append(target)
  const props = { id: 'people', label: 'Participants', selected: [], search, onChange: (): void => {} }
  mounted.push(mount(PeoplePicker, { target, props }))
  flushSync()
  return target
}

function type(root: HTMLElement, text: string): void {
  const input = root.querySelector<HTMLInputElement>('input[role="combobox"]')
  if (!input) throw new Error('no combobox')
  input.focus()
  input.value = text
  input.dispatchEvent(new Event('input', { bubbles: true }))
  flushSync()
}

/** A search whose answers the test hands out, one per query, in any order. */
function heldSearch(): {
  search: (text: string) => Promise<Participant[]>
  answer: (query: string, found: Participant[]) => void
} {
  const waiting = new Map<string, (found: Participant[]) => void>()
  return {
    search: (text) => new Promise((resolve) => waiting.set(text, resolve)),
    answer: (query, found) => waiting.get(query)?.(found),
  }
}

const listbox = (root: HTMLElement): HTMLElement | null => root.querySelector('[role="listbox"]')
const optionNames = (root: HTMLElement): string[] =>
  [...root.querySelectorAll('[role="option"] .name')].map((name) => name.textContent ?? '')
const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0))

describe('people picker while answers are on their way', () => {
  it('is busy while the shown people answer an earlier text, and not once the latest answer is in', async () => {
    const people = crowd(3)
    const held = heldSearch()
    const root = picker(held.search)
    type(root, 'th')
    expect(listbox(root)?.getAttribute('aria-busy')).toBe('true')
    held.answer('th', people)
    await settle()
    flushSync()
    expect(listbox(root)?.getAttribute('aria-busy')).toBe('false')

    type(root, 'tho')
    // The earlier answer still shows, and the list says it is about to change.
    expect(optionNames(root)).toEqual(people.map((person) => person.name))
    expect(listbox(root)?.getAttribute('aria-busy')).toBe('true')
    const latest = crowdMember(3)
    held.answer('tho', [latest])
    await settle()
    flushSync()
    expect(optionNames(root)).toEqual([latest.name])
    expect(listbox(root)?.getAttribute('aria-busy')).toBe('false')
  })

  it('ignores an answer that arrives after a newer one, and stays settled', async () => {
    const [older, newer] = [crowdMember(0), crowdMember(1)]
    const held = heldSearch()
    const root = picker(held.search)
    type(root, 'a')
    type(root, 'ab')
    held.answer('ab', [newer])
    await settle()
    held.answer('a', [older])
    await settle()
    flushSync()
    expect(optionNames(root)).toEqual([newer.name])
    expect(listbox(root)?.getAttribute('aria-busy')).toBe('false')
  })

  it('says the search failed, in words, and is not left busy', async () => {
    const root = picker(() => Promise.reject(new Error('The cache could not be read')))
    type(root, 'smi')
    await settle()
    flushSync()
    expect(root.querySelector('[role="alert"]')?.textContent).toContain('Search failed: The cache could not be read')
    expect(listbox(root)?.getAttribute('aria-busy')).toBe('false')
  })
})
