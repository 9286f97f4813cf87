// `npm run web-shell [-- --port N]`: serves the built app on a loopback URL that any Chromium
// can open, with the real main-process handlers behind `window.plannr`.
import { parseArgs } from 'node:util'
import { resolve } from 'node:path'
import { startWebShellHost } from '../src/web-shell/host'

const { values } = parseArgs({ options: { port: { type: 'string', default: '0' } } })
const port = Number(values.port)
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be a whole number from 0 to 65535, not ${values.port}`)
  process.exit(2)
}
const shell = await startWebShellHost({ rendererDir: resolve('out/renderer'), port, log: (m) => console.log(m) })
console.log(`Plannr Desktop web shell: ${shell.url}`)
console.log('Open it in Chromium. Press Ctrl+C to stop.')
const stop = async () => {
  await shell.close()
  process.exit(0)
}
process.on('SIGINT', () => void stop())
process.on('SIGTERM', () => void stop())
