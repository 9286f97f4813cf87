import type { PlannrDb } from '../../../src/renderer/src/data/db'

/**
 * The review order's first read as it was before it took runs of one date in one request: one
 * key cursor over the `nextReviewDate` index, one success event per entry. Kept here only as the
 * reference the bench times next to the app's read, in the same run, on the same database.
 * Returns how many entries and how many distinct dates it saw.
 */
export async function plainCursorRead(db: PlannrDb): Promise<{ entries: number; dates: number }> {
  if (!db.isOpen()) await db.open()
  const index = db
    .backendDB()
    .transaction('participants', 'readonly')
    .objectStore('participants')
    .index('nextReviewDate')
  return new Promise((resolve, reject) => {
    let entries = 0
    let dates = 0
    let last: IDBValidKey | null = null
    const request = index.openKeyCursor()
    request.onerror = () => reject(request.error ?? new Error('Could not read the next review index'))
    request.onsuccess = () => {
      const cursor = request.result
      if (!cursor) return resolve({ entries, dates })
      entries++
      if (cursor.key !== last) dates++
      last = cursor.key
      cursor.continue()
    }
  })
}
