// Reads vitest's JSON report for `npm test` (scripts/test-all.mjs): the counts, and why each
// skipped test did not run (tests record it with test/support/skip.ts), so the summary says
// "skipped: the Electron binary is not installed" rather than only "1 skipped".

/**
 * @param {unknown} report vitest's JSON report
 * @returns {{ passed: number, failed: number, skipped: number, skipReasons: string[] }}
 */
export function summarise(report) {
  const results = /** @type {Record<string, any>} */ (report ?? {})
  const suites = Array.isArray(results.testResults) ? results.testResults : []
  // A suite that failed to load, or whose beforeAll/afterAll failed, may have no failed test to
  // count (its tests are reported skipped); count the suite so the run cannot look green.
  const brokenSuites = suites.filter(
    (suite) => suite.status === 'failed' && !(suite.assertionResults ?? []).some((test) => test.status === 'failed'),
  ).length
  /** @type {Map<string, string[]>} */
  const byReason = new Map()
  for (const suite of suites)
    for (const test of suite.assertionResults ?? []) {
      if (test.status !== 'skipped' && test.status !== 'pending' && test.status !== 'todo') continue
      const reason = typeof test.meta?.skipReason === 'string' ? test.meta.skipReason : 'no reason recorded'
      byReason.set(reason, [...(byReason.get(reason) ?? []), test.fullName ?? test.title ?? '?'])
    }
  const skipReasons = [...byReason].map(([reason, names]) =>
    names.length === 1 ? `${reason} (${names[0]})` : `${reason} (${names.length} tests: ${names[0]}, …)`,
  )
  return {
    passed: results.numPassedTests ?? 0,
    failed: (results.numFailedTests ?? 0) + brokenSuites,
    skipped: (results.numPendingTests ?? 0) + (results.numTodoTests ?? 0),
    skipReasons,
  }
}
