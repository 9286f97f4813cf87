// How `npm test` (scripts/test-all.mjs) starts each tool. Every tool is its package's own
// JavaScript entry run by the Node running `npm test`, never a node_modules/.bin entry: on Windows
// those are `.cmd` shims, which spawnSync cannot start without a shell. So no shell is involved
// on any platform.
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

const require = createRequire(import.meta.url)

/** Each tool `npm test` runs, and the package whose `bin` provides it. */
const PACKAGES = {
  tsc: 'typescript',
  'svelte-check': 'svelte-check',
  eslint: 'eslint',
  prettier: 'prettier',
  'electron-vite': 'electron-vite',
  vitest: 'vitest',
}

export const TOOLS = Object.keys(PACKAGES)

/** The absolute path of the file the package's `bin` field names for `tool`. */
function entryOf(tool) {
  const packageName = Object.hasOwn(PACKAGES, tool) ? PACKAGES[tool] : undefined
  if (!packageName) throw new Error(`npm test does not know how to run ${tool}`)
  const manifestPath = require.resolve(`${packageName}/package.json`)
  const { bin } = JSON.parse(readFileSync(manifestPath, 'utf8'))
  const entry = typeof bin === 'string' ? bin : bin?.[tool]
  if (typeof entry !== 'string') throw new Error(`${packageName}'s package.json names no ${tool} command`)
  return join(dirname(manifestPath), entry)
}

// On Linux the vitest suites run inside a private D-Bus session and gnome-keyring, so keytar
// tests never touch the user's own keyring. macOS and Windows keep secrets in the system
// keychain, which keytar uses directly, and need neither bash nor the wrapper.
export function usesTestKeyring(platform = process.platform) {
  return platform === 'linux'
}

export function toolCommand(tool, args, platform = process.platform) {
  const command = [process.execPath, entryOf(tool), ...args]
  if (tool === 'vitest' && usesTestKeyring(platform)) return ['bash', ['scripts/with-test-keyring.sh', ...command]]
  return [command[0], command.slice(1)]
}
