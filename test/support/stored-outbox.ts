/**
 * In the page, for `page.evaluate`: the changes waiting to sync exactly as this computer stores
 * them (every row of the outbox of the one account's cache database, read from IndexedDB without
 * the app), and the page's clock when they were read. It runs in the page, so it refers to
 * nothing outside itself; the rows are unchecked, for the test to parse what it reads of them.
 */
export async function storedOutbox(): Promise<{ rows: unknown[]; now: number }> {
  const names = (await indexedDB.databases()).flatMap((info) =>
    info.name?.startsWith('plannr-cache-') ? [info.name] : [],
  )
  const name = names[0]
  if (names.length !== 1 || name === undefined) throw new Error(`one account's database expected: ${names.join()}`)
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open(name)
    request.onsuccess = () => resolve(request.result)
    request.onerror = () => reject(request.error)
  })
  try {
    const rows = await new Promise<unknown[]>((resolve, reject) => {
      const request = db.transaction('outbox').objectStore('outbox').getAll()
      request.onsuccess = () => resolve(request.result)
      request.onerror = () => reject(request.error)
    })
    return { rows, now: Date.now() }
  } finally {
    db.close()
  }
}

/**
 * In the page, for `page.evaluate`: sets `field` of every stored outbox row's payload to `value`,
 * written straight to IndexedDB without the app, as an older version of the app could have left
 * it. Like storedOutbox, it refers to nothing outside itself.
 */
export async function setStoredPayloadField({ field, value }: { field: string; value: unknown }): Promise<number> {
  const names = (await indexedDB.databases()).flatMap((info) =>
    info.name?.startsWith('plannr-cache-') ? [info.name] : [],
  )
  const name = names[0]
  if (names.length !== 1 || name === undefined) throw new Error(`one account's database expected: ${names.join()}`)
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open(name)
    request.onsuccess = () => resolve(request.result)
    request.onerror = () => reject(request.error)
  })
  try {
    const transaction = db.transaction('outbox', 'readwrite')
    const store = transaction.objectStore('outbox')
    const rows = await new Promise<Array<{ payload: Record<string, unknown> }>>((resolve, reject) => {
      const request = store.getAll()
      request.onsuccess = () => resolve(request.result as Array<{ payload: Record<string, unknown> }>)
      request.onerror = () => reject(request.error)
    })
    for (const row of rows) store.put({ ...row, payload: { ...row.payload, [field]: value } })
    await new Promise<void>((resolve, reject) => {
      transaction.oncomplete = () => resolve()
      transaction.onerror = () => reject(transaction.error)
    })
    return rows.length
  } finally {
    db.close()
  }
}
