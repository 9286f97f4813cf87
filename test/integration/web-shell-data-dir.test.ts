import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import WebSocket from 'ws'
import { startSandbox, type Sandbox } from '../../src/sandbox'
import { WEB_SHELL_DATA_FOLDER } from '../../src/web-shell/data-dir'
import { openTokenStore } from '../../src/main/auth/token-store'
import { testMain } from './api-support'

/**
 * `npm run web-shell` as a person runs it (the script, in its own process), stopped and started
 * again: the sign-in survives because the data folder is the same one each time. The token itself
 * is in the keyring, so this runs on the private test keyring only (npm test provides it).
 */
const onTestKeyring = process.platform !== 'linux' || process.env.PLANNR_TEST_KEYRING === '1'
let sandbox: Sandbox

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, seed: 1, accounts: 80 })
})
afterAll(async () => {
  await sandbox?.stop()
})

interface RunningShell {
  origin: string
  /** The printed address's query: the key the page (and so the bridge) needs. */
  key: string
  output: () => string
  stop: () => Promise<void>
}

async function startShell(args: string[], env: Record<string, string> = {}): Promise<RunningShell> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', 'scripts/web-shell.ts', '--port', '0', ...args],
    { env: { ...process.env, PLANNR_API_URL: sandbox.url, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  )
  let output = ''
  const printed = await new Promise<URL>((ready, fail) => {
    const read = (chunk: Buffer) => {
      output += chunk.toString()
      const match = /Plannr Desktop web shell: (http:\/\/127\.0\.0\.1:\d+\/\S*)/.exec(output)
      if (match?.[1]) ready(new URL(match[1]))
    }
    child.stdout?.on('data', read)
    child.stderr?.on('data', read)
    child.once('exit', (code) => fail(new Error(`web shell exited (${code}) before it was ready:\n${output}`)))
  })
  return {
    origin: printed.origin,
    key: printed.search,
    output: () => output,
    stop: () =>
      new Promise<void>((stopped) => {
        child.once('exit', () => stopped())
        child.kill('SIGTERM')
      }),
  }
}

/** One call through the web shell's bridge, from the shell's own origin, as its page makes it. */
async function call(shell: RunningShell, channel: string, input?: unknown): Promise<unknown> {
  const ws = new WebSocket(`${shell.origin.replace('http', 'ws')}/__web-shell/ipc${shell.key}`, {
    origin: shell.origin,
  })
  await new Promise((open, fail) => {
    ws.once('open', open)
    ws.once('error', fail)
  })
  // Main's events (e.g. `auth` as the sign-in changes) come over the same socket: the reply is
  // the message that carries the call's id.
  const reply = new Promise<unknown>((answered) =>
    ws.on('message', (data) => {
      const message = JSON.parse(String(data)) as { id?: number; result?: unknown }
      if (message.id === 1) answered(message.result)
    }),
  )
  ws.send(JSON.stringify({ id: 1, channel, input }))
  const result = await reply
  ws.close()
  return result
}

async function signIn(shell: RunningShell): Promise<void> {
  expect(await call(shell, 'auth.signInWithToken', { token: sandbox.demo.token, baseUrl: sandbox.url })).toMatchObject({
    ok: true,
    value: { state: 'signed-in', keyringPersistent: true },
  })
}

const signedIn = { ok: true, value: { state: 'signed-in', account: { uuid: expect.any(String) as unknown } } }

describe.runIf(onTestKeyring)('web shell data folder', () => {
  it('--data-dir keeps the sign-in across a restart; another folder starts signed out', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'plannr-web-shell-data-'))
    const first = await startShell(['--data-dir', dataDir])
    await signIn(first)
    await first.stop()

    const again = await startShell(['--data-dir', dataDir])
    try {
      expect(again.output()).toContain(`Data folder: ${dataDir}`)
      expect(await call(again, 'auth.status')).toMatchObject(signedIn)
    } finally {
      await again.stop()
    }

    const other = await startShell(['--data-dir', mkdtempSync(join(tmpdir(), 'plannr-web-shell-data-'))])
    try {
      expect(await call(other, 'auth.status')).toMatchObject({ ok: true, value: { state: 'signed-out' } })
    } finally {
      await other.stop()
    }

    const last = await startShell(['--data-dir', dataDir])
    await call(last, 'auth.signOut')
    await last.stop()
  })

  it.runIf(process.platform === 'linux')(
    'without --data-dir it uses one folder per user, so a restart is still signed in',
    async () => {
      const config = mkdtempSync(join(tmpdir(), 'plannr-web-shell-config-'))
      const env = { XDG_CONFIG_HOME: config }
      const first = await startShell([], env)
      await signIn(first)
      await first.stop()
      expect(existsSync(join(config, WEB_SHELL_DATA_FOLDER, 'plannr-settings.json'))).toBe(true)

      const again = await startShell([], env)
      try {
        expect(await call(again, 'auth.status')).toMatchObject(signedIn)
        await call(again, 'auth.signOut')
      } finally {
        await again.stop()
      }
    },
    180_000,
  )

  it("signing out in the web shell leaves the desktop app's sign-in in the keychain", async () => {
    // The desktop app's main, with the keychain store it opens by default, and the web shell, each
    // with its data folder, signed in to the same Plannr with the same token.
    const desktopDir = mkdtempSync(join(tmpdir(), 'plannr-desktop-data-'))
    const desktop = await testMain({ sandbox, dataDir: desktopDir, tokenStore: await openTokenStore() })
    await desktop.services.handlers['auth.signInWithToken']({ token: sandbox.demo.token, baseUrl: sandbox.url })
    await desktop.services.dispose()

    const shell = await startShell(['--data-dir', mkdtempSync(join(tmpdir(), 'plannr-web-shell-data-'))])
    try {
      await signIn(shell)
      await call(shell, 'auth.signOut')
    } finally {
      await shell.stop()
    }

    const restarted = await testMain({ sandbox, dataDir: desktopDir, tokenStore: await openTokenStore() })
    try {
      await restarted.services.restore()
      expect(restarted.services.auth.status()).toMatchObject({ state: 'signed-in', keyringMessage: null })
    } finally {
      await restarted.services.handlers['auth.signOut']()
      await restarted.services.dispose()
    }
  })

  it('refuses a --data-dir that is not a folder, with a clear message', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'plannr-web-shell-data-')), 'file')
    writeFileSync(file, 'not a folder')
    await expect(startShell(['--data-dir', file])).rejects.toThrow(/Cannot use .* as the data folder/)
  })
})
