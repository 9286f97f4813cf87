import type { z } from 'zod'
import type { AppErrorKind, IpcResult } from '../../../shared/ipc/errors'
import type { SessionApi } from '../../../shared/ipc/plannr-api'
import type { OutboxRecord, OutboxStatus, PlannrDb } from '../data'
import type { EditHook } from './edit-plan'

export type { OutboxRecord, OutboxStatus }

/** Run once a commit's transaction committed: in-memory state that follows the cache. */
export type AfterCommit = () => void

/** An outbox row as read (record.ts): its payload checked against its kind's schema, its problem parsed. */
export type Operation<P> = Omit<OutboxRecord, 'payload' | 'lastError'> & { payload: P; lastError: OpProblem | null }

/** Names that must be unique among records of one sort, cached or queued (unique-name.ts). */
export type NameScope = 'group' | 'business-unit'

/** The operation being checked, when it is already queued, and the record it creates or changes. */
export interface SelfRef {
  opId: string | null
  subjectUuid: string | null
}

/**
 * Is `name` taken in `scope` by a cached record or by a queued operation's claim (other than
 * `self`'s, which may keep its own name)? Which one, or null when it is free.
 */
export type NameTaken = (scope: NameScope, name: string, self: SelfRef) => Promise<'cache' | 'outbox' | null>

/**
 * Why an operation is not simply waiting its turn, as stored in `lastError`. Server messages and
 * field errors are kept verbatim so the form can show them next to the field they name.
 */
export interface OpProblem {
  /**
   * not-saved: Plannr answered, but writing its answer here failed (full disk…): looked up next.
   * deleted: the record this change edits is gone from Plannr (a 404): it can only be discarded.
   * left-out: a record it named in a set was discarded and taken out of it; it goes on (a notice).
   */
  kind: AppErrorKind | 'blocked' | 'invalid-payload' | 'conflict' | 'not-saved' | 'deleted' | 'left-out'
  message: string
  /** Keyed by payload field (the API's own snake_case names, e.g. `name`, `account_uuids`). */
  fieldErrors?: Record<string, string[]>
  status?: number
  /** Uuids the payload references that will never exist (their create was discarded). */
  missing?: string[]
  /** kind 'conflict': fields Plannr changed since the edit was made, with both values. */
  conflicts?: FieldConflict[]
  /** kind 'conflict': the server copy's updated_at the conflicts were seen on ("keep mine" rebases onto it). */
  serverUpdatedAt?: string
  /**
   * The write may still be running on Plannr (settle.ts): its lookup waits until `nextAttemptAt`,
   * and neither Try now nor Plannr working again brings that forward.
   */
  settling?: boolean
}

/** One field changed both on Plannr and in the app since the edit's base: the user chooses. */
export interface FieldConflict {
  /** The payload's field name (`name`, `bg_colour`, `business_unit`). */
  field: string
  /** Plannr's current value. */
  theirs: string | null
  /** The value the user set in the app. */
  mine: string | null
  /**
   * Plannr's value as a person knows it where the value is an id (a business unit's name, from
   * Plannr's copy): the adviser chooses between names, never uuids. Absent for a value that is its own text.
   */
  theirsName?: string | null
}

/** What an edit does after reading the server copy (OperationKind.prepare). */
export type Prepared<R> =
  /** Send, computing the body from the server copy (e.g. a circle's accounts as a set difference). */
  | { action: 'send'; server: R }
  /** Plannr already has the intended state (an earlier attempt landed, or it was a no-op). */
  | { action: 'done'; result: R }
  /** Plannr changed a field the edit also changes: the user chooses. */
  | { action: 'conflict'; conflicts: FieldConflict[]; serverUpdatedAt: string }

/** The Plannr API as the outbox uses it: `window.plannr` in the app, the real handlers in tests. */
export type OutboxApi = Pick<SessionApi, 'groups' | 'circles' | 'businessUnits' | 'app'> &
  Partial<Pick<SessionApi, 'auth' | 'events'>>

/** What a lookup after an unknown outcome needs besides the operation. */
export interface ReconcileContext {
  /** The outbox's settle window (settle.ts): how long a write may go on running after we stopped waiting. */
  settleMs: number
}

/**
 * One kind of operation: a typed command, not an HTTP request. The engine knows nothing about
 * groups or circles; each kind says how its payload is validated, shown, applied to the cache,
 * sent, looked up after an unknown outcome, and recorded once Plannr has it.
 *
 * Cache writes receive the durable Dexie instance and always run inside a transaction the
 * engine opened over OUTBOX_TABLES, so they commit or roll back with the outbox row.
 */
export interface OperationKind<P, R, K extends string = string, I = never> {
  readonly kind: K
  /** The shared request-body schema (or one built from it): forms, outbox and main agree. */
  readonly schema: z.ZodType<P>
  /** Creates mint a temporary uuid for their record; edits name the record they change. */
  readonly creates: boolean
  /** For edits: the uuid of the record changed. Creates return null. */
  subjectOf(payload: P): string | null
  /** Short words for lists and messages, e.g. `group “Jones family”`. */
  describe(payload: P): string
  /** Uuids of other records the payload references (temporary ones make this op wait for their create). */
  dependencies(payload: P): string[]
  /**
   * Checks only the local data can answer (name uniqueness, through `nameTaken`, which looks at
   * the cache and at what every queued operation's `uniqueName` claims); null when fine.
   */
  checkLocally(db: PlannrDb, payload: P, self: SelfRef, nameTaken: NameTaken): Promise<Record<string, string[]> | null>
  /** Shows the operation's effect in the cache at once, marked with `pendingOpId`. */
  applyLocally(db: PlannrDb, op: Operation<P>): Promise<void>
  /** Undoes applyLocally (the user discarded the operation). */
  revertLocally(db: PlannrDb, op: Operation<P>): Promise<void>
  /** `server`: the copy `prepare` read, for edits that have one. */
  send(api: OutboxApi, op: Operation<P>, server?: R): Promise<IpcResult<R>>
  /**
   * Edits with a server copy to compare with: read it before every send (so also after an
   * unknown outcome, which makes `reconcile` unnecessary for them), detect conflicts and
   * edits that already took effect. A 404 here is the record deleted on Plannr.
   */
  prepare?(api: OutboxApi, op: Operation<P>): Promise<IpcResult<Prepared<R>>>
  /**
   * Edits: true when the payload changes nothing any more (every change dropped by "keep
   * Plannr's", or cancelled by a later edit), so the operation can leave the outbox unsent.
   * Edit payloads name their base values `base_<field>`; conflict resolution relies on it.
   */
  isNoop?(payload: P): boolean
  /** After an unknown outcome: the record Plannr already has for this operation, or null. */
  reconcile(api: OutboxApi, op: Operation<P>, context: ReconcileContext): Promise<IpcResult<R | null>>
  /** The server's uuid of the result (replaces the temporary uuid everywhere). */
  resultUuid(result: R): string
  /**
   * Writes the server's record into the cache in place of the pending one (a create also moves
   * what hangs off its temporary uuid, e.g. a group's memberships, to the server's uuid). May
   * resolve what to run once the commit's transaction committed (e.g. the search index follows).
   */
  commit(db: PlannrDb, op: Operation<P>, result: R): Promise<AfterCommit | undefined | void>

  /*
   * Per-kind hooks the generic code loops over (all optional: a kind declares what applies).
   */

  /**
   * The name this operation claims while queued (a create's name, a rename's new name): no
   * other record of the same scope, cached or queued, may take it (unique-name.ts).
   */
  readonly uniqueName?: {
    scope: NameScope
    of(payload: P): string | undefined
    /**
     * The name this operation gives up on Plannr once sent (a rename's old name), stored as the
     * payload's `base_name` (the outbox indexes it). An operation that claims that name waits
     * for this one: sent first, Plannr would refuse it as taken.
     */
    frees?(payload: P): string | undefined
  }
  /** Membership changes it makes to its group, for the group's `pendingMembers` marker (pending-marker.ts). */
  pendingMembers?(payload: P): { added: readonly string[]; removed: readonly string[] }
  /**
   * The participants whose group memberships applyLocally writes (a new group's members, an add):
   * taking the operation back takes those memberships away, and any participant it leaves in no
   * group leaves the cache (taken-back.ts).
   */
  membersShown?(payload: P): readonly string[]
  /**
   * A record this operation references was created on Plannr: its payload already names the
   * server's uuid `to` (rewrite.ts), and this updates the references its pending cache row shows.
   */
  rewriteReference?(db: PlannrDb, op: Operation<P>, from: string, to: string): Promise<void>
  /**
   * A record this operation names only as one member of a set (a circle's groups) was discarded
   * before Plannr had it: `without` is the payload with that uuid taken out of every such set,
   * and the operation goes on without it, telling the user it was left out of `from` ("this
   * circle"). A kind without it, or a uuid still named after `without` (a reference it cannot do
   * without, such as a group's business unit or the group an add changes), is blocked instead.
   */
  readonly leaveOut?: { without(payload: P, uuid: string): P; from: string }
  /** Edits: how the screen's intent is folded into a pending create, coalesced, or queued (edit.ts). */
  readonly edit?: EditHook<I>
}
