/**
 * The write floor for a sync, for cache-bench.page.ts: the rows the sync stored, copied as stored
 * (no reading hooks) into an empty database of the same schema with plain Dexie `bulkPut`, 500
 * rows a transaction, table by table. No fetching, parsing, comparing or bookkeeping: what
 * IndexedDB alone costs for the same rows and indexes, in the same browser and profile.
 */
import { Dexie } from 'dexie'
import { PlannrDb } from '../../../src/renderer/src/data/db'

const CHUNK = 500
/** Not written by a sync: the quick-search blob the reads left, and the (empty) outbox. */
const SKIPPED = new Set(['meta', 'outbox'])

/**
 * `mark` is called with `floor:start` and `floor:end` around the writes only (all rows are read
 * first), so the bench can take CPU-seconds per process for them.
 */
export async function bulkPutFloor(
  sourceName: string,
  participants: number,
  mark: (label: string) => Promise<void>,
): Promise<Record<string, number>> {
  const figures: Record<string, number> = {}
  const floorName = `${sourceName}-floor`
  await Dexie.delete(floorName)
  // Opened without a schema (Dexie's dynamic mode): rows come back exactly as stored.
  const source = new Dexie(sourceName)
  await source.open()
  const target = new PlannrDb(floorName)
  await target.open()
  let totalRows = 0
  try {
    const tables: Array<[name: string, rows: unknown[]]> = []
    for (const table of source.tables) {
      if (!SKIPPED.has(table.name)) tables.push([table.name, await table.toArray()])
    }
    source.close()
    await mark('floor:start')
    const start = performance.now()
    for (const [name, rows] of tables) {
      const into = target.table(name)
      const tableStart = performance.now()
      for (let offset = 0; offset < rows.length; offset += CHUNK) {
        const chunk = rows.slice(offset, offset + CHUNK)
        await target.transaction('rw', into, () => into.bulkPut(chunk))
      }
      totalRows += rows.length
      if (rows.length >= 1000) figures[`floor_bulkput_${name}_ms`] = Math.round(performance.now() - tableStart)
    }
    const totalMs = performance.now() - start
    await mark('floor:end')
    figures.floor_bulkput_ms = Math.round(totalMs)
    figures.floor_bulkput_rows = totalRows
    figures.floor_bulkput_participants_per_s = Math.round(participants / (totalMs / 1000))
  } finally {
    source.close()
    target.close()
    await Dexie.delete(floorName)
  }
  return figures
}
