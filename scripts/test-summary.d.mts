export interface TestSummary {
  passed: number
  failed: number
  skipped: number
  /** One line per distinct reason: the reason, then the test (or how many tests) it skipped. */
  skipReasons: string[]
}
export function summarise(report: unknown): TestSummary
