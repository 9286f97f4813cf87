import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { Page } from 'playwright-core'
import type AxeCore from 'axe-core'
import type { AppHarness } from './app-harness'

declare global {
  interface Window {
    axe?: typeof AxeCore
  }
}

const require = createRequire(import.meta.url)
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8')

/** The window sizes every screen is checked at: a laptop and the smallest usual window. */
export const VIEWPORTS = [
  { width: 1280, height: 800 },
  { width: 1024, height: 640 },
] as const
export const SCHEMES = ['light', 'dark'] as const

/** Serious and critical findings fail; so do landmark problems (content outside landmarks, two mains). */
const FAILING_IMPACTS = new Set(['serious', 'critical'])
const LANDMARK_RULES = /^(region|landmark-)/

export interface AxeFinding {
  rule: string
  impact: string | null
  help: string
  targets: string[]
}

/** Runs axe-core on the page as it is now; axe is injected through DevTools, so the app's CSP stays as shipped. */
export async function axeFindings(page: Page): Promise<AxeFinding[]> {
  if (!(await page.evaluate(() => window.axe !== undefined))) await page.evaluate(AXE_SOURCE)
  return page.evaluate(async () => {
    const axe = window.axe
    if (!axe) throw new Error('axe-core did not load')
    const results = await axe.run(document, { resultTypes: ['violations'] })
    return results.violations.map((violation) => ({
      rule: violation.id,
      impact: violation.impact ?? null,
      help: violation.help,
      targets: violation.nodes.map((node) => node.target.map(String).join(' ')),
    }))
  })
}

export function failing(findings: AxeFinding[]): AxeFinding[] {
  return findings.filter(
    (finding) => (finding.impact !== null && FAILING_IMPACTS.has(finding.impact)) || LANDMARK_RULES.test(finding.rule),
  )
}

/** Two animation frames: layout and paint have caught up with a viewport or colour-scheme change. */
async function settle(page: Page): Promise<void> {
  await page.evaluate(
    () => new Promise<void>((done) => requestAnimationFrame(() => requestAnimationFrame(() => done()))),
  )
}

/**
 * Checks the screen on show at every size and colour scheme: a screenshot of each under
 * test-results/screens/a11y-<name>-<size>-<scheme>.png, and the failing axe findings, one line
 * each (empty when the screen passes). Leaves the page at 1280x800, light.
 */
export async function checkScreen(app: AppHarness, name: string): Promise<string[]> {
  const { page } = app
  const problems: string[] = []
  for (const viewport of VIEWPORTS) {
    for (const scheme of SCHEMES) {
      await page.setViewportSize(viewport)
      await page.emulateMedia({ colorScheme: scheme })
      await settle(page)
      const variant = `${viewport.width}x${viewport.height}-${scheme}`
      await app.screenshot(`a11y-${name}-${variant}`)
      for (const finding of failing(await axeFindings(page))) {
        problems.push(
          `${name} ${variant}: ${finding.rule} (${finding.impact}) ${finding.help} — ${finding.targets.join(', ')}`,
        )
      }
    }
  }
  await page.setViewportSize(VIEWPORTS[0])
  await page.emulateMedia({ colorScheme: 'light' })
  await settle(page)
  return problems
}
