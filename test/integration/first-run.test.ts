import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { lookup } from 'node:dns/promises'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { delimiter, dirname, join, resolve } from 'node:path'
import { skipBecause } from '../support/skip'

/**
 * The first `npm start` on a new machine, through the real npm scripts and Electron's own
 * `install-electron` step, where the download cannot happen. Each run stops before the build,
 * so it costs a second or two. Local servers stand in for a mirror and a proxy, to show that
 * Electron's variables are honoured without any internet access.
 */
const electronDir = resolve('node_modules/electron')
const electronVersion = (JSON.parse(readFileSync(join(electronDir, 'package.json'), 'utf8')) as { version: string })
  .version
const installed = existsSync(join(electronDir, 'path.txt'))
const cache = mkdtempSync(join(tmpdir(), 'plannr-electron-cache-'))

/** The environment of a new user: none of Electron's or the proxy variables, an empty download cache. */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {}
  for (const [key, value] of Object.entries(process.env))
    if (!/^(electron_|npm_config_electron|npm_config_(https_)?proxy$|(https?|no|all)_proxy$)/i.test(key))
      env[key] = value
  // npm's scripts run on the Node that runs these tests.
  env.PATH = `${dirname(process.execPath)}${delimiter}${process.env.PATH ?? ''}`
  return { ...env, electron_config_cache: cache, ELECTRON_GET_NO_PROGRESS: '1', ...extra }
}

function npmRun(script: string, extra: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((done, fail) => {
    const args = script === 'start' ? ['start'] : ['run', script]
    const child = spawn('npm', args, { env: cleanEnv(extra), stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.on('error', fail)
    child.on('close', (code) => done({ code, output }))
  })
}

/** A local HTTP server that records what it is asked and refuses it (404, or 403 to CONNECT). */
async function recorder(): Promise<{ server: Server; url: string; requests: string[] }> {
  const requests: string[] = []
  const server = createServer((request, response) => {
    requests.push(`${request.method} ${request.url}`)
    response.writeHead(404).end('not here')
  })
  server.on('connect', (request, socket) => {
    requests.push(`CONNECT ${request.url}`)
    socket.end('HTTP/1.1 403 Forbidden\r\n\r\n')
  })
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready))
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests }
}

function expectPlainFailure(result: { code: number | null; output: string }): void {
  expect(result.code).not.toBe(0)
  expect(result.output).toContain(`Could not download Electron ${electronVersion}`)
  expect(result.output).toMatch(/Check your internet\s+connection or proxy/)
  expect(result.output).toContain('ELECTRON_MIRROR')
  expect(result.output).not.toContain('Electron uninstall')
  // One plain message: no stack trace from the installer.
  expect(result.output).not.toMatch(/^\s+at /m)
}

let local: Awaited<ReturnType<typeof recorder>>
beforeAll(async () => {
  local = await recorder()
})
afterAll(async () => {
  await new Promise((closed) => local?.server.close(closed))
  rmSync(cache, { recursive: true, force: true })
})

describe('first start without the Electron binary', () => {
  beforeEach((ctx) => {
    if (installed) skipBecause(ctx, 'the Electron binary is installed here, so npm start would open the app')
  })

  it('npm start on a machine without internet: one plain message and a non-zero exit', async (ctx) => {
    // Where github.com resolves, this run would download Electron and open the app instead.
    const online = await lookup('github.com').then(
      () => true,
      () => false,
    )
    if (online) skipBecause(ctx, 'github.com resolves here: this case needs a machine without internet')
    const result = await npmRun('start', {})
    expectPlainFailure(result)
    expect(result.output).toContain('from GitHub')
  })

  it('downloads from ELECTRON_MIRROR when it is set, and says which mirror failed', async () => {
    local.requests.length = 0
    const mirror = `${local.url}/mirror/`
    const result = await npmRun('start', { ELECTRON_MIRROR: mirror })
    expectPlainFailure(result)
    expect(result.output).toContain(`from ${mirror}`)
    expect(local.requests).toContain(
      `GET /mirror/v${electronVersion}/electron-v${electronVersion}-${process.platform}-${process.arch}.zip`,
    )
  })

  it('goes through the proxy with ELECTRON_GET_USE_PROXY and HTTPS_PROXY', async () => {
    local.requests.length = 0
    const result = await npmRun('start', {
      ELECTRON_GET_USE_PROXY: '1',
      HTTPS_PROXY: local.url,
      HTTP_PROXY: local.url,
    })
    expectPlainFailure(result)
    expect(local.requests).toContain('CONNECT github.com:443')
  })

  it('with ELECTRON_SKIP_BINARY_DOWNLOAD=1, start, dev and dist download nothing and say why they stop', async () => {
    local.requests.length = 0
    for (const script of ['start', 'dev', 'dist']) {
      const result = await npmRun(script, { ELECTRON_SKIP_BINARY_DOWNLOAD: '1', ELECTRON_MIRROR: `${local.url}/` })
      expect(result.code, script).not.toBe(0)
      expect(result.output, script).toContain('ELECTRON_SKIP_BINARY_DOWNLOAD is set, so it was not downloaded')
      expect(result.output, script).not.toContain('Electron uninstall')
    }
    expect(local.requests).toEqual([])
  })
})
