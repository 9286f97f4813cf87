import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { existsSync } from 'node:fs'
import { createServer, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'
import WebSocket from 'ws'
import type { Browser, Page } from 'playwright-core'
import { startWebShellHost } from '../../src/web-shell/host'
import { launchChromium, requireBuiltRenderer, screenshotPath } from '../support/browser'
import { channels } from '../../src/shared/ipc/contract'

let shell: Awaited<ReturnType<typeof startWebShellHost>>
let browser: Browser
let page: Page

beforeAll(async () => {
  shell = await startWebShellHost({ rendererDir: requireBuiltRenderer() })
  browser = await launchChromium()
  // A context of its own (not newPage's one-page context): a test opens a second page beside it.
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } })
  page = await context.newPage()
  await page.goto(shell.url)
})

afterAll(async () => {
  await browser?.close()
  await shell?.close()
})

describe('web shell', () => {
  it('opens the built app and reads app.info through the real handlers', async () => {
    await page.getByRole('button', { name: 'Explore the demo' }).waitFor()
    const info = await page.evaluate(() => {
      const api = (globalThis as unknown as { plannr: { app: { info: () => Promise<unknown> } } }).plannr
      return api.app.info()
    })
    expect(info).toMatchObject({ ok: true, value: { shell: 'web-shell', dataDir: shell.dataDir } })
    expect((info as { value: { version: string } }).value.version).toMatch(/^\d+\.\d+\.\d+/)
    const file = screenshotPath('web-shell-first-screen')
    await page.screenshot({ path: file })
    expect(existsSync(file)).toBe(true)
  })

  it('gives the page no Node and no generic IPC: only the contract methods', async () => {
    const probe = await page.evaluate(() => {
      const w = globalThis as unknown as Record<string, unknown>
      const api = w.plannr as Record<string, Record<string, unknown>>
      return {
        require: typeof w.require,
        process: typeof w.process,
        ipcRenderer: typeof w.ipcRenderer,
        invoke: typeof (api as Record<string, unknown>).invoke,
        methods: Object.entries(api)
          .filter(([ns]) => ns !== 'events')
          .flatMap(([ns, m]) => Object.keys(m).map((k) => `${ns}.${k}`))
          .sort(),
      }
    })
    expect(probe).toEqual({
      require: 'undefined',
      process: 'undefined',
      ipcRenderer: 'undefined',
      invoke: 'undefined',
      methods: Object.keys(channels).sort(),
    })
  })

  it('validates input from the page like Electron does', async () => {
    const result = await page.evaluate(() => {
      const api = (globalThis as unknown as { plannr: { app: { info: (x: unknown) => Promise<unknown> } } }).plannr
      return api.app.info({ sneaky: true })
    })
    expect(result).toMatchObject({ ok: false, error: { kind: 'invalid-input' } })
  })

  it('refuses channels outside the contract and connections from other origins', async () => {
    const origin = new URL(shell.url).origin
    // With the page's key in the address (as the page's bridge sends it) and the shell's own Origin.
    const ws = new WebSocket(`${origin.replace('http', 'ws')}/__web-shell/ipc${new URL(shell.url).search}`, { origin })
    await new Promise((resolve, reject) => {
      ws.once('open', resolve)
      ws.once('error', reject)
    })
    const reply = new Promise<string>((resolve) => ws.once('message', (data) => resolve(String(data))))
    ws.send(JSON.stringify({ id: 1, channel: 'fs.readFile', input: '/etc/passwd' }))
    expect(JSON.parse(await reply)).toMatchObject({ id: 1, result: { ok: false, error: { kind: 'unknown-channel' } } })
    ws.close()

    const foreign = new WebSocket(`${origin.replace('http', 'ws')}/__web-shell/ipc${new URL(shell.url).search}`, {
      origin: 'https://evil.example',
    })
    await expect(
      new Promise((resolve, reject) => {
        foreign.once('open', resolve)
        foreign.once('error', reject)
      }),
    ).rejects.toBeTruthy()
  })

  it('serves the app, and connects a page, only with the key in the address it printed', async () => {
    const origin = new URL(shell.url).origin
    // Another program on this computer can send the right Origin header; it cannot know the key.
    const forged = new WebSocket(`${origin.replace('http', 'ws')}/__web-shell/ipc`, { origin })
    await expect(
      new Promise((resolve, reject) => {
        forged.once('open', resolve)
        forged.once('error', reject)
      }),
    ).rejects.toBeTruthy()
    const page = await fetch(`${origin}/`)
    expect(page.status).toBe(403)
    expect(await page.text()).toMatch(/address/)
    const guessed = await fetch(`${origin}/?key=guessed`)
    expect(guessed.status).toBe(403)
    await guessed.body?.cancel()
  })

  it('sends its key to no other server on 127.0.0.1 the same browser visits', async () => {
    // Another local server the same browser visits: a browser shares cookies across every port of
    // a host, and SameSite counts every 127.0.0.1 port as one site.
    const seen: IncomingHttpHeaders[] = []
    const neighbour = createServer((request, response) => {
      seen.push(request.headers)
      response.writeHead(200, { 'Content-Type': 'text/html' }).end('<p>another local program</p>')
    })
    await new Promise<void>((resolve) => neighbour.listen(0, '127.0.0.1', resolve))
    try {
      const { port } = neighbour.address() as AddressInfo
      const other = await page.context().newPage()
      await other.goto(`http://127.0.0.1:${port}/`)
      await other.close()
      // The page and whatever else the browser asked for (its favicon): none carried the key.
      expect(seen.length).toBeGreaterThan(0)
      expect(seen.map((headers) => headers.cookie ?? '').filter((cookie) => /plannr-web-shell-/.test(cookie))).toEqual(
        [],
      )
    } finally {
      await new Promise<void>((resolve) => neighbour.close(() => resolve()))
    }
  })

  it('admits a connection only by the key in its address, not by one in a cookie', async () => {
    // A program holding the key in a cookie, not in the address, with the shell's own Origin.
    const shellUrl = new URL(shell.url)
    const cookie = `plannr-web-shell-${shellUrl.port}=${shellUrl.searchParams.get('key') ?? ''}`
    const byCookie = new WebSocket(`${shellUrl.origin.replace('http', 'ws')}/__web-shell/ipc`, {
      origin: shellUrl.origin,
      headers: { cookie },
    })
    await expect(
      new Promise((resolve, reject) => {
        byCookie.once('open', resolve)
        byCookie.once('error', reject)
      }),
    ).rejects.toBeTruthy()
  })

  it('connects the page again after a reload: its address keeps the key', async () => {
    await page.reload()
    await page.getByRole('button', { name: 'Explore the demo' }).waitFor()
    const info = await page.evaluate(() => {
      const api = (globalThis as unknown as { plannr: { app: { info: () => Promise<unknown> } } }).plannr
      return api.app.info()
    })
    expect(info).toMatchObject({ ok: true, value: { shell: 'web-shell' } })
  })

  it('answers a path that is not valid percent-encoding with 400, and keeps serving', async () => {
    const bad = await fetch(`${new URL(shell.url).origin}/%E0%A4%A`)
    expect(bad.status).toBe(400)
    await bad.body?.cancel()
    const good = await fetch(shell.url)
    expect(good.status).toBe(200)
    await good.body?.cancel()
  })
})
