import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { unwrap } from '../../src/renderer/src/lib/ipc'
import { PlannrDb } from '../../src/renderer/src/data/db'
import {
  countGroupParticipants,
  loadParticipants,
  orderedGroupParticipants,
  queryGroupParticipants,
} from '../../src/renderer/src/data/participant-read'
import { createSyncEngine } from '../../src/renderer/src/sync/engine'
import type { SyncPlan } from '../../src/renderer/src/sync/status'
import {
  PARTICIPANT_SORT_FIELDS,
  defaultParticipantQuery,
  type ParticipantQuery,
  type ParticipantSortField,
} from '../../src/shared/plannr/participant-query'
import { ParticipantQueryInput } from '../../src/shared/ipc/contract'
import { commands } from './helpers/commands'
import { freshDbName, startPlannr, type TestPlannr } from './helpers/plannr'

/**
 * The parity test: one table of queries, asked of the sandbox through main's
 * handlers and of the synced cache; same items, same order, same totals.
 */
let plannr: TestPlannr
let db: PlannrDb
let big: string
let small: string
let sampleUuids: string[]

const SORTS: ParticipantSortField[] = ['name', ...PARTICIPANT_SORT_FIELDS]

interface Case {
  label: string
  query: Partial<ParticipantQuery>
}

function cases(): Case[] {
  const table: Case[] = [{ label: 'default order', query: {} }]
  for (const field of SORTS) {
    for (const direction of ['asc', 'desc'] as const) {
      table.push({ label: `sort ${direction} ${field}`, query: { sort: { field, direction }, perPage: 500 } })
      table.push({ label: `sort ${direction} ${field} page 3 of 15`, query: { sort: { field, direction }, page: 3 } })
    }
  }
  for (const type of ['client', 'employee', 'external'])
    table.push({ label: `type ${type}`, query: { types: [type], perPage: 500 } })
  table.push({ label: 'types client,external', query: { types: ['client', 'external'], perPage: 500 } })
  for (const role of ['individual', 'joint', 'trust', 'business', 'owner', 'admin', 'member', 'introducer']) {
    table.push({ label: `role ${role}`, query: { roles: [role], perPage: 500 } })
  }
  table.push({ label: 'roles trust,business', query: { roles: ['trust', 'business'], perPage: 100, page: 2 } })
  for (const name of [
    'a',
    'son',
    'SMITH',
    "o'b",
    'zoe',
    'Zoë',
    'MULLER',
    'müller',
    'łukasz',
    'lukasz',
    '李',
    'ó sú',
    'jo',
    ' th ',
  ]) {
    table.push({ label: `name ${JSON.stringify(name)}`, query: { name, perPage: 500 } })
  }
  table.push({ label: 'uuids', query: { uuids: sampleUuids, perPage: 500 } })
  table.push({
    label: 'uuids upper-case, desc last_name',
    query: { uuids: sampleUuids.map((u) => u.toUpperCase()), sort: { field: 'last_name', direction: 'desc' } },
  })
  table.push({ label: 'uuid not in group', query: { uuids: ['00000000-0000-4000-8000-000000000000'] } })
  table.push({
    label: 'type + role + name, -updated_at',
    query: {
      types: ['client'],
      roles: ['individual', 'joint'],
      name: 'e',
      sort: { field: 'updated_at', direction: 'desc' },
      perPage: 50,
      page: 2,
    },
  })
  table.push({
    label: 'name + type, created_at',
    query: { name: 'an', types: ['client'], sort: { field: 'created_at', direction: 'asc' }, perPage: 500 },
  })
  table.push({ label: 'empty: unknown name', query: { name: 'qqqzzzxxx' } })
  table.push({ label: 'empty: employees who are trusts', query: { types: ['employee'], roles: ['trust'] } })
  table.push({ label: 'page past the end', query: { page: 999 } })
  table.push({
    label: 'per page 1, page 7, -first_name',
    query: { perPage: 1, page: 7, sort: { field: 'first_name', direction: 'desc' } },
  })
  return table
}

function toInput(query: ParticipantQuery): ParticipantQueryInput {
  return ParticipantQueryInput.parse({
    ...(query.uuids ? { uuids: query.uuids } : {}),
    ...(query.name !== null ? { name: query.name } : {}),
    ...(query.types ? { types: query.types } : {}),
    ...(query.roles ? { roles: query.roles } : {}),
    sort: query.sort,
    page: query.page,
    perPage: query.perPage,
  })
}

beforeAll(async () => {
  plannr = await startPlannr({ seed: 11, accounts: 3000, groups: 24, rateLimitPerMinute: 100_000, unthrottled: true })
  const groups = [...plannr.sandbox.groups].sort((a, b) => b.members - a.members)
  big = groups[0]?.uuid ?? ''
  small = groups.find((group) => group.members > 20 && group.members < 200)?.uuid ?? groups.at(-1)?.uuid ?? ''
  // Names the parity table asks about, in the big group, whatever the seed drew.
  for (const [firstName, lastName] of [
    ['Zoë', 'Müller'],
    ['ZOE', 'Muller'],
    ['Łukasz', 'Ó Súilleabháin'],
    ['Chloë', '李'],
    ['Seán', "O'Brien"],
  ] as const) {
    await commands.sandboxCreateAccount(plannr.sandbox.id, { firstName, lastName, groups: [big, small] })
  }
  const page = await unwrap(
    plannr.api.groups.participants({
      groupUuid: big,
      query: { sort: { field: 'name', direction: 'asc' }, page: 2, perPage: 7 },
    }),
  )
  sampleUuids = page.page.items.map((participant) => participant.uuid)
})

afterAll(async () => {
  await plannr?.stop()
})

// The cache must answer the same whichever plan filled it (account-plan.ts, group-full.ts).
describe.each<SyncPlan>(['accounts', 'per-group'])(
  'local participant queries mean what the API means (%s plan)',
  (plan) => {
    beforeAll(async () => {
      db = new PlannrDb(freshDbName(`parity-${plan}`))
      const engine = createSyncEngine({ db, api: plannr.api, plan })
      const outcome = await engine.syncNow({ full: true })
      expect(outcome.ok && outcome.plan, JSON.stringify(outcome)).toBe(plan)
    })
    afterAll(() => {
      db?.close()
    })

    for (const which of ['big', 'small'] as const) {
      it(`every query in the table gives the same items in the same order (${which} group)`, async () => {
        const groupUuid = which === 'big' ? big : small
        const mismatches: string[] = []
        let nonEmpty = 0
        for (const { label, query: partial } of cases()) {
          const query = defaultParticipantQuery(partial)
          const remote = await unwrap(plannr.api.groups.participants({ groupUuid, query: toInput(query) }))
          const local = await queryGroupParticipants(db, groupUuid, query)
          const remoteUuids = remote.page.items.map((participant) => participant.uuid)
          const localUuids = local.items.map((participant) => participant.uuid)
          if (remoteUuids.length > 0) nonEmpty += 1
          if (JSON.stringify(remoteUuids) !== JSON.stringify(localUuids) || remote.page.total !== local.total) {
            mismatches.push(
              `${label}: api ${remote.page.total} [${remoteUuids.slice(0, 3).join(',')}…] vs cache ${local.total} [${localUuids.slice(0, 3).join(',')}…]`,
            )
          }
          const filtered = await countGroupParticipants(db, groupUuid, query)
          if (filtered !== remote.page.total) mismatches.push(`${label}: count ${filtered} vs api ${remote.page.total}`)
        }
        expect(mismatches).toEqual([])
        expect(nonEmpty).toBeGreaterThan(20)
      })
    }

    it("the table's path (the ordered keys, rows loaded window by window) walks the API's order, for every sort, both directions, with filters", async () => {
      for (const field of SORTS) {
        for (const direction of ['asc', 'desc'] as const) {
          const variants = field === 'name' || field === 'updated_at' ? [{}, { types: ['client'], name: 'e' }] : [{}]
          for (const filters of variants) {
            const query = defaultParticipantQuery({ ...filters, sort: { field, direction }, perPage: 500 })
            const remote: string[] = []
            for (let page = 1; ; page += 1) {
              const answer = await unwrap(
                plannr.api.groups.participants({ groupUuid: big, query: toInput({ ...query, page }) }),
              )
              remote.push(...answer.page.items.map((participant) => participant.uuid))
              if (answer.page.items.length < 500) break
            }
            const order = await orderedGroupParticipants(db, big, filters, { field, direction })
            const local: string[] = []
            for (let start = 0; start < order.length; start += 97) {
              const rows = await loadParticipants(db, order.slice(start, start + 97))
              local.push(...rows.map((participant) => participant.uuid))
            }
            expect(local, `${direction} ${field} ${JSON.stringify(filters)}`).toEqual(remote)
          }
        }
      }
      // Sixteen walks of the big group through the API and the cache: minutes on a busy machine.
    }, 600_000)
  },
)
