import type { DBCoreMutateRequest, Dexie } from 'dexie'

/**
 * Rows each table wrote, keys it read by primary key, and rows or keys its range queries returned,
 * counted below Dexie (a DBCore middleware).
 */
export interface TableCounts {
  writes: Map<string, number>
  reads: Map<string, number>
  /** Rows or keys returned by range queries (`toArray`, `primaryKeys`, `keys` over a range); cursors are not counted. */
  ranged: Map<string, number>
  /** With `keepPuts`: every row put or added, in order, with its table. */
  puts: { table: string; row: Record<string, unknown> }[]
  reset(): void
}

function rowsOf(request: DBCoreMutateRequest): number {
  return request.type === 'deleteRange' ? 1 : request.type === 'delete' ? request.keys.length : request.values.length
}

/**
 * Counts every put, add, delete, bulkGet and range query of `db` from now on (and with `keepPuts` keeps a copy
 * of every row put). Call before the database opens.
 */
export function countTableAccess(db: Dexie, options: { keepPuts?: boolean } = {}): TableCounts {
  const writes = new Map<string, number>()
  const reads = new Map<string, number>()
  const ranged = new Map<string, number>()
  const puts: TableCounts['puts'] = []
  db.use({
    stack: 'dbcore',
    name: 'count-table-access',
    create: (down) => ({
      ...down,
      table: (name) => {
        const table = down.table(name)
        return {
          ...table,
          mutate: (request) => {
            writes.set(name, (writes.get(name) ?? 0) + rowsOf(request))
            if (options.keepPuts && (request.type === 'put' || request.type === 'add'))
              for (const value of request.values) {
                if (typeof value === 'object' && value !== null) puts.push({ table: name, row: { ...value } })
              }
            return table.mutate(request)
          },
          getMany: (request) => {
            reads.set(name, (reads.get(name) ?? 0) + request.keys.length)
            return table.getMany(request)
          },
          query: (request) =>
            table.query(request).then((answer) => {
              ranged.set(name, (ranged.get(name) ?? 0) + answer.result.length)
              return answer
            }),
        }
      },
    }),
  })
  return {
    writes,
    reads,
    ranged,
    puts,
    reset() {
      writes.clear()
      reads.clear()
      ranged.clear()
      puts.length = 0
    },
  }
}
