/**
 * The browser half of bench/sync-plan.bench.ts: what each participants plan costs in requests
 * and in rows written, for a first full sync, an unchanged full pass and an unchanged refresh.
 * Not part of the app bundle, not a vitest test. Calls go over the page server's `/ipc`
 * WebSocket to main's real handlers, signed in to the sandbox (bench/browser-page.ts).
 */
import { PlannrDb } from '../../../src/renderer/src/data/db'
import { createSyncEngine } from '../../../src/renderer/src/sync/engine'
import type { SyncOutcome, SyncPlan } from '../../../src/renderer/src/sync/status'
import { bindAccount } from '../../../src/shared/ipc/plannr-api'
import { countTableAccess } from '../helpers/count-writes'
import { connectSocketApi } from './socket-api'

declare global {
  interface Window {
    runSyncPlanBench(options: { accountUuid: string; baseUrl: string }): Promise<Record<string, number | string>>
  }
}

async function freshDb(name: string): Promise<PlannrDb> {
  await new Promise<void>((resolve) => {
    const request = indexedDB.deleteDatabase(name)
    request.onsuccess = request.onerror = () => resolve()
  })
  return new PlannrDb(name)
}

function ok(outcome: SyncOutcome, what: string): Extract<SyncOutcome, { ok: true }> {
  if (!outcome.ok) throw new Error(`${what} failed: ${outcome.error.kind} ${outcome.error.message}`)
  return outcome
}

window.runSyncPlanBench = async ({ accountUuid, baseUrl }) => {
  const figures: Record<string, number | string> = {}
  const socket = await connectSocketApi()
  const api = bindAccount(socket.api, accountUuid, baseUrl)
  for (const plan of ['accounts', 'per-group'] as const satisfies readonly SyncPlan[]) {
    const db = await freshDb(`plannr-bench-plan-${plan}`)
    const counts = countTableAccess(db)
    // A refresh, not a full pass, unless asked: the reconciliation period is far away.
    const engine = createSyncEngine({ db, api, plan, fullReconcileEveryMs: 86_400_000 })
    const runs: [string, boolean][] = [
      ['full', true],
      ['unchanged_full', true],
      ['unchanged_refresh', false],
    ]
    for (const [label, full] of runs) {
      counts.reset()
      const started = performance.now()
      const outcome = ok(await engine.syncNow({ full }), `${plan} ${label}`)
      const key = `sync_plan_${plan.replace('-', '_')}_${label}`
      figures[`${key}_requests`] = outcome.requests
      figures[`${key}_ms`] = Math.round(performance.now() - started)
      figures[`${key}_rows_written`] = [...counts.writes.values()].reduce((sum, rows) => sum + rows, 0)
      if (outcome.plan !== plan) figures[`${key}_plan_used`] = outcome.plan
    }
    figures[`sync_plan_${plan.replace('-', '_')}_participants`] = await db.participants.count()
    figures[`sync_plan_${plan.replace('-', '_')}_memberships`] = await db.memberships.count()
    db.close()
  }
  socket.close()
  return figures
}
