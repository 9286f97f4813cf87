import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { spawn } from 'node:child_process'
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { createHash } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import { lookup } from 'node:dns/promises'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { delimiter, dirname, join, resolve } from 'node:path'
import { skipBecause } from '../support/skip'
import { storedZip } from '../support/zip'

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
  return run('npm', script === 'start' ? ['start'] : ['run', script], extra)
}

function run(
  command: string,
  args: string[],
  extra: Record<string, string>,
  cwd = process.cwd(),
): Promise<{ code: number | null; output: string }> {
  return new Promise((done, fail) => {
    const child = spawn(command, args, { cwd, env: cleanEnv(extra), stdio: ['ignore', 'pipe', 'pipe'] })
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

  it('with only ELECTRON_OVERRIDE_DIST_PATH, start and dev say which variable electron-vite reads', async () => {
    const ownElectron = mkdtempSync(join(tmpdir(), 'plannr-own-electron-'))
    try {
      for (const script of ['start', 'dev']) {
        const result = await npmRun(script, { ELECTRON_OVERRIDE_DIST_PATH: ownElectron })
        expect(result.code, script).not.toBe(0)
        expect(result.output, script).toContain(`ELECTRON_EXEC_PATH=${join(ownElectron, 'electron')}`)
        expect(result.output, script).not.toContain('Electron uninstall')
        expect(result.output, script).not.toMatch(/^\s+at /m)
      }
    } finally {
      rmSync(ownElectron, { recursive: true, force: true })
    }
  })
})

describe('first start where the download works', () => {
  it('runs install-electron once; the next start finds the binary and downloads nothing', async (ctx) => {
    if (process.platform !== 'linux') skipBecause(ctx, 'the stand-in Electron download is built for Linux')
    // A copy of the project's electron package in a scratch project, so the real one is never
    // touched, and a local mirror serving a stand-in archive with the checksum the copy expects.
    const project = mkdtempSync(join(tmpdir(), 'plannr-first-start-'))
    mkdirSync(join(project, 'scripts'))
    for (const script of ['ensure-electron.mjs', 'electron-sandbox.mjs', 'node-support.mjs'])
      copyFileSync(join('scripts', script), join(project, 'scripts', script))
    const copy = join(project, 'node_modules', 'electron')
    mkdirSync(copy, { recursive: true })
    for (const name of readdirSync(electronDir))
      if (statSync(join(electronDir, name)).isFile() && name !== 'path.txt')
        copyFileSync(join(electronDir, name), join(copy, name))
    const archive = `electron-v${electronVersion}-linux-${process.arch}.zip`
    const zip = storedZip({
      electron: { data: '#!/bin/sh\necho stand-in Electron\n', mode: 0o100755 },
      version: { data: electronVersion },
    })
    writeFileSync(
      join(copy, 'checksums.json'),
      JSON.stringify({ [archive]: createHash('sha256').update(zip).digest('hex') }),
    )
    const requests: string[] = []
    const mirror = createServer((request, response) => {
      requests.push(`${request.method} ${request.url}`)
      if (request.url === `/v${electronVersion}/${archive}`) response.writeHead(200).end(zip)
      else response.writeHead(404).end()
    })
    await new Promise<void>((ready) => mirror.listen(0, '127.0.0.1', ready))
    const env = (cacheRoot: string) => ({
      ELECTRON_MIRROR: `http://127.0.0.1:${(mirror.address() as AddressInfo).port}/`,
      // The scratch project has no node_modules of its own besides electron: Electron's
      // downloader and extractor load from this project's.
      NODE_PATH: resolve('node_modules'),
      electron_config_cache: cacheRoot,
    })
    try {
      const first = await run(
        process.execPath,
        ['scripts/ensure-electron.mjs'],
        env(mkdtempSync(join(cache, 'a-'))),
        project,
      )
      expect(first.code, first.output).toBe(0)
      expect(first.output).toContain(`Downloading Electron ${electronVersion} for linux-${process.arch}`)
      expect(first.output).toContain(`Electron ${electronVersion} is installed in node_modules/electron/dist.`)
      expect(requests).toEqual([`GET /v${electronVersion}/${archive}`])
      expect(readFileSync(join(copy, 'path.txt'), 'utf8')).toBe('electron')
      expect(existsSync(join(copy, 'dist', 'electron'))).toBe(true)

      // A second start, even with an empty download cache: nothing fetched, nothing printed.
      const second = await run(
        process.execPath,
        ['scripts/ensure-electron.mjs'],
        env(mkdtempSync(join(cache, 'b-'))),
        project,
      )
      expect(second).toEqual({ code: 0, output: '' })
      expect(requests).toHaveLength(1)
    } finally {
      await new Promise((closed) => mirror.close(closed))
      rmSync(project, { recursive: true, force: true })
    }
  })
})
