import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSandbox, type Sandbox } from '../../src/sandbox'
import { z } from 'zod'
import { ACCOUNT_ROLES } from '../../src/shared/plannr/models'
import { compareKeys, foldText } from '../../src/shared/plannr/participant-query'
import { signedIn, testHandlers, type TestHandlers, type TestMain } from './api-support'

const folded = (values: string[]): string[] => values.map(foldText)
const sortedKeys = (values: string[]): string[] => [...folded(values)].sort(compareKeys)

// Every read channel over real HTTP against the sandbox, signed in with the demo token.
let sandbox: Sandbox
let main: TestMain
let h: TestHandlers

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, seed: 1, accounts: 300 })
  main = await signedIn(sandbox)
  h = testHandlers(main)
})

afterAll(async () => {
  await main?.services.dispose()
  await sandbox?.stop()
})

describe('groups', () => {
  it('lists groups sorted both ways, paging until a page says it is the last', async () => {
    const expected = sandbox.store.groups().length
    const seen: string[] = []
    for (let page = 1; ; page++) {
      const result = await h['groups.list']({ sort: 'name', page, perPage: 5 })
      seen.push(...result.items.map((g) => g.name))
      expect(result.page).toBe(page)
      if (result.nextUrl === null) {
        expect(result.lastPage).toBe(page)
        break
      }
      expect(new URL(result.nextUrl).searchParams.get('page')).toBe(String(page + 1))
    }
    expect(seen).toHaveLength(expected)
    expect(seen).toEqual([...seen].sort((a, b) => a.localeCompare(b, 'en', { sensitivity: 'base' })))
    const desc = await h['groups.list']({ sort: '-name', page: 1, perPage: 500 })
    expect(desc.items.map((g) => g.name)).toEqual([...seen].reverse())
    expect(desc.total).toBe(expected)
  })

  it('filters groups by name and by uuid', async () => {
    const target = sandbox.store.groups()[3]!
    const byName = await h['groups.list']({ name: target.name, sort: 'name', page: 1, perPage: 50 })
    expect(byName.items.map((g) => g.uuid)).toContain(target.uuid)
    const byUuid = await h['groups.list']({ uuids: [target.uuid], sort: 'name', page: 1, perPage: 50 })
    expect(byUuid.items.map((g) => g.uuid)).toEqual([target.uuid])
  })

  it('follows links.next through every page with per_page 500', async () => {
    const api = main.services.auth.api()
    const all = await api.allGroups({}, { accountUuid: sandbox.demo.accountUuid })
    expect(all.map((g) => g.uuid).sort()).toEqual(
      sandbox.store
        .groups()
        .map((g) => g.uuid)
        .sort(),
    )
  })

  it('shows one group', async () => {
    const target = sandbox.store.largestGroup()
    const group = await h['groups.get']({ uuid: target.uuid })
    expect(group).toMatchObject({ uuid: target.uuid, name: target.name })
  })

  it('keeps a tag a participant lists twice once, and logs that the answer repeated it', async () => {
    const group = sandbox.store.largestGroup()
    const member = sandbox.store.groupMembers(group.uuid).find((account) => account.tags.length > 0)
    const [tag] = member?.tags ?? []
    if (!member || tag === undefined) throw new Error('no member of the group has a tag')
    member.tags.push(tag)
    try {
      const read = await h['groups.participants']({
        groupUuid: group.uuid,
        query: { uuids: [member.uuid], page: 1, perPage: 15 },
      })
      expect(read.page.items[0]?.tags.map((one) => one.uuid)).toEqual(
        [...new Set(member.tags)].map((index) => sandbox.store.tags[index]?.uuid),
      )
      expect(
        main.logs.some((line) =>
          /participants: 1 repeated record\(s\) in the answer's lists, each kept once/.test(line),
        ),
      ).toBe(true)
    } finally {
      member.tags.pop()
    }
  })

  it("lists a group's participants with filters, sorts and pages, firms carried once", async () => {
    const group = sandbox.store.largestGroup()
    const members = sandbox.store.groupMembers(group.uuid)
    const all = await h['groups.participants']({
      groupUuid: group.uuid,
      query: { page: 1, perPage: 500, sort: { field: 'last_name', direction: 'asc' } },
    })
    expect(all.page.items).toHaveLength(members.length)
    expect(all.page.total).toBe(members.length)
    expect(all.firms.length).toBe(1)
    expect(all.page.items.every((p) => p.firmUuid === all.firms[0]!.uuid)).toBe(true)
    const lastNames = all.page.items.map((p) => p.lastName)
    expect(folded(lastNames)).toEqual(sortedKeys(lastNames))

    const clients = await h['groups.participants']({
      groupUuid: group.uuid,
      query: { types: ['client'], page: 1, perPage: 500 },
    })
    expect(clients.page.items.length).toBeGreaterThan(0)
    expect(clients.page.items.every((p) => p.type === 'client')).toBe(true)

    const role = z.enum(ACCOUNT_ROLES).parse(all.page.items[0]!.role)
    const byRole = await h['groups.participants']({
      groupUuid: group.uuid,
      query: { roles: [role], page: 1, perPage: 500 },
    })
    expect(byRole.page.items.every((p) => p.role === role)).toBe(true)

    const someone = all.page.items[1]!
    const byName = await h['groups.participants']({
      groupUuid: group.uuid,
      query: { name: someone.lastName, page: 1, perPage: 500 },
    })
    expect(byName.page.items.map((p) => p.uuid)).toContain(someone.uuid)

    const byUuid = await h['groups.participants']({
      groupUuid: group.uuid,
      query: { uuids: [someone.uuid], page: 1, perPage: 15 },
    })
    expect(byUuid.page.items.map((p) => p.uuid)).toEqual([someone.uuid])

    const page2 = await h['groups.participants']({
      groupUuid: group.uuid,
      query: { page: 2, perPage: 3, sort: { field: 'last_name', direction: 'asc' } },
    })
    expect(page2.page.items.map((p) => p.uuid)).toEqual(all.page.items.slice(3, 6).map((p) => p.uuid))

    const desc = await h['groups.participants']({
      groupUuid: group.uuid,
      query: { page: 1, perPage: 500, sort: { field: 'last_name', direction: 'desc' } },
    })
    expect(desc.page.items.map((p) => p.uuid)).toEqual([...all.page.items].reverse().map((p) => p.uuid))
  })
})

describe('accounts, circles, business units', () => {
  it('lists accounts with type/role/name filters and pages', async () => {
    const clients = await h['accounts.list']({ types: ['client'], page: 1, perPage: 50 })
    expect(clients.page.items.length).toBe(50)
    expect(clients.page.items.every((a) => a.type === 'client')).toBe(true)
    expect(clients.page.nextUrl).not.toBeNull()
    const employees = await h['accounts.list']({
      types: ['employee'],
      roles: ['owner', 'admin', 'member'],
      page: 1,
      perPage: 500,
    })
    expect(employees.page.items.every((a) => a.type === 'employee')).toBe(true)
    const someone = clients.page.items[7]!
    const byName = await h['accounts.list']({ name: someone.firstName, page: 1, perPage: 500 })
    expect(byName.page.items.map((a) => a.uuid)).toContain(someone.uuid)
    const sorted = await h['accounts.list']({ page: 1, perPage: 100, sort: { field: 'last_name', direction: 'desc' } })
    const names = sorted.page.items.map((a) => a.lastName)
    expect(folded(names)).toEqual(sortedKeys(names).reverse())
    const total = clients.page.total!
    let count = 0
    for (let page = 1; ; page++) {
      const result = await h['accounts.list']({ types: ['client'], page, perPage: 500 })
      count += result.page.items.length
      if (!result.page.nextUrl) break
    }
    expect(count).toBe(total)
  })

  it('lists circles and business units with name filters and sorts', async () => {
    const circles = await h['circles.list']({ sort: 'name', page: 1, perPage: 500 })
    expect(circles.items.length).toBe(sandbox.store.circles().length)
    const circle = circles.items[0]!
    const named = await h['circles.list']({ name: circle.name, sort: '-name', page: 1, perPage: 50 })
    expect(named.items.map((c) => c.uuid)).toContain(circle.uuid)

    const units = await h['businessUnits.list']({ sort: 'name', page: 1, perPage: 500 })
    expect(units.items.length).toBe(sandbox.store.businessUnits().length)
    const desc = await h['businessUnits.list']({ sort: '-name', page: 1, perPage: 500 })
    expect(desc.items.map((u) => u.uuid)).toEqual([...units.items].reverse().map((u) => u.uuid))
  })
})
