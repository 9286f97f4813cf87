import { tick, untrack } from 'svelte'
import type { MenuCommand } from '../../../shared/ipc/contract'
import type { Firm, Participant, Ref } from '../../../shared/plannr/models'
import {
  CreateBusinessUnitBody,
  CreateCircleBody,
  CreateGroupBody,
  type UpdateGroupBody,
} from '../../../shared/plannr/request-bodies'
import { allErrors, type FieldErrors } from '../lib/field-errors'
import { describeError } from '../lib/error-text'
import { unwrap } from '../lib/ipc'
import { participantsCsv, safeFileName } from '../lib/participant-csv'
import { saveCsv } from '../lib/save-file'
import { partOfTotal, plural } from '../lib/format'
import { hasStored, storedText, storedTexts } from '../lib/stored-fields'
import {
  UpdateGroupOp,
  type CircleOpened,
  type ConflictChoice,
  type CreatedRecord,
  type GroupOpened,
  type OutboxItem,
  withoutUnchangedGroupFields,
} from '../outbox'
import type { ConnectivityState } from './connectivity.svelte'
import { GroupParticipantsState } from './group-participants.svelte'
import type { OfflineAccount, Queued } from './offline-account.svelte'
import { after, savedSaying, type LiveText, type Saying } from './saved-text'
import type { ReviewWindow } from '../data'
import { DeletedGroupWatch } from './deleted-group'
import { isSection, type GroupLoading, type GroupRow, type Section, type ShownDetails, type SyncView } from './rows'
import { describeSync } from './sync-view'
import { HeldTimeout, type Hold } from '../lib/held-timeout'

/** The form on screen: a create, an edit of a group or circle, or an outbox item being fixed and resent. */
export type Editor =
  | { kind: 'create-group'; item: OutboxItem | null; initial?: CreateGroupBody & { participantRefs: Ref[] } }
  | { kind: 'create-circle'; item: OutboxItem | null; initial?: CreateCircleBody & { accountRefs: Ref[] } }
  | { kind: 'create-business-unit'; item: OutboxItem | null; initial?: CreateBusinessUnitBody }
  | {
      kind: 'group-details'
      uuid: string
      name: string
      businessUnit: string | null
      /** What the form showed when it opened (null when it fixes an outbox item, sent again as edited). */
      opened: GroupOpened | null
      item: OutboxItem | null
      /** A sync took the group out of the cache while the form was open: it can no longer be saved. */
      groupDeleted?: boolean
    }
  | { kind: 'add-participants'; uuid: string; groupDeleted?: boolean }
  | { kind: 'edit-circle'; uuid: string; initial: CreateCircleBody & { accountRefs: Ref[] }; opened: CircleOpened }

/** What a form open on a group says once the group was deleted on Plannr (see Workspace.followEditorGroup). */
export const GROUP_DELETED_TEXT = 'This group was deleted on Plannr. Your changes cannot be saved.'

/** Outbox kinds whose payload a form can edit before resending (the others: send again or discard). */
export const EDITABLE_KINDS = new Set(['create-group', 'create-circle', 'create-business-unit', 'update-group'])

/**
 * Where the "Go" commands lead, by section name. Reviews is listed before its view exists: the
 * command does nothing until a section of that name does (isSection).
 */
const GO_TO: Record<Extract<MenuCommand, `go-${string}`>, string> = {
  'go-groups': 'groups',
  'go-circles': 'circles',
  'go-business-units': 'businessUnits',
  'go-reviews': 'reviews',
  'go-outbox': 'outbox',
}

/** A place Back returns to: a section, and the group open in it. */
interface Place {
  section: Section
  groupUuid: string | null
}
const HISTORY_LIMIT = 50

const SIGNED_OUT: FieldErrors = { _: ['You are signed out.'] }
const GROUP_DELETED: FieldErrors = { _: [GROUP_DELETED_TEXT] }
const NOTICE_MS = 4000
/** Long enough to notice a mistake and reach the button. */
const UNDO_MS = 10_000

/** A short confirmation under the current view, optionally with one action (Undo). */
export interface Notice {
  text: string
  /**
   * Words that count down to a time ("in about 40 s"): shown in place of `text`, read at the
   * clock the toast shows, so a notice held on screen never reads a time that has passed.
   */
  live?: LiveText
  /** `text`: the button's words; `label`: its full name, saying everything it takes back. */
  action?: { label: string; text: string; run: () => void }
}

/** Something just done that Undo can take back. */
export interface UndoOffer {
  /** What Undo takes back, in words: "removing Ann Lee". */
  what: string
  /** Takes it back; resolves what to say about it. */
  run: () => Promise<string>
}

/**
 * What the signed-in screen is doing: where the user is, which form is open, and the actions
 * behind the buttons. One per OfflineAccount; components stay presentational and call these.
 */
export class Workspace {
  section = $state<Section>('groups')
  groupView = $state<GroupParticipantsState | null>(null)
  /** The reviews view's list (set while the Reviews section is shown). */
  reviewsView = $state<GroupParticipantsState | null>(null)
  editor = $state<Editor | null>(null)
  /** The open form's submit is being saved: the form cannot be closed until it is done. */
  editorSaving = $state(false)
  discarding = $state<OutboxItem | null>(null)
  notice = $state<Notice | null>(null)
  quickSearch = $state(false)
  /** Details opened from quick search; `gone`: a sync has since taken the client out of the cache. */
  quickDetails = $state<(ShownDetails & { gone?: boolean }) | null>(null)
  /** The keyboard shortcuts help is open. */
  shortcutsHelp = $state(false)
  /** The client sheet being printed (shown only by the print styles). */
  sheet = $state<{ participant: Participant; firm: Firm | null } | null>(null)
  /**
   * Which shell runs the page (null until main has said): in Electron the menu owns its keys and
   * files are saved through main; in the web shell the page handles keys, downloads and prints.
   */
  host = $state<{ mac: boolean; electron: boolean } | null>(null)
  /** The "Add to group / circle" dialog for the selected rows. */
  bulkTarget = $state<'group' | 'circle' | null>(null)
  /** An export or a print is under way (its button waits). */
  exporting = $state(false)
  /** "Try now" is checking whether Plannr answers. */
  trying = $state(false)

  /**
   * The group just closed, while the Groups list shown in its place is the next thing on screen
   * (null once anything else was shown): the list gives focus back to its row.
   */
  groupLeft = $state<string | null>(null)

  // $derived.by closures read `account` lazily, after the constructor has set it.
  readonly openGroupUuid = $derived.by(() => this.groupView?.groupUuid ?? null)
  readonly openGroupRow = $derived.by(
    () => this.account.groups.find((group) => group.uuid === this.openGroupUuid) ?? null,
  )
  /** The group the open form edits or adds participants to. */
  readonly editorGroupUuid = $derived.by(() => {
    const editor = this.editor
    return editor?.kind === 'group-details' || editor?.kind === 'add-participants' ? editor.uuid : null
  })
  readonly editorGroupRow = $derived.by(
    () => this.account.groups.find((group) => group.uuid === this.editorGroupUuid) ?? null,
  )
  readonly pendingCount = $derived.by(() => this.account.outboxSnapshot.counts.pending)
  readonly attentionCount = $derived.by(
    () => this.account.outboxSnapshot.counts.needsAttention + this.account.outboxSnapshot.counts.blocked,
  )
  /** The groups to choose from; `pending` tells a group waiting to sync from one of the same name on Plannr. */
  readonly groupRefs = $derived.by(() =>
    this.account.groups.map((group) => ({ uuid: group.uuid, name: group.name, pending: group.pending })),
  )
  readonly unitRefs = $derived.by(() => this.account.units.map((unit) => ({ uuid: unit.uuid, name: unit.name })))
  readonly syncView = $derived.by((): SyncView => describeSync(this.account.syncStatus, this.connectivity.usable))
  /**
   * Nothing has been synced yet and a sync is under way: lists that are still empty say
   * "Syncing…" rather than 0.
   */
  readonly firstSyncRunning = $derived.by(
    () => this.account.lastSyncedAt === null && this.account.syncStatus.state === 'syncing',
  )
  /** The open group's first full pass, while it is not done: how far it got and whether it is loading now. */
  readonly openGroupLoading = $derived.by((): GroupLoading | null => {
    const row = this.openGroupRow
    if (!row || row.firstPassDone) return null
    const sync = this.account.syncStatus
    return {
      done: row.cached,
      total: row.count,
      running: sync.focusGroup === row.uuid || sync.state === 'syncing',
    }
  })

  /** Runs while nobody is on the toast (focus or pointer): leaving it, it goes on from where it stood. */
  private readonly noticeTimer = new HeldTimeout(() => {
    this.notice = null
    this.undos = []
  })
  /** What the toast's Undo takes back, oldest first: every offer since the toast last went. */
  private undos: UndoOffer[] = []
  /** Counts re-reads of the quick details: an older one answering late must not replace a newer copy. */
  private quickRereads = 0
  /** Places left by navigating, newest last, for Back. */
  private history: Place[] = []
  private readonly stopFollowingCreates: () => void
  private readonly stopFollowingGroups: () => void
  private readonly openGroupWatch = new DeletedGroupWatch()
  private readonly editorGroupWatch = new DeletedGroupWatch()

  constructor(
    readonly account: OfflineAccount,
    private readonly connectivity: ConnectivityState,
  ) {
    this.stopFollowingCreates = account.onCreated((created) => this.followCreated(created))
    this.stopFollowingGroups = $effect.root(() => {
      $effect(() => {
        const uuid = this.openGroupUuid
        const row = this.openGroupRow
        untrack(() => this.followOpenGroup(uuid, row))
      })
      $effect(() => {
        const uuid = this.editorGroupUuid
        const row = this.editorGroupRow
        untrack(() => this.followEditorGroup(uuid, row))
      })
    })
    unwrap(account.api.app.info()).then(
      (info) => (this.host = { mac: info.platform === 'darwin', electron: info.shell === 'electron' }),
      () => (this.host = { mac: navigator.userAgent.includes('Mac'), electron: false }),
    )
  }

  /**
   * The open group's participants as CSV, in the table's current filter and order: through the
   * save dialog in the desktop app, as a download in a browser. Nothing leaves the computer.
   * A group not yet read completely exports what is cached, and the notice says it is not all.
   */
  async exportCsv(groupName: string): Promise<void> {
    const view = this.groupView
    if (!view || this.exporting) return
    this.exporting = true
    try {
      const partial = this.openGroupLoading
      const rows = await view.allRows()
      const name = safeFileName(`${groupName} - participants`, 'csv')
      const result = await saveCsv(this.account.api, this.host?.electron ?? false, name, participantsCsv(rows))
      this.say(
        result.saved
          ? `Exported ${plural(rows.length, 'participant')} to ${result.fileName ?? name}.` +
              (partial
                ? ` Not all of this group is cached yet (${partOfTotal(partial.done, partial.total)} participants): the file holds only those on this computer.`
                : '')
          : 'Export cancelled.',
      )
    } catch (error) {
      this.say(`Could not export: ${describeError(error)}`)
    } finally {
      this.exporting = false
    }
  }

  /**
   * Adds the open group's selected participants to another group, queued in the outbox like any
   * membership change (offline too). A message when it was refused, else null.
   */
  async addSelectionToGroup(groupUuid: string): Promise<string | null> {
    const view = this.groupView
    if (!view || view.selectedCount === 0) return 'Select some participants first.'
    const participants = [...view.selected]
    const queued = await this.account.queueEdit({ kind: 'add-participants', uuid: groupUuid, participants })
    if (queued.errors) return allErrors(queued.errors)
    const name = this.account.groups.find((group) => group.uuid === groupUuid)?.name ?? 'the group'
    await this.bulkAdded(`Added ${plural(participants.length, 'participant')} to ${name}.`, queued.opId)
    return null
  }

  /** Adds the selected participants to a circle (its other members and groups kept). */
  async addSelectionToCircle(circleUuid: string): Promise<string | null> {
    const view = this.groupView
    if (!view || view.selectedCount === 0) return 'Select some participants first.'
    const circle = await this.account.circle(circleUuid)
    if (!circle) return 'That circle is no longer on this computer.'
    const members = new Set(circle.accounts.map((ref) => ref.uuid))
    const added = [...view.selected].filter((uuid) => !members.has(uuid))
    const queued = await this.account.queueEdit({
      kind: 'update-circle',
      uuid: circleUuid,
      account_uuids: [...members, ...added],
      opened: circle.opened,
    })
    if (queued.errors) return allErrors(queued.errors)
    await this.bulkAdded(`Added ${plural(added.length, 'participant')} to ${circle.name}.`, queued.opId)
    return null
  }

  /** The selected participants' email addresses, on the clipboard, one per line of a To: field. */
  async copySelectedEmails(): Promise<void> {
    const view = this.groupView
    if (!view) return
    const rows = await view.selectedRows()
    const emails = [
      ...new Set(rows.flatMap((row) => row.primaryEmail?.value ?? row.email ?? []).filter((email) => email !== '')),
    ]
    const without = rows.length - emails.length
    try {
      await navigator.clipboard.writeText(emails.join('; '))
      this.say(
        `Copied ${plural(emails.length, 'email address', 'email addresses')}.` +
          (without > 0 ? ` ${plural(without, 'selected participant has', 'selected participants have')} none.` : ''),
      )
    } catch {
      this.say('Could not copy to the clipboard.')
    }
  }

  private async bulkAdded(text: string, opId: string | null): Promise<void> {
    this.groupView?.clearSelection()
    this.bulkTarget = null
    this.say(after(text, await this.whatHappensNext(opId)))
  }

  /**
   * "Print / Save as PDF": the client sheet is put on the page (only print styles show it), then
   * printed to a PDF by main behind a save dialog (desktop) or by the browser's print (web shell).
   */
  async printSheet(details: { participant: Participant; firm: Firm | null }): Promise<void> {
    if (this.exporting) return
    this.exporting = true
    this.sheet = details
    try {
      await tick()
      if (this.host?.electron) {
        const name = safeFileName(`${details.participant.name || 'Client'} - client sheet`, 'pdf')
        const result = await unwrap(this.account.api.files.savePdf({ suggestedName: name }))
        if (result.saved) this.say(`Saved ${result.fileName ?? name}.`)
      } else {
        window.print()
      }
    } catch (error) {
      this.say(`Could not save the client sheet: ${describeError(error)}`)
    } finally {
      this.sheet = null
      this.exporting = false
    }
  }

  /**
   * A command from the application menu or its key. Commands that change what is on screen wait
   * while a dialog is open (the caller says so); Sync now runs anyway. A "New…" command without
   * write access says why nothing opens.
   */
  runMenuCommand(command: MenuCommand, context: { canWrite: boolean; dialogOpen: boolean }): void {
    // Sync now pulls from Plannr; it never reloads the page.
    if (command === 'sync-now') return this.account.syncNow()
    if (context.dialogOpen) return
    switch (command) {
      case 'go-groups':
      case 'go-circles':
      case 'go-business-units':
      case 'go-reviews':
      case 'go-outbox': {
        const target = GO_TO[command]
        if (isSection(target)) this.navigate(target)
        return
      }
      case 'quick-search':
        this.quickSearch = true
        return
      case 'shortcuts-help':
        this.shortcutsHelp = true
        return
      case 'back':
        this.back()
        return
      case 'new-group':
      case 'new-circle':
      case 'new-business-unit':
        if (!context.canWrite) return this.say('This login can only read: it cannot create anything on Plannr.')
        if (command === 'new-group') this.editor = { kind: 'create-group', item: null }
        else if (command === 'new-circle') this.editor = { kind: 'create-circle', item: null }
        else this.editor = { kind: 'create-business-unit', item: null }
        return
    }
  }

  navigate(section: Section): void {
    this.remember()
    this.section = section
    this.showGroup(null)
    this.showReviewsIfThere()
  }

  openGroup(uuid: string | null): void {
    if (uuid) this.remember()
    this.showGroup(uuid)
  }

  /** Back: closes the quick details, else returns to the place before this one (a group, a section). */
  back(): void {
    if (this.quickDetails) {
      this.quickDetails = null
      return
    }
    let place = this.history.pop()
    // Places left another way (the group's own ← button) may equal where the user is now; a
    // group a sync has removed since would open as an empty shell of itself.
    while (
      place &&
      ((place.section === this.section && place.groupUuid === this.openGroupUuid) || this.goneFrom(place))
    ) {
      place = this.history.pop()
    }
    if (!place) return
    this.section = place.section
    this.showGroup(place.groupUuid)
    this.showReviewsIfThere()
  }

  /** The place's group is no longer in the cache (a pending create is listed under its temporary uuid). */
  private goneFrom(place: Place): boolean {
    const uuid = place.groupUuid
    return uuid !== null && !this.account.groups.some((group) => group.uuid === uuid)
  }

  /**
   * The open group's row changed. When it left the list a sync removed the group (deleted on
   * Plannr): the user goes back to the list and is told, instead of staying on an empty group
   * whose edits can only fail. A pending create leaves the list only to come back under Plannr's
   * uuid, which followCreated follows.
   */
  private followOpenGroup(uuid: string | null, row: GroupRow | null): void {
    const deleted = this.openGroupWatch.next(uuid, row)
    if (!deleted) return
    this.bulkTarget = null
    this.showGroup(null)
    this.say(`“${deleted.name}” was deleted on Plannr.`)
  }

  /**
   * The row of the group the open form works on changed. When a sync deleted the group, the form
   * stays open, so nothing typed vanishes without a word, but says at once that it cannot be
   * saved, rather than when Save is pressed.
   */
  private followEditorGroup(uuid: string | null, row: GroupRow | null): void {
    if (!this.editorGroupWatch.next(uuid, row)) return
    const editor = this.editor
    if ((editor?.kind === 'group-details' || editor?.kind === 'add-participants') && editor.uuid === uuid)
      this.editor = { ...editor, groupDeleted: true }
  }

  /** The reviews view keeps its window while open, and lets go of its rows when left. */
  private showReviewsIfThere(): void {
    if (this.section === 'reviews')
      this.openReviews(this.reviewsView?.scope.kind === 'reviews' ? this.reviewsView.scope.window : 'overdue')
    else this.closeReviews()
  }

  private remember(): void {
    const here: Place = { section: this.section, groupUuid: this.openGroupUuid }
    const last = this.history.at(-1)
    if (last?.section === here.section && last.groupUuid === here.groupUuid) return
    this.history.push(here)
    if (this.history.length > HISTORY_LIMIT) this.history.shift()
  }

  private showGroup(uuid: string | null): void {
    this.groupLeft = uuid === null ? this.openGroupUuid : null
    this.groupView?.dispose()
    this.groupView = uuid
      ? new GroupParticipantsState({ kind: 'group', groupUuid: uuid }, this.account.participantSource)
      : null
    if (uuid) this.account.focusGroup(uuid)
  }

  /** The Reviews section on one window: the list is kept (with its filters) when only the window changes. */
  openReviews(window: ReviewWindow): void {
    if (this.section !== 'reviews' || this.openGroupUuid !== null) this.remember()
    this.section = 'reviews'
    this.showGroup(null)
    const scope = { kind: 'reviews', window } as const
    if (this.reviewsView) {
      if (this.reviewsView.scope.kind !== 'reviews' || this.reviewsView.scope.window !== window)
        this.reviewsView.setScope(scope)
      return
    }
    this.reviewsView = new GroupParticipantsState(scope, this.account.participantSource, {
      field: 'next_review',
      direction: 'asc',
    })
  }

  private closeReviews(): void {
    this.reviewsView?.dispose()
    this.reviewsView = null
  }

  /** "Try now" while offline or Plannr is not working: main checks at once, and a sync runs if it works. */
  async tryNow(): Promise<void> {
    if (this.trying) return
    this.trying = true
    try {
      if (await this.connectivity.check()) this.account.syncNow()
      else if (this.connectivity.online) this.say('Plannr is still not working. The app keeps trying by itself.')
      else this.say('Plannr still cannot be reached. The app keeps trying by itself.')
    } finally {
      this.trying = false
    }
  }

  async openFromSearch(participant: Participant): Promise<void> {
    this.quickSearch = false
    this.quickDetails = (await this.account.details(participant.uuid)) ?? { participant, firm: null }
  }

  /**
   * Reads the quick details again (a sync run ended): they show, and print, the client as the
   * cache has them now, or say they are gone from it.
   */
  async rereadQuickDetails(): Promise<void> {
    const shown = this.quickDetails
    if (!shown) return
    const uuid = shown.participant.uuid
    const mine = ++this.quickRereads
    const details = await this.account.details(uuid, false)
    if (mine !== this.quickRereads || this.quickDetails?.participant.uuid !== uuid) return
    this.quickDetails = details ?? { ...this.quickDetails, gone: true }
  }

  /**
   * Shows a notice. An Undo still on offer stays on offer under a later notice, and a second
   * removal's Undo takes back the first too: a notice never takes an Undo away before its time.
   */
  say(message: string | Saying, undo?: UndoOffer): void {
    if (undo) this.undos.push(undo)
    const action = this.undoAction(undo !== undefined && this.undos.length === 1)
    const said: Notice = typeof message === 'string' ? { text: message } : { ...message }
    this.notice = action ? { ...said, action } : said
    this.noticeTimer.start(action ? UNDO_MS : NOTICE_MS)
  }

  /** Focus or the pointer is on the toast: it stays until they leave. */
  holdNotice(reason: Hold): void {
    this.noticeTimer.hold(reason)
  }

  releaseNotice(reason: Hold): void {
    this.noticeTimer.release(reason)
  }

  /** The toast's button (Undo): runs its action once and takes the toast away. */
  runNoticeAction(): void {
    const action = this.notice?.action
    this.notice = null
    action?.run()
  }

  /** Undo for every offer on the toast; its button says just "Undo" when the text beside it is that offer's own. */
  private undoAction(ownText: boolean): Notice['action'] {
    if (this.undos.length === 0) return undefined
    const label = `Undo ${this.undos.map((undo) => undo.what).join(' and ')}`
    return { label, text: ownText ? 'Undo' : label, run: () => void this.runUndos() }
  }

  /** Takes back everything on offer, newest first, and says what became of each. */
  private async runUndos(): Promise<void> {
    const undos = this.undos.splice(0).reverse()
    const said: string[] = []
    for (const undo of undos)
      said.push(await undo.run().catch((error: unknown) => `Could not undo ${undo.what}: ${describeError(error)}`))
    this.say(said.join(' '))
  }

  /**
   * Opens the form that fixes an outbox item (pre-filled, with the server's field errors). A
   * payload its schema refuses (stored by an older version) opens with what can be read of it
   * and each refused field's error; one that cannot be opened at all is said so.
   */
  async editOutboxItem(item: OutboxItem): Promise<void> {
    const session = this.account
    const payload = item.payload
    if (item.kind === 'create-group') {
      const body = CreateGroupBody.safeParse(payload)
      const initial: CreateGroupBody = body.success
        ? body.data
        : {
            name: storedText(payload, 'name') ?? '',
            participants: storedTexts(payload, 'participants') ?? [],
            business_unit: storedText(payload, 'business_unit') ?? null,
          }
      const participantRefs = await session.refs(initial.participants ?? [])
      this.editor = { kind: 'create-group', item, initial: { ...initial, participantRefs } }
    } else if (item.kind === 'create-circle') {
      const body = CreateCircleBody.safeParse(payload)
      const colour = storedText(payload, 'bg_colour')
      const initial: CreateCircleBody = body.success
        ? body.data
        : {
            name: storedText(payload, 'name') ?? '',
            account_uuids: storedTexts(payload, 'account_uuids') ?? [],
            group_uuids: storedTexts(payload, 'group_uuids') ?? [],
            ...(colour !== undefined ? { bg_colour: colour } : {}),
          }
      const accountRefs = await session.refs(initial.account_uuids)
      this.editor = { kind: 'create-circle', item, initial: { ...initial, accountRefs } }
    } else if (item.kind === 'create-business-unit') {
      const body = CreateBusinessUnitBody.safeParse(payload)
      this.editor = {
        kind: 'create-business-unit',
        item,
        initial: body.success ? body.data : { name: storedText(payload, 'name') ?? '' },
      }
    } else if (item.kind === 'update-group') {
      const op = UpdateGroupOp.safeParse(payload)
      const uuid = op.success ? op.data.uuid : storedText(payload, 'uuid')
      if (uuid === undefined) {
        this.say('This change cannot be opened in its form: the app cannot read which group it changes. Discard it.')
        return
      }
      const unitField = hasStored(payload, 'business_unit') ? 'business_unit' : 'base_business_unit'
      this.editor = {
        kind: 'group-details',
        uuid,
        name: op.success
          ? (op.data.name ?? op.data.base_name)
          : (storedText(payload, 'name') ?? storedText(payload, 'base_name') ?? ''),
        businessUnit: op.success
          ? op.data.business_unit === undefined
            ? op.data.base_business_unit
            : op.data.business_unit
          : (storedText(payload, unitField) ?? null),
        opened: null,
        item,
      }
    } else {
      this.say('This change has no form to edit it in. Send it again or discard it.')
    }
  }

  /** A create from a form: queued (or, for an outbox item, sent again with the changes). */
  async submitCreate<B>(
    kind: 'create-group' | 'create-circle' | 'create-business-unit',
    body: B,
  ): Promise<FieldErrors | null> {
    const editor = this.editor
    const item = editor && 'item' in editor ? editor.item : null
    return this.saveFrom(editor, () =>
      item ? this.sentAgain(item.id, body) : this.account.queueCreate(kind, body as never),
    )
  }

  async saveGroupDetails(body: UpdateGroupBody): Promise<FieldErrors | null> {
    const editor = this.editor
    if (editor?.kind !== 'group-details') return SIGNED_OUT
    if (editor.groupDeleted) return GROUP_DELETED
    const item = editor.item
    if (item) {
      // The form shows every field, those the refused edit did not change at their base values:
      // only what differs from the base is sent again, as for a new edit.
      const corrected = { name: body.name, business_unit: body.business_unit ?? null }
      const refused = UpdateGroupOp.safeParse(item.payload)
      const payload = refused.success
        ? withoutUnchangedGroupFields({ ...refused.data, ...corrected })
        : { ...(item.payload as object), ...corrected }
      return this.saveFrom(editor, () => this.sentAgain(item.id, payload))
    }
    return this.saveFrom(editor, () =>
      this.account.queueEdit({
        kind: 'update-group',
        uuid: editor.uuid,
        name: body.name,
        business_unit: body.business_unit ?? null,
        ...(editor.opened ? { opened: editor.opened } : {}),
      }),
    )
  }

  async addParticipants(participants: string[]): Promise<FieldErrors | null> {
    const editor = this.editor
    if (editor?.kind !== 'add-participants') return SIGNED_OUT
    if (editor.groupDeleted) return GROUP_DELETED
    return this.saveFrom(editor, async () => {
      const queued = await this.account.queueEdit({ kind: 'add-participants', uuid: editor.uuid, participants })
      if (!queued.errors) void this.groupView?.reload()
      return queued
    })
  }

  async removeParticipant(participant: Participant): Promise<void> {
    const uuid = this.openGroupUuid
    if (!uuid) return
    const queued = await this.account.queueEdit({ kind: 'remove-participants', uuid, participants: [participant.uuid] })
    void this.groupView?.reload()
    if (queued.errors) {
      this.say(allErrors(queued.errors))
      return
    }
    this.say(after(`Removed ${participant.name} from the group.`, await this.whatHappensNext(queued.opId)), {
      what: `removing ${participant.name}`,
      run: () => this.undoRemove(uuid, participant),
    })
  }

  /** Puts the participant back: queued after the removal, the outbox cancels the pair out. Resolves what to say. */
  private async undoRemove(groupUuid: string, participant: Participant): Promise<string> {
    let queued: Queued
    try {
      queued = await this.account.putBack(groupUuid, participant)
    } catch (error) {
      return `${participant.name} could not be put back: ${error instanceof Error ? error.message : String(error)}`
    }
    if (this.groupView?.groupUuid === groupUuid) void this.groupView.reload()
    if (queued.errors) return allErrors(queued.errors)
    // Said beside what else an Undo took back: as it reads now.
    return `${participant.name} is back in the group. ${(await this.whatHappensNext(queued.opId)).text}`
  }

  /** Opens the group's details form on the group as cached now. */
  async openGroupDetails(uuid: string): Promise<void> {
    const details = await this.account.groupDetails(uuid).catch((error: unknown) => this.couldNotOpen(error))
    if (!details) return
    this.editor = { kind: 'group-details', uuid, ...details, item: null }
  }

  async openCircleEdit(uuid: string): Promise<void> {
    const circle = await this.account.circle(uuid).catch((error: unknown) => this.couldNotOpen(error))
    if (!circle) return
    this.editor = {
      kind: 'edit-circle',
      uuid,
      initial: {
        name: circle.name,
        account_uuids: circle.accounts.map((ref) => ref.uuid),
        group_uuids: circle.groupUuids,
        ...(circle.bgColour ? { bg_colour: circle.bgColour } : {}),
        accountRefs: circle.accounts,
      },
      opened: circle.opened,
    }
  }

  /** An edit form that cannot read what it opens on (the cache closing, a record it cannot read) says so. */
  private couldNotOpen(error: unknown): null {
    this.say(`This could not be opened for editing: ${error instanceof Error ? error.message : String(error)}`)
    return null
  }

  async saveCircle(body: CreateCircleBody): Promise<FieldErrors | null> {
    const editor = this.editor
    if (editor?.kind !== 'edit-circle') return SIGNED_OUT
    return this.saveFrom(editor, () =>
      this.account.queueEdit({ kind: 'update-circle', uuid: editor.uuid, ...body, opened: editor.opened }),
    )
  }

  /** Send again / Try now on a waiting item: what stopped it (busy, gone, storage refused) is said. */
  async retryItem(item: OutboxItem): Promise<void> {
    const errors = await this.account.retry(item.id)
    if (errors) this.say(allErrors(errors))
  }

  /** Sends a refused change again without the records Plannr refused in it. */
  async sendWithout(item: OutboxItem, payload: Record<string, unknown>): Promise<void> {
    const errors = await this.account.retry(item.id, payload)
    this.say(errors ? allErrors(errors) : 'Sending the rest to Plannr…')
  }

  /** The cached names of these people (a change's participants or accounts), by uuid. */
  async peopleNames(uuids: string[]): Promise<Map<string, string>> {
    const refs = await this.account.refs(uuids)
    return new Map(refs.filter((ref) => ref.name !== ref.uuid).map((ref) => [ref.uuid, ref.name]))
  }

  async resolveConflict(item: OutboxItem, choice: ConflictChoice): Promise<void> {
    const problem = await this.account.resolve(item.id, choice)
    this.say(
      problem ?? (choice === 'mine' ? 'Keeping your change; sending it to Plannr.' : 'Keeping the value on Plannr.'),
    )
  }

  async confirmDiscard(): Promise<void> {
    const item = this.discarding
    this.discarding = null
    if (!item) return
    const problem = await this.account.discard(item.id)
    this.say(problem ?? `Discarded ${item.label}.`)
  }

  /**
   * A record shown by its temporary uuid was created on Plannr and now lives under Plannr's
   * uuid: the open group, the open form and Back follow it, keeping the list's order and filters.
   * Left on the temporary uuid they would show an empty group and refuse every edit as gone.
   */
  private followCreated({ temporaryUuid, uuid }: CreatedRecord): void {
    if (this.groupView?.groupUuid === temporaryUuid) {
      this.groupView.setScope({ kind: 'group', groupUuid: uuid })
      this.account.focusGroup(uuid)
    }
    const editor = this.editor
    if (editor && 'uuid' in editor && editor.uuid === temporaryUuid) this.editor = { ...editor, uuid }
    for (const place of this.history) if (place.groupUuid === temporaryUuid) place.groupUuid = uuid
  }

  dispose(): void {
    this.stopFollowingCreates()
    this.stopFollowingGroups()
    this.groupView?.dispose()
    this.reviewsView?.dispose()
    this.noticeTimer.stop()
  }

  /**
   * Saves what the form `editor` holds: while it runs the form cannot be closed; then it closes
   * and says what happens next to the change (only that form: never one opened in its place), or
   * stays open with its errors.
   */
  private async saveFrom(editor: Editor | null, work: () => Promise<Queued>): Promise<FieldErrors | null> {
    this.editorSaving = true
    try {
      const queued = await work()
      if (queued.errors) return queued.errors
      const said = await this.whatHappensNext(queued.opId)
      if (this.editor === editor) this.editor = null
      this.say(said)
      return null
    } finally {
      this.editorSaving = false
    }
  }

  /** An outbox item sent again (edited or not): it waits, like a new change, for what holds it. */
  private async sentAgain(id: string, payload: unknown): Promise<Queued> {
    const errors = await this.account.retry(id, payload)
    return errors ? { errors } : { errors: null, opId: id }
  }

  /**
   * What happens next to a change just saved (`opId` the operation carrying it, null when nothing
   * was queued): sent now, or what it waits for, read from the outbox as it stands.
   */
  private async whatHappensNext(opId: string | null): Promise<Saying> {
    const fallback = { item: null, paused: this.account.outboxSnapshot.paused }
    const state = opId === null ? null : await this.account.queuedState(opId).catch(() => fallback)
    return savedSaying({
      queued: state === null ? 'nothing' : { item: state.item },
      paused: state?.paused ?? null,
      waitsForSignIn: this.account.sendingWaitsForSignIn,
      online: this.connectivity.online,
      serverProblem: this.connectivity.serverProblem !== null,
      now: Date.now(),
    })
  }
}
