import { defineConfig } from 'vitest/config'
import { playwright } from '@vitest/browser-playwright'
import { svelte } from '@sveltejs/vite-plugin-svelte'
import { resolve } from 'node:path'
import { chromiumPath, CHROMIUM_ARGS } from './test/support/chromium'
import { browserCommands } from './test/support/browser-commands'

/**
 * Four suites, one runner:
 * - unit: plain Node, electron mocked (window security, IPC registration, pure modules);
 * - integration: Node against real things — the sandbox over loopback HTTP, keytar on a real keyring;
 * - browser: real Chromium (Debian's), for Dexie on real IndexedDB and renderer state;
 * - e2e: the web shell driving the built UI in Chromium, and the Electron e2e where a binary exists.
 *
 * Timeouts are generous on purpose: tests never assert how long something takes, and a test that
 * is correct but slow (a shared 2-core machine under load runs several times slower) must not fail.
 * How fast things are is measured by `npm run bench`.
 */
export default defineConfig({
  test: {
    reporters: ['default'],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          environment: 'node',
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 180_000,
          hookTimeout: 180_000,
        },
      },
      {
        plugins: [svelte({ configFile: resolve('svelte.config.js') })],
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          testTimeout: 180_000,
          hookTimeout: 180_000,
          browser: {
            enabled: true,
            headless: true,
            screenshotFailures: false,
            provider: playwright({ launchOptions: { executablePath: chromiumPath(), args: CHROMIUM_ARGS } }),
            instances: [{ browser: 'chromium' }],
            // Sandbox + main handlers in Node, driven from tests in Chromium (test/support/browser-commands.ts).
            commands: browserCommands,
          },
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          fileParallelism: false,
          testTimeout: 360_000,
          hookTimeout: 360_000,
        },
      },
    ],
  },
})
