/** Rows are loaded and dropped by page of the order. */
export const ROW_PAGE = 100
/**
 * Pages held at most, least recently shown dropped first: the visible window and a few pages each
 * side, so scrolling back a little is instant while scrolling 100,000 rows end to end holds no
 * more rows than this.
 */
export const MAX_ROW_PAGES = 8

/**
 * The rows a virtualised table holds for an ordered list of uuids: the pages around what is
 * shown, loaded on demand, the least recently shown dropped past MAX_ROW_PAGES (scrolling back
 * loads them again). Plain TypeScript, no runes: the owner is told when rows arrive.
 */
export class RowWindow<Row extends { uuid: string }> {
  private order: readonly string[] = []
  private rows = new Map<string, Row>()
  /** Pages asked for (loading or loaded) with their load's ticket, least recently shown first. */
  private pages = new Map<number, number>()
  private tickets = 0

  constructor(
    private readonly load: (uuids: string[]) => Promise<Row[]>,
    private readonly onLoaded: () => void,
  ) {}

  /** A new order: every row held is dropped, and loads still under way for the old one are ignored. */
  reset(order: readonly string[]): void {
    this.order = order
    this.rows = new Map()
    this.pages = new Map()
  }

  rowAt(index: number): Row | null {
    const uuid = this.order[index]
    return uuid === undefined ? null : (this.rows.get(uuid) ?? null)
  }

  /** Rows held in memory now. */
  get held(): number {
    return this.rows.size
  }

  /** The rows from `start` to `end` (exclusive) are on screen: load their pages, half a page each side included. */
  show(start: number, end: number): void {
    const from = Math.max(0, start - ROW_PAGE / 2)
    const to = Math.min(this.order.length, end + ROW_PAGE / 2)
    if (to <= from) return
    const shown = new Set<number>()
    for (let page = Math.floor(from / ROW_PAGE); page <= Math.floor((to - 1) / ROW_PAGE); page++) shown.add(page)
    for (const page of shown) {
      const known = this.pages.get(page)
      // Most recently shown last.
      this.pages.delete(page)
      const ticket = known ?? ++this.tickets
      this.pages.set(page, ticket)
      if (known === undefined) this.loadPage(page, ticket)
    }
    for (const page of this.pages.keys()) {
      if (this.pages.size <= MAX_ROW_PAGES) break
      if (!shown.has(page)) this.drop(page)
    }
  }

  private loadPage(page: number, ticket: number): void {
    const order = this.order
    void this.load(order.slice(page * ROW_PAGE, (page + 1) * ROW_PAGE)).then((loaded) => {
      // A page dropped, or an order replaced, while it loaded keeps nothing.
      if (this.order !== order || this.pages.get(page) !== ticket) return
      for (const row of loaded) this.rows.set(row.uuid, row)
      this.onLoaded()
    })
  }

  private drop(page: number): void {
    this.pages.delete(page)
    for (const uuid of this.order.slice(page * ROW_PAGE, (page + 1) * ROW_PAGE)) this.rows.delete(uuid)
  }
}
