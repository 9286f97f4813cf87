import type { DBCore, DBCoreMutateRequest, DBCoreTable, Dexie } from 'dexie'

/**
 * Calls `observe` with every write request on `tableName` made through `db`, as it is issued and
 * before it runs (a Dexie DBCore middleware named `name`). Below Dexie's table API, so every
 * kind of write is seen: put, add, delete, and range deletes such as `clear()`. Call once per
 * Dexie instance, before it opens.
 */
export function observeWrites(
  db: Dexie,
  name: string,
  tableName: string,
  observe: (request: DBCoreMutateRequest) => void,
): void {
  interceptWrites(db, name, tableName, (request) => {
    observe(request)
    return request
  })
}

/**
 * As observeWrites, but what runs is the request `intercept` returns (e.g. the same rows with a
 * field every row must carry).
 */
export function interceptWrites(
  db: Dexie,
  name: string,
  tableName: string,
  intercept: (request: DBCoreMutateRequest) => DBCoreMutateRequest,
): void {
  db.use({
    stack: 'dbcore',
    name,
    create: (down: DBCore): DBCore => ({
      ...down,
      table(requested: string): DBCoreTable {
        const table = down.table(requested)
        if (requested !== tableName) return table
        return {
          ...table,
          mutate(request) {
            return table.mutate(intercept(request))
          },
        }
      },
    }),
  })
}
