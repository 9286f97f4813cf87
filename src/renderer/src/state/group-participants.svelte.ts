import type { Participant } from '../../../shared/plannr/models'
import type { ListSort, ListSortField, ParticipantScope, ReviewWindow } from '../data'
import { RowWindow } from './row-window'

export interface ParticipantFiltersInput {
  name: string
  types: string[]
  roles: string[]
  /** Tag names: any of them matches. */
  tags: string[]
  /** Assigned adviser uuids: any of them matches. */
  advisers: string[]
  /** Next review in this window (within a group; the reviews view's window is its scope). */
  review: ReviewWindow | null
}

/** The tags and advisers a list's filter menus offer: those found on the list's own rows. */
export interface FilterChoices {
  tags: string[]
  advisers: Array<{ uuid: string; name: string }>
}

/** Where the table's rows come from: the offline cache, in the API's order. */
export interface ParticipantSource {
  /** Every matching participant uuid of the list, in order (keys only where the filters allow). */
  orderedUuids(scope: ParticipantScope, filters: ParticipantFiltersInput, sort: ListSort): Promise<string[]>
  /**
   * The first `limit` uuids and the list's length, when the cache can tell them sooner than the
   * whole order (null when it cannot): the first screen is shown from it meanwhile.
   */
  head?(
    scope: ParticipantScope,
    filters: ParticipantFiltersInput,
    sort: ListSort,
    limit: number,
  ): Promise<{ uuids: string[]; total: number; counting?: boolean } | null>
  /** The participants for these uuids (any order; missing ones are skipped). */
  load(uuids: string[]): Promise<Participant[]>
  /** The tags and advisers of these participants. */
  choices(uuids: string[]): Promise<FilterChoices>
}

const SEARCH_DEBOUNCE_MS = 120
const EXPORT_CHUNK = 2_000
/** Rows asked of `head`: more than any screen shows, so the first paint needs nothing else. */
const FIRST_SCREEN = 100
/** Stands in the order for a row whose uuid is not read yet (never a real uuid). */
const NOT_READ = ''

/**
 * The participants table of one list (a group, or the reviews of a window): filters, sort, the
 * ordered keys of every matching row, and the rows of the pages around the visible window. Only
 * those are hydrated, so 100,000 rows cost one ordered key read plus a page of records per scroll
 * step, and the rows held stay bounded (MAX_ROW_PAGES) however far the table is scrolled.
 */
export class GroupParticipantsState {
  scope = $state.raw<ParticipantScope>({ kind: 'group', groupUuid: '' })
  search = $state('')
  types = $state<string[]>([])
  roles = $state<string[]>([])
  tags = $state<string[]>([])
  advisers = $state<string[]>([])
  review = $state<ReviewWindow | null>(null)
  sort = $state<ListSort>({ field: 'last_name', direction: 'asc' })
  order = $state.raw<string[]>([])
  loading = $state(true)
  error = $state<string | null>(null)
  choices = $state.raw<FilterChoices>({ tags: [], advisers: [] })
  /** Bumped when rows arrive, so the table re-reads rowAt. */
  loadedVersion = $state(0)
  readonly total = $derived(this.order.length)
  /** The first screen is shown but the list's length is not known yet (a filter reads rows). */
  counting = $state(false)
  /** Rows picked for a bulk action, by participant uuid (they stay picked while still listed). */
  selected = $state.raw<ReadonlySet<string>>(new Set())
  readonly selectedCount = $derived(this.selected.size)
  /**
   * Where a Shift-click range starts: the participant last clicked or toggled, by uuid, so a
   * re-read of the order (a sync finishing in the background) does not move or lose it.
   */
  private anchor: string | null = null
  readonly filtered = $derived(
    this.search.trim() !== '' ||
      this.types.length > 0 ||
      this.roles.length > 0 ||
      this.tags.length > 0 ||
      this.advisers.length > 0 ||
      this.review !== null,
  )

  // Deliberately not a reactive collection: tracking thousands of entries would cost more than
  // it saves; `loadedVersion` tells the table when to re-read.
  private readonly rows = new RowWindow<Participant>(
    (uuids) => this.source.load(uuids.filter((uuid) => uuid !== NOT_READ)),
    () => this.loadedVersion++,
  )
  private generation = 0
  /** The window the table last asked for, reloaded after the order changes under it. */
  private lastRange: [number, number] = [0, 0]
  private debounce: ReturnType<typeof setTimeout> | null = null
  /** Settles once `order` is the whole order, not just its head padded with NOT_READ. */
  private orderRead: Promise<void> = Promise.resolve()

  constructor(
    scope: ParticipantScope,
    private readonly source: ParticipantSource,
    sort?: ListSort,
  ) {
    this.scope = scope
    if (sort) this.sort = sort
  }

  /** The group shown, or null for the reviews view. */
  get groupUuid(): string | null {
    return this.scope.kind === 'group' ? this.scope.groupUuid : null
  }

  /** Re-reads the order (after a filter change or a sync wrote to the cache). */
  async reload(): Promise<void> {
    const mine = ++this.generation
    this.loading = true
    const unfiltered = !this.filtered
    const filters: ParticipantFiltersInput = {
      name: this.search,
      types: this.types,
      roles: this.roles,
      tags: this.tags,
      advisers: this.advisers,
      review: this.review,
    }
    const full = this.source.orderedUuids(this.scope, filters, this.sort)
    this.orderRead = full.then(
      () => {},
      () => {},
    )
    try {
      let fullRead = false
      void this.orderRead.then(() => (fullRead = true))
      const head = this.source.head ? await this.source.head(this.scope, filters, this.sort, FIRST_SCREEN) : null
      if (mine !== this.generation) return
      if (head && !fullRead) this.showHead(head)
      const order = await full
      if (mine !== this.generation) return
      this.rows.reset(order)
      this.order = order
      this.counting = false
      this.error = null
      // A filter or a sync may drop rows: the selection keeps only those still listed.
      if (this.selected.size > 0) {
        const listed = new Set(order)
        this.selected = new Set([...this.selected].filter((uuid) => listed.has(uuid)))
      }
      this.ensureRange(...this.lastRange)
      // The menus offer what the whole list has: read them while nothing narrows it.
      if (unfiltered)
        void this.source.choices(order).then((choices) => {
          if (mine === this.generation) this.choices = choices
        })
    } catch (error) {
      if (mine === this.generation) {
        this.error = error instanceof Error ? error.message : String(error)
        this.counting = false
      }
    } finally {
      if (mine === this.generation) this.loading = false
    }
  }

  /** The first screen while the whole order is read: the rows after the head are NOT_READ. */
  private showHead(head: { uuids: string[]; total: number; counting?: boolean }): void {
    // Still counting: only the head is listed (its length says nothing of the rest).
    const rest = head.counting ? 0 : Math.max(0, head.total - head.uuids.length)
    this.counting = head.counting === true
    this.order = [...head.uuids, ...new Array<string>(rest).fill(NOT_READ)]
    this.rows.reset(this.order)
    this.ensureRange(...this.lastRange)
  }

  /** The reviews view's window (the sidebar's choice). */
  setScope(scope: ParticipantScope): void {
    this.scope = scope
    void this.reload()
  }

  setSearch(text: string): void {
    this.search = text
    if (this.debounce) clearTimeout(this.debounce)
    this.debounce = setTimeout(() => void this.reload(), SEARCH_DEBOUNCE_MS)
  }

  setTypes(types: string[]): void {
    this.types = types
    void this.reload()
  }

  setRoles(roles: string[]): void {
    this.roles = roles
    void this.reload()
  }

  addTag(tag: string): void {
    if (this.tags.includes(tag)) return
    this.tags = [...this.tags, tag]
    void this.reload()
  }

  removeTag(tag: string): void {
    this.tags = this.tags.filter((kept) => kept !== tag)
    void this.reload()
  }

  setAdvisers(advisers: string[]): void {
    this.advisers = advisers
    void this.reload()
  }

  setReview(review: ReviewWindow | null): void {
    this.review = review
    void this.reload()
  }

  /** Every filter off at once (the "Clear all" chip). */
  clearFilters(): void {
    if (this.debounce) clearTimeout(this.debounce)
    this.search = ''
    this.types = []
    this.roles = []
    this.tags = []
    this.advisers = []
    this.review = null
    void this.reload()
  }

  /** Clicking a column: first ascending, clicking again flips the direction. */
  toggleSort(field: ListSortField): void {
    this.sort =
      this.sort.field === field
        ? { field, direction: this.sort.direction === 'asc' ? 'desc' : 'asc' }
        : { field, direction: 'asc' }
    void this.reload()
  }

  rowAt = (index: number): Participant | null => {
    void this.loadedVersion
    return this.rows.rowAt(index)
  }

  /** Participant rows held in memory now (the pages around the window: see RowWindow). */
  get heldRows(): number {
    return this.rows.held
  }

  /** The table shows rows `start` to `end`: their pages load, pages long out of sight are dropped. */
  ensureRange = (start: number, end: number): void => {
    this.lastRange = [start, end]
    this.rows.show(start, end)
  }

  isSelected = (index: number): boolean => {
    const uuid = this.order[index]
    return uuid !== undefined && uuid !== NOT_READ && this.selected.has(uuid)
  }

  /** Ctrl/Cmd-click or Space: the row joins or leaves the selection. */
  toggleSelected(index: number): void {
    const uuid = this.order[index]
    if (uuid === undefined || uuid === NOT_READ) return
    const next = new Set(this.selected)
    if (!next.delete(uuid)) next.add(uuid)
    this.selected = next
    this.anchor = uuid
  }

  /** Shift-click: every row from the anchor (the last row clicked) to this one, and only those. */
  selectRange(index: number): void {
    const anchored = this.anchor === null ? -1 : this.order.indexOf(this.anchor)
    const from = anchored >= 0 ? anchored : index
    const [start, end] = from <= index ? [from, index] : [index, from]
    this.selected = new Set(this.order.slice(start, end + 1).filter((uuid) => uuid !== NOT_READ))
    this.anchor = this.order[from] || null
  }

  clearSelection(): void {
    this.selected = new Set()
    this.anchor = null
  }

  /** A plain click: the row becomes where the next Shift-click range starts. */
  setAnchor(index: number): void {
    this.anchor = this.order[index] || null
  }

  /** The selected participants, in the table's order. */
  async selectedRows(): Promise<Participant[]> {
    await this.orderRead
    const uuids = this.order.filter((uuid) => this.selected.has(uuid))
    const loaded = new Map((await this.source.load(uuids)).map((row) => [row.uuid, row]))
    return uuids.flatMap((uuid) => loaded.get(uuid) ?? [])
  }

  /** Every row of the current filtered, sorted order (for an export), read from the source in chunks. */
  async allRows(): Promise<Participant[]> {
    await this.orderRead
    const order = this.order
    const rows: Participant[] = []
    for (let start = 0; start < order.length; start += EXPORT_CHUNK) {
      const chunk = order.slice(start, start + EXPORT_CHUNK)
      const loaded = new Map((await this.source.load(chunk)).map((row) => [row.uuid, row]))
      for (const uuid of chunk) {
        const row = loaded.get(uuid)
        if (row) rows.push(row)
      }
    }
    return rows
  }

  dispose(): void {
    if (this.debounce) clearTimeout(this.debounce)
    this.generation++
    this.rows.reset([])
  }
}
