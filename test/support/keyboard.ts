import type { Page } from 'playwright-core'

// Where keyboard focus is, and moving it as a keyboard user does.

/** The accessible-ish name of the focused element: aria-label, else its text. */
export async function focusedName(page: Page): Promise<string> {
  return page.evaluate(() => {
    const element = document.activeElement
    if (!element) return ''
    return (element.getAttribute('aria-label') ?? element.textContent ?? '').trim()
  })
}

/** Presses Tab until the focused control is called `name` (a user tabbing to a button). */
export async function tabTo(page: Page, name: string | RegExp, limit = 60): Promise<void> {
  for (let presses = 0; presses < limit; presses += 1) {
    const current = await focusedName(page)
    if (typeof name === 'string' ? current === name : name.test(current)) return
    await page.keyboard.press('Tab')
  }
  throw new Error(`Tab never reached ${String(name)} (last: ${await focusedName(page)})`)
}

/** The focused element's tag name: BODY when focus was lost. */
export async function focusedTag(page: Page): Promise<string> {
  return page.evaluate(() => document.activeElement?.tagName ?? '')
}
