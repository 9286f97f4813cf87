import { describe, expect, it } from 'vitest'
import { summarise } from '../../scripts/test-summary.mjs'

// The shape of vitest's JSON report, as `npm test` writes it to test-results/vitest.json.
const electronSkipped = {
  ancestorTitles: ['Electron app'],
  fullName: 'Electron app starts with a hardened window and answers app.info through the preload',
  status: 'skipped',
  title: 'starts with a hardened window and answers app.info through the preload',
  failureMessages: [],
  meta: { skipReason: 'Electron e2e: the Electron binary is not installed (node_modules/electron/path.txt is absent)' },
}
const seedSkipped = (n: number) => ({
  fullName: `seed fixtures seed page 00${n} matches its fixture`,
  status: 'skipped',
  meta: { skipReason: 'the Plannr API seed pages are not beside this clone' },
})

describe('npm test summary', () => {
  it('says why each skipped test did not run, one line per reason', () => {
    const summary = summarise({
      numPassedTests: 10,
      numFailedTests: 0,
      numPendingTests: 4,
      numTodoTests: 0,
      testResults: [
        { status: 'passed', assertionResults: [electronSkipped, { fullName: 'a', status: 'passed', meta: {} }] },
        { status: 'passed', assertionResults: [seedSkipped(0), seedSkipped(1)] },
        { status: 'passed', assertionResults: [{ fullName: 'old style skip', status: 'skipped', meta: {} }] },
      ],
    })
    expect(summary).toEqual({
      passed: 10,
      failed: 0,
      skipped: 4,
      skipReasons: [
        `${electronSkipped.meta.skipReason} (${electronSkipped.fullName})`,
        'the Plannr API seed pages are not beside this clone (2 tests: seed fixtures seed page 000 matches its fixture, …)',
        'no reason recorded (old style skip)',
      ],
    })
  })

  it('counts a suite that failed to load as a failure', () => {
    expect(summarise({ numFailedTests: 0, testResults: [{ status: 'failed', assertionResults: [] }] }).failed).toBe(1)
  })

  it('counts a suite whose beforeAll failed (its tests reported skipped) as a failure', () => {
    const hookFailed = {
      status: 'failed',
      message: 'Hook timed out in 30000ms.',
      assertionResults: [{ fullName: 'cache ingest', status: 'skipped', meta: {} }],
    }
    const testFailed = { status: 'failed', assertionResults: [{ fullName: 'x', status: 'failed', meta: {} }] }
    expect(summarise({ numFailedTests: 1, numPendingTests: 1, testResults: [hookFailed, testFailed] }).failed).toBe(2)
  })
})
