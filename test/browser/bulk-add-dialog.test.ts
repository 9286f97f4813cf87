import { flushSync, mount, unmount } from 'svelte'
import { afterEach, describe, expect, it, vi } from 'vitest'
import BulkAddDialog from '../../src/renderer/src/components/BulkAddDialog.svelte'

/**
 * The dialog that adds the selected participants to a group or circle: a save that fails (the
 * cache refused to store the change) says so and lets the user try again; groups of the same
 * name are told apart when one of them is waiting to sync.
 */

const mounted: Array<ReturnType<typeof mount>> = []

afterEach(() => {
  for (const component of mounted.splice(0)) void unmount(component)
  document.body.replaceChildren()
})

function dialog(
  onSubmit: (uuid: string) => Promise<string | null>,
  options = [{ uuid: 'g-1', name: 'Smith family', pending: false }],
): HTMLElement {
  const target = document.createElement('div')
  document.body.append(target)
  mounted.push(
    mount(BulkAddDialog, { target, props: { target: 'group', count: 2, options, onSubmit, onClose: () => {} } }),
  )
  flushSync()
  return document.body
}

function choose(root: HTMLElement, uuid: string): void {
  const select = root.querySelector<HTMLSelectElement>('#bulk-target')
  if (!select) throw new Error('no list')
  select.value = uuid
  select.dispatchEvent(new Event('change', { bubbles: true }))
  flushSync()
}

describe('adding the selection to a group', () => {
  it('says a save that failed, in words, and can be tried again', async () => {
    const onSubmit = vi.fn(() => Promise.reject(new Error('The disk is full.')))
    const root = dialog(onSubmit)
    choose(root, 'g-1')
    root.querySelector('form')?.requestSubmit()
    await vi.waitFor(() => expect(root.querySelector('[role="alert"]')?.textContent).toContain('The disk is full.'))
    const add = root.querySelector<HTMLButtonElement>('button[type="submit"]')
    expect(add?.disabled).toBe(false)
    expect(add?.textContent).not.toMatch(/Saving/)
  })

  it('marks a group waiting to sync beside one of the same name', () => {
    const root = dialog(
      async () => null,
      [
        { uuid: 'g-1', name: 'Smith family', pending: false },
        { uuid: 'g-2', name: 'Smith family', pending: true },
      ],
    )
    const labels = [...root.querySelectorAll('#bulk-target option')].map((option) => option.textContent?.trim())
    expect(labels).toEqual(['Choose…', 'Smith family', 'Smith family (pending sync)'])
  })
})
