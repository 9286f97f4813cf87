/**
 * Write floors of four ways (this schema and three others) to store the same participants and
 * memberships, for cache-bench.page.ts: what a cheaper schema could buy, measured on the rows the
 * sync stored, in the same browser, profile and run as the sync itself.
 *
 * Each design gets an empty scratch database (plain Dexie, no hooks or middleware) and the same
 * pages: 500 participants and their memberships in one transaction, as a sync writes them.
 *
 * - `current`: this cache's schema: participants by uuid with the `nextReviewDate` and `digest`
 *   indexes, one membership row per (group, participant) keyed by both uuids.
 * - `int_keys`: local integer ids in every key: participants keyed by a number with a `uuid` index
 *   (to find a row from Plannr's uuid) beside the same two; memberships keyed by two numbers, without
 *   the uuids in the row.
 * - `member_chunks`: participants as `current`; memberships as one row per (group, page) holding
 *   that page's members of the group, each with its sort keys: about 60 rows a page instead of
 *   about 1,000, with the same content.
 * - `member_ids`: as `member_chunks`, but each chunk holds only its members' uuids and roles: the
 *   sort keys would come from the participant rows, which hold the same values unfolded. It tells
 *   whether what costs is the number of rows or the bytes in them.
 *
 * Only the writes are timed; the rows are read and shaped first. Each write goes into a storage
 * bucket of its own (the Storage Buckets API), which Chromium gives its own LevelDB, deleted with
 * the bucket afterwards. In the origin's one shared LevelDB each design paid for the deleted rows
 * of those before it: at 100,000 participants the same design took 53 s first and 285 s eighth.
 * Every design is still measured twice, in order and then in reverse, and the figure is the mean of
 * its two runs, with the lower and higher as `_min` and `_max`.
 */
import { Dexie } from 'dexie'

const PAGE = 500

type Row = Record<string, unknown>

interface Page {
  participants: Row[]
  members: Row[]
}

interface Design {
  name: string
  stores: Record<string, string>
  /** The page (`index` from 0) as the design stores it: rows per table. */
  shape(page: Page, index: number): Array<[table: string, rows: Row[]]>
}

export async function designFloors(
  sourceName: string,
  mark: (label: string) => Promise<void>,
): Promise<Record<string, number>> {
  const pages = await readPages(sourceName)
  const participantCount = pages.reduce((sum, page) => sum + page.participants.length, 0)
  const all = designs()
  const times = new Map<string, number[]>()
  const figures: Record<string, number> = {}
  for (const [round, order] of [all, [...all].reverse()].entries()) {
    for (const design of order) {
      const shaped = pages.map((page, index) => design.shape(page, index))
      const ms = await timeWrites(
        `${sourceName}-design-${design.name}`,
        design,
        shaped,
        `floor_${design.name}_${round + 1}`,
        mark,
      )
      times.set(design.name, [...(times.get(design.name) ?? []), ms])
      figures[`floor_design_${design.name}_rows`] = shaped.reduce(
        (sum, page) => sum + page.reduce((rows, [, tableRows]) => rows + tableRows.length, 0),
        0,
      )
    }
  }
  for (const [name, runs] of times) {
    const mean = runs.reduce((sum, ms) => sum + ms, 0) / runs.length
    figures[`floor_design_${name}_ms`] = Math.round(mean)
    figures[`floor_design_${name}_ms_min`] = Math.round(Math.min(...runs))
    figures[`floor_design_${name}_ms_max`] = Math.round(Math.max(...runs))
    figures[`floor_design_${name}_participants_per_s`] = Math.round(participantCount / (mean / 1000))
  }
  return figures
}

/**
 * Writes the shaped pages into a database of the design's schema in a new storage bucket `name`,
 * deleted afterwards; returns the milliseconds the writes took.
 */
async function timeWrites(
  name: string,
  design: Design,
  shaped: Array<Array<[table: string, rows: Row[]]>>,
  label: string,
  mark: (label: string) => Promise<void>,
): Promise<number> {
  const buckets = storageBuckets()
  await buckets.delete(name)
  const bucket = await buckets.open(name)
  const target = new Dexie(name, { indexedDB: bucket.indexedDB, IDBKeyRange })
  target.version(1).stores(design.stores)
  await target.open()
  try {
    await mark(`${label}:start`)
    const start = performance.now()
    for (const page of shaped) {
      const tables = page.map(([table]) => target.table(table))
      await target.transaction('rw', tables, async () => {
        for (const [table, rows] of page) if (rows.length > 0) await target.table(table).bulkPut(rows)
      })
    }
    const ms = performance.now() - start
    await mark(`${label}:end`)
    return ms
  } finally {
    target.close()
    await buckets.delete(name)
  }
}

/** The Storage Buckets API (Chromium 122 on; not in TypeScript's DOM types yet). */
interface StorageBuckets {
  open(name: string): Promise<{ indexedDB: IDBFactory }>
  delete(name: string): Promise<void>
}

function storageBuckets(): StorageBuckets {
  const buckets: unknown = Reflect.get(navigator, 'storageBuckets')
  if (!isStorageBuckets(buckets)) throw new Error('this browser has no Storage Buckets API (navigator.storageBuckets)')
  return buckets
}

function isStorageBuckets(value: unknown): value is StorageBuckets {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof Reflect.get(value, 'open') === 'function' &&
    typeof Reflect.get(value, 'delete') === 'function'
  )
}

/** Participants as stored, 500 a page, each page with the memberships of its participants. */
async function readPages(sourceName: string): Promise<Page[]> {
  // Opened without a schema (Dexie's dynamic mode): rows come back exactly as stored.
  const source = new Dexie(sourceName)
  await source.open()
  try {
    const participants: Row[] = await source.table('participants').toArray()
    const memberships: Row[] = await source.table('memberships').toArray()
    const byParticipant = new Map<unknown, Row[]>()
    for (const membership of memberships) {
      const list = byParticipant.get(membership.participantUuid)
      if (list) list.push(membership)
      else byParticipant.set(membership.participantUuid, [membership])
    }
    const pages: Page[] = []
    for (let offset = 0; offset < participants.length; offset += PAGE) {
      const slice = participants.slice(offset, offset + PAGE)
      pages.push({ participants: slice, members: slice.flatMap((row) => byParticipant.get(row.uuid) ?? []) })
    }
    return pages
  } finally {
    source.close()
  }
}

function designs(): Design[] {
  // Local ids as a cache would hand them out: the next number the first time a uuid is stored.
  const participantIds = new Map<unknown, number>()
  const groupIds = new Map<unknown, number>()
  const id = (ids: Map<unknown, number>, key: unknown): number => {
    const found = ids.get(key)
    if (found !== undefined) return found
    ids.set(key, ids.size + 1)
    return ids.size
  }
  return [
    {
      name: 'current',
      stores: { participants: 'uuid, nextReviewDate, digest', memberships: '[groupUuid+participantUuid]' },
      shape: (page) => [
        ['participants', page.participants],
        ['memberships', page.members],
      ],
    },
    {
      name: 'int_keys',
      stores: { participants: 'id, uuid, nextReviewDate, digest', memberships: '[g+p]' },
      shape: (page) => [
        ['participants', page.participants.map((row) => ({ ...row, id: id(participantIds, row.uuid) }))],
        [
          'memberships',
          page.members.map(({ groupUuid, participantUuid, ...rest }) => ({
            ...rest,
            g: id(groupIds, groupUuid),
            p: id(participantIds, participantUuid),
          })),
        ],
      ],
    },
    {
      name: 'member_chunks',
      stores: { participants: 'uuid, nextReviewDate, digest', memberChunks: '[groupUuid+page]' },
      shape: (page, index) => [
        ['participants', page.participants],
        ['memberChunks', chunksByGroup(page.members, index, (member) => member)],
      ],
    },
    {
      name: 'member_ids',
      stores: { participants: 'uuid, nextReviewDate, digest', memberChunks: '[groupUuid+page]' },
      shape: (page, index) => [
        ['participants', page.participants],
        ['memberChunks', chunksByGroup(page.members, index, (member) => [member.participantUuid, member.role])],
      ],
    },
  ]
}

/** One row per group with members on the page: `{ groupUuid, page, members }`, each member as `entry` makes it. */
function chunksByGroup(members: Row[], page: number, entry: (member: Row) => unknown): Row[] {
  const byGroup = new Map<unknown, unknown[]>()
  for (const { groupUuid, ...member } of members) {
    const list = byGroup.get(groupUuid)
    if (list) list.push(entry(member))
    else byGroup.set(groupUuid, [entry(member)])
  }
  return [...byGroup].map(([groupUuid, list]) => ({ groupUuid, page, members: list }))
}
