// `npm run web-shell [-- --port N] [-- --data-dir DIR]`: serves the built app on a loopback URL
// that any Chromium can open, with the real main-process handlers behind `window.plannr`. The data
// folder (settings, chosen account) stays the same across restarts, so the sign-in does too.
import { parseArgs } from 'node:util'
import { mkdirSync } from 'node:fs'
import { homedir } from 'node:os'
import { resolve } from 'node:path'
import { startWebShellHost } from '../src/web-shell/host'
import { defaultWebShellDataDir } from '../src/web-shell/data-dir'

function usage(message: string): never {
  console.error(message)
  console.error('Usage: npm run web-shell -- [--port N] [--data-dir DIR]')
  process.exit(2)
}

let values: { port: string; 'data-dir'?: string }
try {
  ;({ values } = parseArgs({
    options: { port: { type: 'string', default: '0' }, 'data-dir': { type: 'string' } },
  }))
} catch (error) {
  usage(error instanceof Error ? error.message : String(error))
}
const port = Number(values.port)
if (!Number.isInteger(port) || port < 0 || port > 65535)
  usage(`--port must be a whole number from 0 to 65535, not ${values.port}`)
if (values['data-dir'] !== undefined && values['data-dir'].trim() === '') usage('--data-dir needs a folder')
const dataDir = resolve(values['data-dir'] ?? defaultWebShellDataDir(process.platform, process.env, homedir()))
try {
  mkdirSync(dataDir, { recursive: true })
} catch (error) {
  usage(`Cannot use ${dataDir} as the data folder: ${error instanceof Error ? error.message : String(error)}`)
}

const shell = await startWebShellHost({
  rendererDir: resolve('out/renderer'),
  port,
  dataDir,
  log: (m) => console.log(m),
})
console.log(`Data folder: ${shell.dataDir}`)
console.log(`Plannr Desktop web shell: ${shell.url}`)
console.log('Open it in Chromium. Press Ctrl+C to stop.')
const stop = async () => {
  await shell.close()
  process.exit(0)
}
process.on('SIGINT', () => void stop())
process.on('SIGTERM', () => void stop())
