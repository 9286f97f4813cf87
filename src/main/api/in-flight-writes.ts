/**
 * Main's half of "exactly once": a write is keyed by its account, its endpoint and the outbox's
 * operation id. A second send of an operation still in flight (a reloaded renderer, a second
 * window, a restarted outbox that took the live send for a lost one) joins the first send's
 * result instead of reaching Plannr again; a lookup the outbox makes for that operation waits
 * until every write of it has settled here, so it never looks while the first POST is still
 * waiting for its answer. Settled here is not finished on Plannr: after a timeout, a cut
 * connection or a gateway's 504, Plannr may still save it, which the outbox waits out with its
 * settle window (renderer outbox/settle.ts) before it looks.
 */
export class InFlightWrites {
  private readonly writes = new Map<string, Promise<unknown>>()
  private readonly byOperation = new Map<string, Set<Promise<unknown>>>()

  /** Runs `send`, or returns the promise of the same write already in flight. */
  join<T>(accountUuid: string, opId: string, endpoint: string, send: () => Promise<T>): Promise<T> {
    const operation = operationKey(accountUuid, opId)
    const key = `${operation}|${endpoint}`
    const running = this.writes.get(key)
    // Same key, same write: the promise stored under it resolves to this endpoint's answer.
    if (running) return running as Promise<T>
    const pending = send()
    const settled = pending.then(
      () => undefined,
      () => undefined,
    )
    this.writes.set(key, pending)
    const group = this.byOperation.get(operation) ?? new Set<Promise<unknown>>()
    group.add(settled)
    this.byOperation.set(operation, group)
    void settled.then(() => {
      if (this.writes.get(key) === pending) this.writes.delete(key)
      group.delete(settled)
      if (group.size === 0 && this.byOperation.get(operation) === group) this.byOperation.delete(operation)
    })
    return pending
  }

  /** Resolves once no write of this operation is in flight (at once when none is). */
  async settled(accountUuid: string, opId: string): Promise<void> {
    for (;;) {
      const group = this.byOperation.get(operationKey(accountUuid, opId))
      if (!group || group.size === 0) return
      await Promise.all(group)
    }
  }

  get size(): number {
    return this.writes.size
  }
}

function operationKey(accountUuid: string, opId: string): string {
  // ULIDs and uuids are case-insensitive.
  return `${accountUuid.toLowerCase()}|${opId.toUpperCase()}`
}
