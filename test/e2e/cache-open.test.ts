import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startApp, type AppHarness } from '../support/app-harness'

// When this computer cannot open an account's offline cache, the adviser is not left on an
// error with no way out.
let app: AppHarness

beforeAll(async () => {
  app = await startApp({ seed: 9, accounts: 60, groups: 2 })
})
afterAll(async () => {
  await app?.close()
})

describe('a cache that cannot be opened', () => {
  it('says so, and offers Try again and Sign out', async () => {
    const { page, sandbox } = app
    // A cache left by a newer release of the app (after a downgrade): this one cannot open it.
    await page.evaluate(
      (name) =>
        new Promise<void>((resolve, reject) => {
          const request = indexedDB.open(name, 9_999)
          request.onsuccess = () => {
            request.result.close()
            resolve()
          }
          request.onerror = () => reject(new Error(String(request.error)))
        }),
      `plannr-cache-${sandbox.demo.accountUuid}`,
    )
    // Signed in with a token: the demo's own cache starts empty on every run.
    await page.getByRole('button', { name: 'Advanced' }).click()
    await page.getByLabel('API address').fill(sandbox.url)
    await page.getByLabel('Personal access token').fill(sandbox.demo.token)
    await page.getByRole('button', { name: 'Sign in with token' }).click()
    await page.getByText('The offline cache could not be opened').waitFor()
    await page.getByRole('button', { name: 'Try again' }).click()
    await page.getByText('The offline cache could not be opened').waitFor()
    await page.getByRole('button', { name: 'Sign out' }).click()
    await page.getByRole('button', { name: 'Explore the demo' }).waitFor()
    // Signing out removed it, as it removes any account's cache: nothing of the firm is left behind.
    const names = await page.evaluate(async () => (await indexedDB.databases()).map((database) => database.name))
    expect(names).not.toContain(`plannr-cache-${sandbox.demo.accountUuid}`)
  })
})
