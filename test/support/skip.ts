import type { TestContext } from 'vitest'

declare module 'vitest' {
  interface TaskMeta {
    /** Why the test did not run; `npm test` (scripts/test-all.mjs) prints it in its summary. */
    skipReason?: string
  }
}

/**
 * Skips the running test and records why, where the JSON report carries it (vitest's own skip
 * note does not reach that report), so the summary of `npm test` says more than "1 skipped".
 */
export function skipBecause(ctx: TestContext, reason: string): never {
  ctx.task.meta.skipReason = reason
  return ctx.skip(reason)
}
