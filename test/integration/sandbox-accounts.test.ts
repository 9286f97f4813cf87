import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSandbox, type Sandbox } from '../../src/sandbox'
import { api, collectPages, type Page, type Row } from '../support/sandbox-client'
import { signedIn, testHandlers, type TestMain } from './api-support'

// GET /account as the sync's account plan uses it: include=groups, filter[groups], the two sync
// orders and per_page 500, over real HTTP; then main's channel for it.
let sandbox: Sandbox

beforeAll(async () => {
  sandbox = await startSandbox({ accounts: 1_200, groups: 10, seed: 11 })
})
afterAll(async () => {
  await sandbox.stop()
})

type Errors = { message: string; errors: Record<string, string[]> }
const groupsOf = (row: Row): string[] => {
  if (!Array.isArray(row.groups)) throw new Error(`groups is not a list: ${JSON.stringify(row.groups)}`)
  return row.groups.map((group: { uuid: string }) => group.uuid).sort()
}

describe('GET /account: include=groups, filter[groups], sync orders', () => {
  it('include=groups gives each account its groups; without it the relation is a placeholder', async () => {
    const withGroups = await api<Page<Row>>(sandbox, '/api/v1/account?include=groups&per_page=500&sort=created_at')
    expect(withGroups.status).toBe(200)
    for (const row of withGroups.body.data)
      expect(groupsOf(row)).toEqual([...(sandbox.store.account(row.uuid)?.groups ?? [])].sort())
    const someone = withGroups.body.data.find((row) => groupsOf(row).length > 0)
    expect(someone?.groups).toEqual(
      expect.arrayContaining([expect.objectContaining({ uuid: expect.any(String), name: expect.any(String) })]),
    )
    const without = await api<Page<Row>>(sandbox, '/api/v1/account?per_page=5')
    expect(without.body.data.every((row) => typeof row.groups === 'string')).toBe(true)
  })

  it('filter[groups] by uuids lists every member of those groups exactly once, paged in creation order', async () => {
    const [a, b] = sandbox.store.groups()
    if (!a || !b) throw new Error('need two groups')
    const expected = new Set([...a.members, ...b.members])
    const { rows, pages } = await collectPages(
      sandbox,
      `/api/v1/account?include=groups&filter[groups]=${a.uuid},${b.uuid}&sort=created_at&per_page=100`,
    )
    expect(pages).toBe(Math.ceil(expected.size / 100))
    expect(rows.map((row) => row.uuid).sort()).toEqual([...expected].sort())
    const created = rows.map((row) => Date.parse(String(row.created_at)))
    expect(created).toEqual([...created].sort((x, y) => x - y))
    for (const row of rows) expect(groupsOf(row).some((uuid) => uuid === a.uuid || uuid === b.uuid)).toBe(true)
  })

  it('filter[groups] by a partial name matches the groups whose name contains it', async () => {
    const group = sandbox.store.groups()[3]
    if (!group) throw new Error('no group')
    const part = group.name.slice(1, 6).toUpperCase()
    const named = sandbox.store.groups().filter((g) => g.name.toLowerCase().includes(part.toLowerCase()))
    const expected = new Set(named.flatMap((g) => [...g.members]))
    const { rows } = await collectPages(
      sandbox,
      `/api/v1/account?filter[groups]=${encodeURIComponent(part)}&per_page=500&sort=created_at`,
    )
    expect(new Set(rows.map((row) => row.uuid))).toEqual(expected)
  })

  it('sort=-updated_at is newest change first and follows writes (the cached order is invalidated)', async () => {
    const asc = await collectPages(sandbox, '/api/v1/account?sort=updated_at&per_page=500')
    const desc = await collectPages(sandbox, '/api/v1/account?sort=-updated_at&per_page=500')
    expect(desc.rows.map((row) => row.uuid)).toEqual(asc.rows.map((row) => row.uuid).reverse())
    const target = sandbox.store.accounts()[700]
    if (!target) throw new Error('no account')
    sandbox.store.touchAccount(target.uuid, sandbox.store.now() + 3_600)
    const newest = await api<Page<Row>>(sandbox, '/api/v1/account?sort=-updated_at&per_page=1')
    expect(newest.body.data[0]?.uuid).toBe(target.uuid)
    const group = sandbox.store.groups()[0]
    const outsider = sandbox.store.accounts().find((account) => group && !group.members.has(account.uuid))
    if (!group || !outsider) throw new Error('no outsider')
    sandbox.store.addParticipants(group.uuid, [outsider.uuid])
    const { rows } = await collectPages(sandbox, `/api/v1/account?filter[groups]=${group.uuid}&per_page=500`)
    expect(rows.map((row) => row.uuid)).toContain(outsider.uuid)
  })

  it('per_page up to 500; bad values answer 422 like the other lists', async () => {
    expect((await api<Page<Row>>(sandbox, '/api/v1/account?per_page=500')).body.data).toHaveLength(500)
    const tooMany = await api<Errors>(sandbox, '/api/v1/account?per_page=501')
    expect(tooMany.status).toBe(422)
    expect(tooMany.body.errors).toHaveProperty('per_page')
    const include = await api<Errors>(sandbox, '/api/v1/account?include=groups,nonsense')
    expect(include.status).toBe(422)
    expect(include.body.errors.include?.[0]).toContain('nonsense')
    const sort = await api<Errors>(sandbox, '/api/v1/account?sort=-groups')
    expect(sort.status).toBe(422)
    expect(sort.body.errors).toHaveProperty('sort')
  })
})

describe('GET /account on a server that does less', () => {
  it('can refuse include=groups or filter[groups] (422), or ignore include=groups', async () => {
    const refusing = await startSandbox({
      accounts: 50,
      groups: 3,
      seed: 2,
      accountApi: { refuseIncludeGroups: true, refuseGroupsFilter: true },
    })
    const ignoring = await startSandbox({ accounts: 50, groups: 3, seed: 2, accountApi: { ignoreIncludeGroups: true } })
    try {
      const include = await api<Errors>(refusing, '/api/v1/account?include=groups')
      expect(include.status).toBe(422)
      expect(include.body.errors).toHaveProperty('include')
      const group = refusing.store.groups()[0]?.uuid ?? ''
      const filter = await api<Errors>(refusing, `/api/v1/account?filter[groups]=${group}`)
      expect(filter.status).toBe(422)
      expect(filter.body.errors).toHaveProperty('filter')
      const ignored = await api<Page<Row>>(ignoring, '/api/v1/account?include=groups&per_page=5')
      expect(ignored.status).toBe(200)
      expect(ignored.body.data.every((row) => typeof row.groups === 'string')).toBe(true)
    } finally {
      await refusing.stop()
      await ignoring.stop()
    }
  })
})

describe('main: accounts.withGroups', () => {
  let main: TestMain
  beforeAll(async () => {
    main = await signedIn(sandbox)
  })
  afterAll(async () => {
    await main.services.dispose()
  })

  it('reads accounts of the given groups with their groups, and says whether groups came', async () => {
    const h = testHandlers(main)
    const group = sandbox.store.groups()[1]
    if (!group) throw new Error('no group')
    const seen: string[] = []
    for (let page = 1; ; page += 1) {
      const answer = await h['accounts.withGroups']({
        groupUuids: [group.uuid],
        sort: 'created_at',
        page,
        perPage: 100,
      })
      expect(answer.groupsIncluded).toBe(true)
      for (const participant of answer.page.items) {
        expect(participant.groups.map((ref) => ref.uuid)).toContain(group.uuid)
        seen.push(participant.uuid)
      }
      if (answer.page.nextUrl === null) break
    }
    expect(seen.sort()).toEqual([...group.members].sort())
    const byUuid = await h['accounts.withGroups']({
      uuids: seen.slice(0, 3),
      sort: 'created_at',
      page: 1,
      perPage: 500,
    })
    expect(byUuid.page.items.map((item) => item.uuid).sort()).toEqual(seen.slice(0, 3).sort())
  })

  it('reports a server that ignored include=groups, and passes a refusal on as validation', async () => {
    const ignoring = await startSandbox({ accounts: 40, groups: 3, seed: 3, accountApi: { ignoreIncludeGroups: true } })
    const refusing = await startSandbox({ accounts: 40, groups: 3, seed: 3, accountApi: { refuseIncludeGroups: true } })
    const mainIgnoring = await signedIn(ignoring)
    const mainRefusing = await signedIn(refusing)
    try {
      const answer = await testHandlers(mainIgnoring)['accounts.withGroups']({
        sort: 'created_at',
        page: 1,
        perPage: 10,
      })
      expect(answer.groupsIncluded).toBe(false)
      await expect(
        testHandlers(mainRefusing)['accounts.withGroups']({ sort: 'created_at', page: 1, perPage: 10 }),
      ).rejects.toMatchObject({ kind: 'validation' })
    } finally {
      await mainIgnoring.services.dispose()
      await mainRefusing.services.dispose()
      await ignoring.stop()
      await refusing.stop()
    }
  })
})
