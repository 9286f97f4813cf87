#!/usr/bin/env node
// Runs before `npm start`, `npm run dev` and `npm run dist`: makes sure the Electron binary is in
// node_modules/electron/dist. Electron's npm package no longer downloads it when it is installed;
// it ships an `install-electron` bin instead, and electron-vite never runs it (it only reads
// node_modules/electron/path.txt and fails with "Electron uninstall"). This script runs that bin
// once, and turns a failed download into one plain message and a non-zero exit. On Linux it then
// checks that Electron can start its sandbox (scripts/electron-sandbox.mjs), and if not, stops with
// the one-time command that fixes it.
//
// The download is Electron's own (@electron/get), so Electron's usual variables apply:
// ELECTRON_MIRROR, ELECTRON_GET_USE_PROXY with HTTPS_PROXY / HTTP_PROXY / NO_PROXY, and
// electron_config_cache. ELECTRON_SKIP_BINARY_DOWNLOAD=1 means never download.
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, relative } from 'node:path'
import { sandboxHelperProblemHere } from './electron-sandbox.mjs'
import { SUPPORTED_NODE_IN_WORDS, supportsNode } from './node-support.mjs'

function fail(lines) {
  console.error(`\n${lines.join('\n')}\n`)
  process.exit(1)
}

/** Where an Electron dist folder keeps its executable (as the electron package's own path.txt says). */
function executableIn(platform) {
  if (platform === 'win32') return 'electron.exe'
  if (platform === 'darwin') return join('Electron.app', 'Contents', 'MacOS', 'Electron')
  return 'electron'
}

function isSet(value) {
  return value !== undefined && value !== '' && value !== '0' && value.toLowerCase() !== 'false'
}

/** The electron package's folder, version and the path of its `install-electron` bin. */
function electronPackage() {
  const require = createRequire(import.meta.url)
  let manifestPath
  try {
    manifestPath = require.resolve('electron/package.json')
  } catch {
    fail(['The electron package is not installed. Run `npm install` first, then run this command again.'])
  }
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'))
  const dir = dirname(manifestPath)
  return { dir, version: manifest.version, installer: join(dir, manifest.bin['install-electron']) }
}

/** Installed = what `install-electron` itself checks: path.txt, dist/version and the executable. */
function isInstalled(electron) {
  try {
    const executable = readFileSync(join(electron.dir, 'path.txt'), 'utf8').trim()
    const version = readFileSync(join(electron.dir, 'dist', 'version'), 'utf8')
      .trim()
      .replace(/^v/, '')
    return executable !== '' && version === electron.version && existsSync(join(electron.dir, 'dist', executable))
  } catch {
    return false
  }
}

/** Stops with the fix where Electron would abort before any window because of its sandbox helper. */
function checkSandbox(electron) {
  // `npm run dist` packages the binary and never starts it: the helper in node_modules does not matter there.
  if (process.env.npm_lifecycle_event === 'dist') return
  const problem = sandboxHelperProblemHere(join(electron.dir, 'dist'))
  if (problem) fail([problem])
}

/** The first line of what the installer printed (its error's message), without the stack. */
function reason(stderr) {
  const line = stderr
    .split('\n')
    .map((text) => text.trim())
    .find((text) => text !== '' && !text.startsWith('at '))
  if (!line) return 'the installer stopped without saying why'
  const message = line.replace(/^(TypeError|Error|HTTPError): /, '')
  // Node's fetch says only "fetch failed" when no connection could be made.
  return message === 'fetch failed'
    ? 'no connection could be made (no network, or a proxy or firewall refused it)'
    : message
}

if (!supportsNode(process.versions.node))
  fail([
    `Plannr Desktop needs ${SUPPORTED_NODE_IN_WORDS}; this is Node.js ${process.versions.node}.`,
    'Install Node.js 22 (with nvm: `nvm install`, which reads .nvmrc), then run `npm install` again.',
  ])

// A binary chosen by hand needs no download. electron-vite starts the one ELECTRON_EXEC_PATH
// names; ELECTRON_OVERRIDE_DIST_PATH (read by the electron package, set by some distributions)
// means nothing to it, and alone would end in electron-vite's "Electron uninstall".
if (isSet(process.env.ELECTRON_EXEC_PATH)) process.exit(0)
if (isSet(process.env.ELECTRON_OVERRIDE_DIST_PATH))
  fail([
    `ELECTRON_OVERRIDE_DIST_PATH is set, but electron-vite starts Electron from ELECTRON_EXEC_PATH.`,
    `Set it to the Electron executable in that folder, for example:`,
    `  ELECTRON_EXEC_PATH=${join(process.env.ELECTRON_OVERRIDE_DIST_PATH, executableIn(process.platform))}`,
    'then run this command again.',
  ])

const electron = electronPackage()
if (isInstalled(electron)) {
  checkSandbox(electron)
  process.exit(0)
}

const where = relative(process.cwd(), join(electron.dir, 'dist')) || join(electron.dir, 'dist')
if (isSet(process.env.ELECTRON_SKIP_BINARY_DOWNLOAD))
  fail([
    `The Electron ${electron.version} binary is not installed, and ELECTRON_SKIP_BINARY_DOWNLOAD is set, so it was not downloaded.`,
    'Unset ELECTRON_SKIP_BINARY_DOWNLOAD and run this command again to download it (once).',
  ])

const source = process.env.ELECTRON_MIRROR || 'GitHub (github.com/electron/electron/releases)'
console.log(`Downloading Electron ${electron.version} for ${process.platform}-${process.arch} from ${source}.`)
console.log(`This happens once (about 100 MB); later starts use the copy in ${where}.`)
const install = spawnSync(process.execPath, [electron.installer], {
  stdio: ['ignore', 'inherit', 'pipe'],
  encoding: 'utf8',
  env: process.env,
})
if (install.status !== 0 || !isInstalled(electron))
  fail([
    `Could not download Electron ${electron.version} from ${source}: ${reason(install.stderr ?? '')}.`,
    'Plannr Desktop runs on Electron, which is downloaded once, on the first start. Check your internet',
    'connection or proxy (behind a proxy, set ELECTRON_GET_USE_PROXY=1 and HTTPS_PROXY), or set',
    'ELECTRON_MIRROR to an Electron mirror you can reach, then run this command again.',
  ])
console.log(`Electron ${electron.version} is installed in ${where}.`)
checkSandbox(electron)
