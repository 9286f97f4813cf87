import { liveQuery } from 'dexie'
import { untrack } from 'svelte'
import { accountSignals, type OwnedAccountSignals } from '../../../shared/ipc/account-signals'
import { bindAccount, type PlannrApi, type SessionApi } from '../../../shared/ipc/plannr-api'
import type { Participant } from '../../../shared/plannr/models'
import {
  countReviews,
  createdUuids,
  onReviewOrderChange,
  toParticipant,
  type ReviewCounts,
  getParticipantDetails,
  groupCountKey,
  groupRange,
  LiveSearchIndex,
  noteRecentParticipant,
  openPlannrDatabases,
  recentParticipants,
  stageRestoredParticipant,
  type PlannrDatabases,
  type PlannrDb,
} from '../data'
import { createSyncEngine, stoppedStatus, type SyncEngine, type SyncStatus } from '../sync'
import {
  createOutbox,
  deletedSubjects,
  type CircleOpened,
  type ConflictChoice,
  type CreatedRecord,
  type EditIntent,
  type GroupOpened,
  type OperationKindName,
  type Outbox,
  type OutboxItem,
  type OutboxPause,
  type OutboxSnapshot,
  type PayloadOf,
} from '../outbox'
import type { FieldErrors } from '../lib/field-errors'
import { unwrap } from '../lib/ipc'
import type { Ref } from '../../../shared/plannr/models'
import type { BusinessUnitRow, CircleRow, GroupRow, ShownDetails } from './rows'
import type { ParticipantSource } from './group-participants.svelte'
import { cacheParticipantSource } from './participant-source'
import { today } from './today.svelte'
import { findAccountCache, type AccountPlace } from './account-caches'
import { claimCacheAddress } from './cache-address'

/**
 * A change the outbox took, with the operation now carrying it (null when it cancelled out and
 * nothing is queued), or the field errors it was refused with.
 */
export type Queued = { errors: FieldErrors } | { errors: null; opId: string | null }

/** One signed-in account's offline world: its cache, its sync engine, its lists. */
export class OfflineAccount {
  groups = $state.raw<GroupRow[]>([])
  circles = $state.raw<CircleRow[]>([])
  units = $state.raw<BusinessUnitRow[]>([])
  listsLoading = $state(true)
  outboxSnapshot = $state.raw<OutboxSnapshot>({
    items: [],
    counts: { pending: 0, needsAttention: 0, blocked: 0, total: 0 },
    running: false,
    paused: null,
  })
  syncStatus = $state.raw<SyncStatus>(stoppedStatus())
  /** Persisted, so "last synced N min ago" is right even after a restart with no network. */
  lastSyncedAt = $state<string | null>(null)
  /**
   * Main says Plannr refused the sign-in: nothing is sent until the user signs in again. Heard
   * from main's auth event as it comes, ahead of the outbox's snapshot, which follows it once
   * read back.
   */
  sendingWaitsForSignIn = $state(false)
  /** Reviews due across the account, per window (the sidebar's counts); null until first read. */
  reviewCounts = $state.raw<ReviewCounts | null>(null)
  /** Bumped whenever a sync run ends, so open tables re-read their rows. */
  dataVersion = $state(0)
  /**
   * Bumped whenever a write changed who is due for review when (a sync page, a client leaving the
   * cache): the reviews list re-reads its order then, as the sidebar recounts, so the list and the
   * counts beside it agree while a sync is still running, not only once it has ended.
   */
  reviewsVersion = $state(0)
  readonly participantSource: ParticipantSource

  private readonly signals: OwnedAccountSignals
  private readonly sync: SyncEngine
  private readonly outbox: Outbox
  private readonly cleanups: Array<() => void> = []
  /** Set by close: a read still under way then fails on the closed database, which is no news. */
  private closed = false

  private constructor(
    readonly dbs: PlannrDatabases,
    readonly api: SessionApi,
    readonly place: AccountPlace,
    readonly databaseName: string,
    private readonly searchIndex: LiveSearchIndex,
    inDoubtSettleMs: number | undefined,
  ) {
    // One subscription to main's auth and connectivity events, followed by both engines.
    this.signals = accountSignals(api)
    this.sync = createSyncEngine({ db: dbs.cache, api, signals: this.signals })
    this.outbox = createOutbox({
      db: dbs,
      api,
      signals: this.signals,
      log: (message) => console.info(`[outbox] ${message}`),
      ...(inDoubtSettleMs === undefined ? {} : { inDoubtSettleMs }),
    })
    this.participantSource = cacheParticipantSource(dbs.cache)
  }

  /**
   * The cache is per account and per Plannr address: switching account never mixes two firms'
   * clients, and a sign-in at another address (a staging copy with production's account uuids)
   * never opens, or sends, the first address's cache and queue. Every call the session's sync and
   * outbox make names this account and address (bindAccount), and main refuses it once another
   * account, or another address, is in use: a session left running can never act in another firm.
   */
  static async open(api: PlannrApi, place: AccountPlace): Promise<OfflineAccount> {
    const { accountUuid, baseUrl } = place
    const name = await findAccountCache(place)
    const dbs = await openPlannrDatabases(name)
    let search: LiveSearchIndex | null = null
    try {
      // Before anything reads or sends from it: a cache made for another address is refused (the
      // demo's are told apart by its run instead, demo-cache.ts, its address changing every run).
      if (!place.demo) await claimCacheAddress(dbs.durable, baseUrl)
      search = await LiveSearchIndex.open(dbs.cache, { alsoFollow: [dbs.durable] })
      // Main names a settle window only in the test shell; the app's own is the outbox's default.
      const info = await unwrap(api.app.info()).catch(() => null)
      const account = new OfflineAccount(
        dbs,
        bindAccount(api, accountUuid, baseUrl),
        place,
        name,
        search,
        info?.inDoubtSettleMs,
      )
      // The queue as stored, before anything is shown: counted as empty until its first read, it
      // would say "Everything is on Plannr" and let Sign out skip its warning and discard it.
      account.outboxSnapshot = await account.outbox.snapshot()
      return account
    } catch (error) {
      // Left open, these connections would hold the databases against Try again's next open and
      // against sign-out deleting them.
      await search?.close().catch(() => {})
      dbs.close()
      throw error
    }
  }

  start(): void {
    const db = this.dbs.cache
    this.watch(
      async () => {
        const [groups, units, states, deleted] = await Promise.all([
          db.groups.orderBy('name').toArray(),
          db.businessUnits.toArray(),
          db.syncState.toArray(),
          deletedSubjects(db),
        ])
        const unitName = new Map(units.map((unit) => [unit.uuid, unit.name]))
        const stateOf = new Map(states.map((state) => [state.groupUuid, state]))
        return Promise.all(
          groups.map(async (group): Promise<GroupRow> => {
            const state = stateOf.get(group.uuid)
            const synced = !!state?.lastFullSyncAt
            const cached = await memberCount(db, group.uuid)
            return {
              uuid: group.uuid,
              name: group.name,
              count: synced ? cached : group.participantsCount,
              cached,
              firstPassDone: synced || !!group.pendingOpId,
              businessUnit: group.businessUnit
                ? (unitName.get(group.businessUnit.uuid) ?? group.businessUnit.name)
                : null,
              lastSyncedAt: latest(state?.lastIncrementalAt, state?.lastFullSyncAt, group.committedAt),
              pending: !!group.pendingOpId && !deleted.has(group.uuid),
              deletedOnPlannr: deleted.has(group.uuid),
            }
          }),
        )
      },
      (rows) => {
        this.groups = rows
        this.listsLoading = false
      },
    )
    this.watch(
      () => db.circles.orderBy('name').toArray(),
      (circles) =>
        (this.circles = circles.map((circle) => ({
          uuid: circle.uuid,
          name: circle.name,
          colour: circle.bgColour,
          people: circle.accounts.map((account) => account.name),
          groups: circle.groups.map((group) => group.name),
          pending: !!circle.pendingOpId,
        }))),
    )
    this.watch(
      () => db.businessUnits.orderBy('name').toArray(),
      (units) =>
        (this.units = units.map((unit) => ({
          uuid: unit.uuid,
          name: unit.name,
          members: unit.membersCount,
          groups: unit.groupsCount,
          pending: !!unit.pendingOpId,
        }))),
    )
    // Counted from the in-memory review order (no IndexedDB read), again whenever a write
    // changed it (a sync page or an edit that moved someone's next review) and whenever the day
    // changed: at midnight reviews due yesterday become overdue with no write at all, and the
    // counts must stay those of the day the reviews list shows.
    let countsAsked = 0
    const recount = (): void => {
      const mine = ++countsAsked
      countReviews(db, today.current).then(
        (counts) => {
          if (mine === countsAsked) this.reviewCounts = counts
        },
        (error: unknown) => this.report(error),
      )
    }
    this.cleanups.push(
      onReviewOrderChange(db, () => {
        this.reviewsVersion++
        recount()
      }),
    )
    this.cleanups.push(
      $effect.root(() => {
        $effect(() => {
          void today.current
          untrack(recount)
        })
      }),
    )
    this.cleanups.push(this.outbox.subscribe((snapshot) => (this.outboxSnapshot = snapshot)))
    this.cleanups.push(this.signals.onAuth((signedIn) => (this.sendingWaitsForSignIn = !signedIn)))
    // A start that fails where the outbox cannot say so itself (its signals, its lock) is reported.
    this.outbox.start().catch((error: unknown) => this.report(error))
    this.watch(
      () => db.meta.get('lastSyncAt'),
      (row) => (this.lastSyncedAt = typeof row?.value === 'string' ? row.value : null),
    )
    let wasSyncing = false
    this.cleanups.push(
      this.sync.subscribe((status) => {
        this.syncStatus = status
        const syncing = status.state === 'syncing'
        if (wasSyncing && !syncing) this.dataVersion++
        wasSyncing = syncing
      }),
    )
    this.sync.start()
  }

  /**
   * The user asked ("Sync now", "Try now"): a sync runs now, and changes waiting out a backoff are
   * sent now too, not when it ends. Plannr's own waits (429s) still hold.
   */
  syncNow(): void {
    void this.sync.syncNow()
    void this.outbox.tryNow()
  }

  /** The user opened a group: if its participants were never cached, they load first. */
  focusGroup(uuid: string): void {
    const row = this.groups.find((group) => group.uuid === uuid)
    if (row && !row.firstPassDone) this.sync.focusGroup(uuid)
  }

  /**
   * Queues a create. Resolves with null once it is durably queued (the UI may say so), or with
   * field errors keyed like the API's (`name`, `account_uuids`…) for the form to show.
   */
  async create<K extends OperationKindName>(kind: K, payload: PayloadOf<K>): Promise<FieldErrors | null> {
    return (await this.queueCreate(kind, payload)).errors
  }

  /** As `create`, with the operation that now carries it. */
  async queueCreate<K extends OperationKindName>(kind: K, payload: PayloadOf<K>): Promise<Queued> {
    const result = await this.outbox.enqueue(kind, payload)
    return result.ok ? { errors: null, opId: result.op.id } : { errors: result.error.fieldErrors }
  }

  /**
   * Queues an edit of a group or circle (shown at once, marked pending). Resolves with null once
   * durably queued (or folded, coalesced, cancelled out), or with field errors for the form.
   */
  async edit(intent: EditIntent): Promise<FieldErrors | null> {
    return (await this.queueEdit(intent)).errors
  }

  /**
   * As `edit`, with the operation that now carries it: a new one, or a queued one it was folded
   * or coalesced into; null when it cancelled out and nothing is queued.
   */
  async queueEdit(intent: EditIntent): Promise<Queued> {
    const result = await this.outbox.edit(intent)
    return result.ok ? { errors: null, opId: result.opId } : { errors: result.error.fieldErrors }
  }

  /** A queued operation as it stands now (null once gone), and what holds the whole outbox. */
  async queuedState(opId: string): Promise<{ item: OutboxItem | null; paused: OutboxPause | null }> {
    const snapshot = await this.outbox.snapshot()
    return { item: snapshot.items.find((item) => item.id === opId) ?? null, paused: snapshot.paused }
  }

  /**
   * Puts a participant back into a group they were just removed from ("Undo"). Once Plannr
   * confirmed the removal a client left in no group has left the cache: their row comes back
   * from the copy on screen in the transaction that queues the add, so the group shows them again
   * at once, and a refused add (the group gone meanwhile) takes the row back with it.
   */
  async putBack(groupUuid: string, participant: Participant): Promise<Queued> {
    // The screen's copy may be reactive state: IndexedDB stores plain data only.
    const row = $state.snapshot(participant)
    const result = await this.outbox.edit(
      { kind: 'add-participants', uuid: groupUuid, participants: [participant.uuid] },
      (db) => stageRestoredParticipant(db, row),
    )
    return result.ok ? { errors: null, opId: result.opId } : { errors: result.error.fieldErrors }
  }

  /** The user's choice for a conflict; a message when it could not be applied. */
  async resolve(id: string, choice: ConflictChoice): Promise<string | null> {
    const result = await this.outbox.resolve(id, choice)
    return result.ok ? null : result.error.message
  }

  /**
   * Plannr's uuid for a record created offline whose create has landed (in this window or
   * another); null for any other uuid.
   */
  async landedUuid(temporary: string): Promise<string | null> {
    return (await createdUuids(this.dbs.cache, [temporary])).get(temporary.toLowerCase()) ?? null
  }

  /**
   * A cached group as its details form opens on it, with the values the form's edit carries
   * back (`opened`): what the user leaves alone is then not sent, whatever a sync brings in.
   */
  async groupDetails(uuid: string): Promise<{ name: string; businessUnit: string | null; opened: GroupOpened } | null> {
    const start = await this.outbox.groupEditStart(uuid)
    if (!start) return null
    return { name: start.opened.name, businessUnit: start.opened.business_unit, opened: start.opened }
  }

  /** A cached circle as its edit form needs it (names for the picked accounts), and its `opened` values. */
  async circle(uuid: string): Promise<{
    name: string
    bgColour: string | null
    accounts: Ref[]
    groupUuids: string[]
    opened: CircleOpened
  } | null> {
    const start = await this.outbox.circleEditStart(uuid)
    if (!start) return null
    return {
      name: start.opened.name,
      bgColour: start.opened.bg_colour,
      accounts: start.row.accounts,
      groupUuids: start.opened.group_uuids,
      opened: start.opened,
    }
  }

  /** Sends an item again, optionally edited; field errors when the edit is refused. */
  async retry(id: string, editedPayload?: unknown): Promise<FieldErrors | null> {
    const result = await this.outbox.retry(id, editedPayload)
    if (result.ok) return null
    return 'fieldErrors' in result.error ? result.error.fieldErrors : { _: [result.error.message] }
  }

  /** See Outbox.onCreated: a record shown by its temporary uuid now has Plannr's. */
  onCreated(listener: (created: CreatedRecord) => void): () => void {
    return this.outbox.onCreated(listener)
  }

  async discard(id: string): Promise<string | null> {
    const result = await this.outbox.discard(id)
    return result.ok ? null : result.error.message
  }

  /** Names for uuids, to pre-fill pickers when an item is edited. */
  async refs(uuids: string[]): Promise<Ref[]> {
    const rows = await this.dbs.cache.participants.bulkGet(uuids)
    return uuids.map((uuid, index) => ({ uuid, name: rows[index]?.name ?? uuid }))
  }

  search(text: string, limit = 20): Promise<Participant[]> {
    return this.searchIndex.search(text, limit).then((rows) => rows.map(toParticipant))
  }

  /** The participants opened last (quick search with nothing typed). */
  recent(limit = 8): Promise<Participant[]> {
    return recentParticipants(this.dbs.cache, limit).then((rows) => rows.map(toParticipant))
  }

  /**
   * A participant with what the cache keeps apart: its firm, its groups and which of its circles
   * wait to sync. `opened` is false
   * when details already on screen are read again after a sync (not a new visit to the client).
   * `groupUuid`: the group they are shown in, whose membership is read with them (`inGroup`).
   */
  async details(uuid: string, opened = true, groupUuid?: string): Promise<ShownDetails | null> {
    const [found, membership] = await Promise.all([
      getParticipantDetails(this.dbs.cache, uuid),
      groupUuid === undefined ? undefined : this.dbs.cache.memberships.get([groupUuid, uuid]),
    ])
    if (!found) return null
    // Opening someone's details is what makes them a recent client.
    if (opened) await noteRecentParticipant(this.dbs.cache, uuid)
    return {
      participant: {
        ...toParticipant(found.participant),
        groups: found.groups.map((group) => ({ uuid: group.uuid, name: group.name })),
      },
      firm: found.firm,
      pendingCircles: found.circles.filter((circle) => circle.pending).map((circle) => circle.uuid),
      ...(groupUuid === undefined ? {} : { inGroup: membership !== undefined }),
    }
  }

  /**
   * Closes the session without waiting on Plannr. Both engines are stopped and the database
   * closed in one go, so neither takes another step. A call already on its way to main is not
   * waited for (the renderer cannot cancel it, and main may hold it through its timeouts and
   * retries for a minute or more), nor is a send whose `sending` mark was being written as the
   * database closed; their answers are ignored, as nothing can be written any more: the sync
   * drops what it read, and a send stays `sending` on disk, which the outbox looks up before
   * sending anything again when this account is opened next (main holds that lookup until the
   * send has settled, and aborts the account's calls itself on a switch or sign-out). Closing the
   * database also ends the outbox's turn with the drain lock, so a session reopened on this
   * account drains at once.
   */
  async close(): Promise<void> {
    this.closed = true
    for (const cleanup of this.cleanups.splice(0)) cleanup()
    // The sync is told to stop before the index is saved (not waited for: that would wait on its
    // call to main), so no page it has not written yet lands after the saved copy, which would
    // leave that copy a revision behind and rebuilt at the next open.
    const syncStopped = this.sync.stop()
    // Saved while the database is open: nothing here waits on the network.
    await this.searchIndex.close()
    const stopped = Promise.all([syncStopped, this.outbox.stop()])
    this.signals.close()
    this.dbs.close()
    // Settles once their last call answers; a failure then is the closed database's, nothing to report.
    stopped.catch(() => {})
  }

  private watch<T>(query: () => Promise<T>, apply: (value: T) => void): void {
    const subscription = liveQuery(query).subscribe({ next: apply, error: (error: unknown) => this.report(error) })
    this.cleanups.push(() => subscription.unsubscribe())
  }

  private report(error: unknown): void {
    if (!this.closed) console.error(error)
  }
}

/** The most recent of some ISO times (null when there is none). */
function latest(...times: Array<string | null | undefined>): string | null {
  let best: string | null = null
  for (const time of times) if (time && (best === null || Date.parse(time) > Date.parse(best))) best = time
  return best
}

/**
 * A group's cached member count, read-only (live queries must not write): the count the cache
 * keeps in `meta` when it has one, else an index count.
 */
async function memberCount(db: PlannrDb, groupUuid: string): Promise<number> {
  const cached = await db.meta.get(groupCountKey(groupUuid))
  if (typeof cached?.value === 'number') return cached.value
  const { lower, upper } = groupRange(groupUuid, 1)
  return db.memberships.where('[groupUuid+participantUuid]').between(lower, upper, true, true).count()
}
