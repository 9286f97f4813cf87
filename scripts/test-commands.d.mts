/** The tools `npm test` runs: tsc, svelte-check, eslint, prettier, electron-vite and vitest. */
export const TOOLS: readonly string[]
/** Whether the vitest suites run inside scripts/with-test-keyring.sh on `platform` (default: this one). */
export function usesTestKeyring(platform?: NodeJS.Platform): boolean
/**
 * The command and arguments that run `tool` with `args` on `platform` (default: this one): this
 * Node and the tool package's own JavaScript entry; on Linux, vitest inside
 * scripts/with-test-keyring.sh. Throws for a tool it does not know.
 */
export function toolCommand(tool: string, args: readonly string[], platform?: NodeJS.Platform): [string, string[]]
