import { existsSync, mkdirSync } from 'node:fs'
import { resolve } from 'node:path'
import { chromium, type Browser } from 'playwright-core'
import { CHROMIUM_ARGS, chromiumPath } from './chromium'

export const RENDERER_DIR = resolve('out/renderer')
export const RESULTS_DIR = resolve('test-results')

/** e2e tests drive the built renderer; `npm test` builds it first. */
export function requireBuiltRenderer(): string {
  if (!existsSync(resolve(RENDERER_DIR, 'index.html'))) {
    throw new Error('out/renderer is missing: run `npm run build` before the e2e suite (npm test does this).')
  }
  return RENDERER_DIR
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS, headless: true })
}

export function screenshotPath(name: string): string {
  mkdirSync(RESULTS_DIR, { recursive: true })
  return resolve(RESULTS_DIR, `${name}.png`)
}
