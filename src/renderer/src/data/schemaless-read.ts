import { Dexie, type Table } from 'dexie'

/**
 * Reads one table of a database as it is on disk, opened with no schema of its own: nothing is
 * created or upgraded by looking, and a database this version cannot open with its schema (left
 * by a newer release, half-migrated) can still be read. `read` gets the table, or null when the
 * database has no such table. Opening or reading may fail: the caller says what that means.
 */
export async function readTableAsStored<T>(
  databaseName: string,
  tableName: string,
  read: (table: Table<unknown, unknown> | null) => Promise<T>,
): Promise<T> {
  const db = new Dexie(databaseName)
  try {
    await db.open()
    return await read(db.tables.find((table) => table.name === tableName) ?? null)
  } finally {
    db.close()
  }
}
