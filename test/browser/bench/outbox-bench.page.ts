/**
 * The browser half of the outbox bench (bench/outbox.bench.ts bundles this file and opens it in
 * Chromium). Not part of the app bundle, not a vitest test. The outbox runs as the app runs it
 * (createOutbox with a subscriber, as the OfflineAccount has), on real IndexedDB, every call going to
 * main's real handlers and rate limiter over the page's WebSocket.
 */
import { openPlannrDatabases } from '../../../src/renderer/src/data/db'
import { createOutbox } from '../../../src/renderer/src/outbox'
import { bindAccount } from '../../../src/shared/ipc/plannr-api'
import { connectSocketApi } from './socket-api'
import { percentile } from './stats'

declare global {
  interface Window {
    benchLog(line: string): void
    runOutboxBench(options: {
      creates: number
      sampled: number
      accountUuid: string
      baseUrl: string
    }): Promise<Record<string, number>>
  }
}

window.runOutboxBench = async ({ creates, sampled, accountUuid, baseUrl }) => {
  const figures: Record<string, number> = {}
  const socket = await connectSocketApi()
  const api = bindAccount(socket.api, accountUuid, baseUrl)
  const name = 'plannr-outbox-bench'
  await new Promise<void>((resolve) => {
    const request = indexedDB.deleteDatabase(name)
    request.onsuccess = request.onerror = () => resolve()
  })
  const dbs = await openPlannrDatabases(name)
  const accounts = await api.accounts.list({ page: 1, perPage: 100 })
  if (!accounts.ok) throw new Error(`accounts.list failed: ${accounts.error.message}`)
  const people = accounts.value.page.items.map((account) => account.uuid)
  const outbox = createOutbox({ db: dbs, api, watchEvents: false })
  let snapshots = 0
  const unsubscribe = outbox.subscribe(() => (snapshots += 1))

  let made = 0
  const enqueueOne = async (): Promise<number> => {
    const index = made++
    const start = performance.now()
    const result = await outbox.enqueue('create-group', {
      name: `Bench group ${index}`,
      participants: [people[index % people.length] ?? '', people[(index + 1) % people.length] ?? ''],
    })
    const ms = performance.now() - start
    if (!result.ok) throw new Error(`enqueue refused: ${result.error.message}`)
    return ms
  }
  const sample = async (): Promise<number[]> => {
    const samples: number[] = []
    for (let k = 0; k < sampled; k += 1) samples.push(await enqueueOne())
    return samples
  }

  // Queued offline (the outbox not started): p95 of enqueue with 10, then ~1,000, already queued.
  while (made < 10) await enqueueOne()
  figures.outbox_enqueue_ms_p95_at_10 = percentile(await sample(), 95)
  while (made < creates - sampled) await enqueueOne()
  figures.outbox_enqueue_ms_p95_at_1000 = percentile(await sample(), 95)
  figures.outbox_queued = made
  window.benchLog(
    `outbox: ${made} creates queued (enqueue p95 ${figures.outbox_enqueue_ms_p95_at_10} ms at 10, ` +
      `${figures.outbox_enqueue_ms_p95_at_1000} ms at ~1,000); draining`,
  )

  const start = performance.now()
  let lastLog = start
  const done = new Promise<void>((resolve) => {
    const stop = outbox.subscribe((snapshot) => {
      if (performance.now() - lastLog > 15_000) {
        lastLog = performance.now()
        window.benchLog(`outbox: ${snapshot.counts.total} left after ${Math.round((lastLog - start) / 1000)} s`)
      }
      if (snapshot.counts.total === 0) {
        stop()
        resolve()
      }
    })
  })
  await outbox.start()
  await done
  const drainMs = performance.now() - start
  figures.outbox_drain_ms = Math.round(drainMs)
  figures.outbox_drain_ops_per_min = Math.round(made / (drainMs / 60_000))
  figures.outbox_snapshots = snapshots
  unsubscribe()
  await outbox.stop()
  dbs.close()
  socket.close()
  return figures
}
