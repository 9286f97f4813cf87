import { flushSync, mount, unmount } from 'svelte'
import { afterEach, describe, expect, it } from 'vitest'
import CreateCircleForm from '../../src/renderer/src/components/CreateCircleForm.svelte'
import type { CreateCircleBody } from '../../src/shared/plannr/request-bodies'

/**
 * A circle form opened on a queued circle may hold a group that no longer exists (its create was
 * discarded): it is shown, marked, and can be unticked, so the circle can still be saved.
 */
const mounted: Array<ReturnType<typeof mount>> = []

afterEach(() => {
  for (const component of mounted.splice(0)) void unmount(component)
  document.body.replaceChildren()
})

const LISTED = { uuid: '0b3c6a52-5f0e-4a8e-9d0f-2f1d6c1a7e01', name: 'Listed group', pending: false }
const GONE = '7d1f0e7a-1b2c-4d3e-8f4a-5b6c7d8e9f00'
const ACCOUNT = { uuid: '5a6b7c8d-1e2f-4a3b-8c4d-5e6f7a8b9c0d', name: 'Ann Jones' }

describe('circle form: a held group that no longer exists', () => {
  it('is listed as discarded, ticked, and unticking it leaves it out of what is saved', async () => {
    const saved: CreateCircleBody[] = []
    const target = document.createElement('div')
    document.body.append(target)
    const props = {
      groups: [LISTED],
      search: async () => [],
      onSubmit: async (body: CreateCircleBody) => {
        saved.push(body)
        return null
      },
      onCancel: (): void => {},
      initial: {
        name: 'Jones',
        account_uuids: [ACCOUNT.uuid],
        accountRefs: [ACCOUNT],
        group_uuids: [LISTED.uuid, GONE],
      },
    }
    mounted.push(mount(CreateCircleForm, { target, props }))
    flushSync()

    const boxes = [...target.querySelectorAll<HTMLLabelElement>('ul[aria-label="Groups"] label')]
    const gone = boxes.find((label) => /discarded/.test(label.textContent ?? ''))
    const box = gone?.querySelector('input')
    expect(box?.checked).toBe(true)
    box?.click()
    flushSync()
    target.querySelector('form')?.requestSubmit()
    await expect.poll(() => saved.length).toBe(1)
    expect(saved[0]?.group_uuids).toEqual([LISTED.uuid])
  })
})
