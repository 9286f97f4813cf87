import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { foldText } from '../../src/shared/plannr/participant-query'
import { startSandbox, type Sandbox } from '../../src/sandbox'
import { api, collectPages, type Page, type Row } from '../support/sandbox-client'

// The conformance suite: every documented request, over real HTTP, against a small dataset.
let sandbox: Sandbox

beforeAll(async () => {
  sandbox = await startSandbox({ accounts: 300, groups: 12, seed: 7 })
})
afterAll(async () => {
  await sandbox.stop()
})

const biggestGroup = () => sandbox.store.largestGroup()
const text = (row: Row, key: string) => String(row[key] ?? '')

describe('sandbox: logins and headers', () => {
  it('GET /logins lists the demo login with full account and firm, and preferred_account_uuid at the top level', async () => {
    const result = await api<{ data: Row[]; preferred_account_uuid: string }>(sandbox, '/api/v1/logins', {
      account: null,
    })
    expect(result.status).toBe(200)
    expect(result.body.preferred_account_uuid).toBe(sandbox.demo.accountUuid)
    expect(result.body.data).toHaveLength(1)
    const login = result.body.data[0] as Row
    expect((login.account as Row).uuid).toBe(sandbox.demo.accountUuid)
    expect((login.account as Row).type).toBe('employee')
    expect(login.firm).toMatchObject({
      name: expect.any(String),
      brand_colours: expect.any(Object),
      billing: expect.any(Object),
    })
  })

  it('the multi-login user has two employee logins in two firms and no preferred account', async () => {
    const result = await api<{ data: Row[]; preferred_account_uuid?: string }>(sandbox, '/api/v1/logins', {
      token: sandbox.multiLoginToken,
      account: null,
    })
    expect(result.status).toBe(200)
    expect(result.body.preferred_account_uuid).toBeUndefined()
    expect(result.body.data.map((login) => (login.account as Row).type)).toEqual(['employee', 'employee'])
    const firms = new Set(result.body.data.map((login) => (login.firm as Row).uuid))
    expect(firms.size).toBe(2)
    // Each account sees its own firm's data.
    const [first, second] = result.body.data.map((login) => (login.account as Row).uuid)
    const groupsA = await api<Page<Row>>(sandbox, '/api/v1/group', {
      token: sandbox.multiLoginToken,
      account: first ?? null,
    })
    const groupsB = await api<Page<Row>>(sandbox, '/api/v1/group', {
      token: sandbox.multiLoginToken,
      account: second ?? null,
    })
    expect(groupsA.body.meta.total).toBe(12)
    expect(groupsB.body.data.map((group) => group.name)).toEqual(['Northgate Clients'])
  })

  it('401 without or with an unknown token, 400 without the account header, 403 with a foreign account', async () => {
    for (const token of [null, 'not-a-token']) {
      const result = await api(sandbox, '/api/v1/group', { token })
      expect(result.status).toBe(401)
      expect(result.body).toEqual({ message: 'Unauthenticated.' })
    }
    expect((await api(sandbox, '/api/v1/logins', { token: null })).status).toBe(401)
    const missing = await api(sandbox, '/api/v1/group', { account: null })
    expect(missing.status).toBe(400)
    expect(missing.body).toEqual({ message: 'The X-PLANNR-ACCOUNT-UUID header is required.' })
    const someoneElse = sandbox.store.accounts()[50]?.uuid ?? ''
    const foreign = await api(sandbox, '/api/v1/group', { account: someoneElse })
    expect(foreign.status).toBe(403)
    expect(foreign.body).toEqual({ message: 'This action is unauthorized.' })
    // Business units document no header: optional there.
    expect((await api(sandbox, '/api/v1/business-units', { account: null })).status).toBe(200)
  })

  it('every API response carries X-RateLimit-Limit and a decreasing X-RateLimit-Remaining', async () => {
    const first = await api(sandbox, '/api/v1/logins', { token: sandbox.multiLoginToken })
    const second = await api(sandbox, '/api/v1/logins', { token: sandbox.multiLoginToken })
    expect(first.headers.get('x-ratelimit-limit')).toBe('500')
    expect(Number(second.headers.get('x-ratelimit-remaining'))).toBe(
      Number(first.headers.get('x-ratelimit-remaining')) - 1,
    )
    const unauthorised = await api(sandbox, '/api/v1/group', { token: null })
    expect(unauthorised.headers.get('x-ratelimit-remaining')).not.toBeNull()
  })

  it('unknown routes and uuids are 404 with Laravel messages; malformed JSON is 400', async () => {
    const route = await api(sandbox, '/api/v1/nope')
    expect(route.status).toBe(404)
    const uuid = '00000000-0000-4000-8000-000000000000'
    const group = await api(sandbox, `/api/v1/group/${uuid}`)
    expect(group.status).toBe(404)
    expect(group.body).toEqual({ message: `No query results for model [App\\Models\\Group] ${uuid}` })
    expect((await api(sandbox, `/api/v1/group/${uuid}/participants`)).status).toBe(404)
    expect((await api(sandbox, `/api/v1/circles/${uuid}`)).status).toBe(404)
    const malformed = await api(sandbox, '/api/v1/group', { method: 'POST', rawBody: '{"name": ' })
    expect(malformed.status).toBe(400)
    expect(malformed.body).toEqual({ message: 'Malformed JSON body.' })
  })
})

describe('sandbox: groups', () => {
  it('lists groups sorted by name by default, each with a string participants_count and the placeholder participants', async () => {
    const { rows } = await collectPages(sandbox, '/api/v1/group?per_page=5')
    expect(rows).toHaveLength(12)
    const names = rows.map((row) => foldText(text(row, 'name')))
    expect(names).toEqual([...names].sort())
    for (const row of rows) {
      expect(row.participants_count).toBe(String(sandbox.store.group(row.uuid)?.members.size))
      expect(row.participants).toHaveProperty('uuid.example')
    }
  })

  it('sorts by created_at, name and updated_at both ways', async () => {
    for (const field of ['created_at', 'name', 'updated_at']) {
      const asc = (await api<Page<Row>>(sandbox, `/api/v1/group?per_page=100&sort=${field}`)).body.data
      const desc = (await api<Page<Row>>(sandbox, `/api/v1/group?per_page=100&sort=-${field}`)).body.data
      expect(desc.map((row) => row.uuid)).toEqual([...asc].reverse().map((row) => row.uuid))
      if (field !== 'name') {
        const times = asc.map((row) => Date.parse(text(row, field)))
        expect(times).toEqual([...times].sort((a, b) => a - b))
      }
    }
  })

  it('filters by uuid, name and business unit, and includes participants / business_unit', async () => {
    const group = biggestGroup()
    const byUuid = await api<Page<Row>>(sandbox, `/api/v1/group?filter[uuid]=${group.uuid}`)
    expect(byUuid.body.data.map((row) => row.uuid)).toEqual([group.uuid])
    const fragment = group.name.slice(1, 5).toUpperCase()
    const byName = await api<Page<Row>>(
      sandbox,
      `/api/v1/group?filter[name]=${encodeURIComponent(fragment)}&per_page=100`,
    )
    expect(byName.body.data.map((row) => row.uuid)).toContain(group.uuid)
    expect(byName.body.data.every((row) => foldText(text(row, 'name')).includes(foldText(fragment)))).toBe(true)
    const unit = sandbox.store.businessUnits()[0]
    if (unit) {
      const byUnit = await api<Page<Row>>(
        sandbox,
        `/api/v1/group?filter[business_unit]=${unit.uuid}&per_page=100&include=business_unit`,
      )
      const expected = sandbox.store.groups().filter((candidate) => candidate.businessUnit === unit.uuid)
      expect(byUnit.body.meta.total).toBe(expected.length)
      for (const row of byUnit.body.data) expect((row.business_unit as Row).uuid).toBe(unit.uuid)
    }
    const included = await api<Row>(sandbox, `/api/v1/group/${group.uuid}?include=participants`)
    expect(included.status).toBe(200)
    expect(included.body.participants).toHaveLength(group.members.size)
    expect((included.body.participants as Row[])[0]).toEqual(
      expect.objectContaining({ uuid: expect.any(String), first_name: expect.any(String), role: expect.any(String) }),
    )
    expect((await api(sandbox, '/api/v1/group?include=nonsense')).status).toBe(422)
  })

  it('GET /group/{uuid} returns the bare group', async () => {
    const group = biggestGroup()
    const result = await api<Row>(sandbox, `/api/v1/group/${group.uuid}`)
    expect(result.status).toBe(200)
    expect(result.body).toMatchObject({ uuid: group.uuid, name: group.name, slug: group.slug })
    expect(result.body).not.toHaveProperty('data')
  })

  it('POST /group creates a group (200) that is listed, has its participants and can be used by a circle', async () => {
    const members = sandbox.store
      .accounts()
      .slice(40, 43)
      .map((account) => account.uuid)
    const unit = sandbox.store.businessUnits()[0]
    const created = await api<Row>(sandbox, '/api/v1/group', {
      method: 'POST',
      body: { name: 'Zoë’s Clients', participants: members, business_unit: unit?.uuid ?? null },
    })
    expect(created.status).toBe(200)
    expect(created.body).toMatchObject({ name: 'Zoë’s Clients', slug: 'zoes-clients', participants_count: '3' })
    const listed = await api<Page<Row>>(sandbox, `/api/v1/group?filter[name]=zoe`)
    expect(listed.body.data.map((row) => row.uuid)).toContain(created.body.uuid)
    const participants = await api<Page<Row>>(sandbox, `/api/v1/group/${created.body.uuid}/participants`)
    expect(participants.body.data.map((row) => row.uuid).sort()).toEqual([...members].sort())
    const circle = await api<Row>(sandbox, '/api/v1/circles', {
      method: 'POST',
      body: { name: 'Test Family', account_uuids: members.slice(0, 2), group_uuids: [created.body.uuid] },
    })
    expect(circle.status).toBe(201)
    expect((circle.body.groups as Row[]).map((row) => row.uuid)).toEqual([created.body.uuid])
  })

  it('POST /group validates: name required and unique (case-insensitively), participants and business unit must exist', async () => {
    const existing = biggestGroup()
    const missing = await api<{ message: string; errors: Record<string, string[]> }>(sandbox, '/api/v1/group', {
      method: 'POST',
      body: {},
    })
    expect(missing.status).toBe(422)
    expect(missing.body).toEqual({
      message: 'The name field is required.',
      errors: { name: ['The name field is required.'] },
    })
    const duplicate = await api(sandbox, '/api/v1/group', {
      method: 'POST',
      body: { name: ` ${existing.name.toUpperCase()} ` },
    })
    expect(duplicate.status).toBe(422)
    expect(duplicate.body).toEqual({
      message: 'The name has already been taken.',
      errors: { name: ['The name has already been taken.'] },
    })
    const unknown = '00000000-0000-4000-8000-000000000001'
    const several = await api<{ message: string; errors: Record<string, string[]> }>(sandbox, '/api/v1/group', {
      method: 'POST',
      body: { name: existing.name, participants: [sandbox.demo.accountUuid, unknown], business_unit: unknown },
    })
    expect(several.status).toBe(422)
    expect(several.body.message).toBe('The name has already been taken. (and 2 more errors)')
    expect(Object.keys(several.body.errors).sort()).toEqual(['business_unit', 'name', 'participants.1'])
  })

  it('PUT /group/{uuid} renames (name required and unique) and bumps updated_at', async () => {
    const [group, other] = sandbox.store.groups()
    if (!group || !other) throw new Error('need two groups')
    const before = group.updatedAt
    const renamed = await api<Row>(sandbox, `/api/v1/group/${group.uuid}`, {
      method: 'PUT',
      body: { name: `${group.name} (renamed)` },
    })
    expect(renamed.status).toBe(200)
    expect(renamed.body.name).toBe(group.name)
    expect(group.updatedAt).toBeGreaterThan(before)
    expect(
      (await api(sandbox, `/api/v1/group/${group.uuid}`, { method: 'PUT', body: { name: other.name } })).status,
    ).toBe(422)
    expect((await api(sandbox, `/api/v1/group/${group.uuid}`, { method: 'PUT', body: {} })).status).toBe(422)
    // Keeping its own name is not a clash.
    expect(
      (await api(sandbox, `/api/v1/group/${group.uuid}`, { method: 'PUT', body: { name: group.name } })).status,
    ).toBe(200)
  })

  it('adds (idempotently) and removes (harmlessly) participants, bumping updated_at', async () => {
    const group = sandbox.store.createGroup({ name: 'Membership test' })
    const [a, b] = sandbox.store
      .accounts()
      .slice(60, 62)
      .map((account) => account.uuid)
    const add = async () =>
      api<Row>(sandbox, `/api/v1/group/${group.uuid}/participants`, { method: 'POST', body: { participants: [a, b] } })
    expect((await add()).body.participants_count).toBe('2')
    const before = group.updatedAt
    expect((await add()).body.participants_count).toBe('2')
    expect(group.updatedAt).toBeGreaterThan(before)
    const removed = await api<Row>(sandbox, `/api/v1/group/${group.uuid}/participants`, {
      method: 'DELETE',
      body: { participants: [a] },
    })
    expect(removed.status).toBe(200)
    expect(removed.body.participants_count).toBe('1')
    const again = await api<Row>(sandbox, `/api/v1/group/${group.uuid}/participants`, {
      method: 'DELETE',
      body: { participants: [a] },
    })
    expect(again.body.participants_count).toBe('1')
    expect(sandbox.store.account(a ?? '')?.groups).not.toContain(group.uuid)
    const bad = await api(sandbox, `/api/v1/group/${group.uuid}/participants`, {
      method: 'POST',
      body: { participants: ['00000000-0000-4000-8000-000000000009'] },
    })
    expect(bad.status).toBe(422)
  })
})

describe('sandbox: group participants', () => {
  const path = () => `/api/v1/group/${biggestGroup().uuid}/participants`

  it('pages with Laravel links/meta; following links.next visits every participant exactly once', async () => {
    const group = biggestGroup()
    const first = await api<Page<Row>>(sandbox, `${path()}?per_page=7&filter[type]=client,employee,external`)
    expect(first.status).toBe(200)
    expect(first.body.meta).toMatchObject({
      current_page: 1,
      from: 1,
      per_page: 7,
      to: 7,
      total: group.members.size,
      path: `${sandbox.url}${path()}`,
    })
    expect(first.body.links.prev).toBeNull()
    expect(first.body.links.next).toContain('per_page=7')
    expect(decodeURIComponent(first.body.links.next ?? '')).toContain('filter[type]=client,employee,external')
    const { rows, pages } = await collectPages(sandbox, `${path()}?per_page=7&sort=last_name`)
    expect(pages).toBe(Math.ceil(group.members.size / 7))
    expect(rows.map((row) => row.uuid).sort()).toEqual([...group.members].sort())
    const last = await api<Page<Row>>(sandbox, `${path()}?per_page=7&page=${pages}`)
    expect(last.body.links.next).toBeNull()
    const beyond = await api<Page<Row>>(sandbox, `${path()}?per_page=7&page=${pages + 5}`)
    expect(beyond.body.data).toEqual([])
    expect(beyond.body.meta.from).toBeNull()
  })

  it('defaults to 15 per page, sorted by name', async () => {
    const result = await api<Page<Row>>(sandbox, path())
    expect(result.body.data).toHaveLength(Math.min(15, biggestGroup().members.size))
    const names = result.body.data.map((row) => foldText(text(row, 'name')))
    expect(names).toEqual([...names].sort())
  })

  it('sorts by each documented field in both directions', async () => {
    for (const field of ['created_at', 'first_name', 'last_name', 'updated_at', 'type']) {
      const asc = (await api<Page<Row>>(sandbox, `${path()}?per_page=500&sort=${field}`)).body.data
      const desc = (await api<Page<Row>>(sandbox, `${path()}?per_page=500&sort=-${field}`)).body.data
      expect(desc.map((row) => row.uuid)).toEqual([...asc].reverse().map((row) => row.uuid))
      const keys = asc.map((row) =>
        field.endsWith('_at') ? new Date(text(row, field)).toISOString() : foldText(text(row, field)),
      )
      expect(keys).toEqual([...keys].sort())
    }
  })

  it('filters by uuid list, name (partial, accent-insensitive), type and role lists', async () => {
    const members = sandbox.store.groupMembers(biggestGroup().uuid)
    const picked = members.slice(0, 3).map((account) => account.uuid)
    const byUuid = await api<Page<Row>>(sandbox, `${path()}?filter[uuid]=${picked.join(',')}`)
    expect(byUuid.body.data.map((row) => row.uuid).sort()).toEqual([...picked].sort())
    const target = members.find((account) => account.type === 'client' && account.role === 'individual') ?? members[0]
    if (!target) throw new Error('empty group')
    const needle = target.lastName.slice(0, 3).toLowerCase()
    const byName = await api<Page<Row>>(sandbox, `${path()}?per_page=500&filter[name]=${encodeURIComponent(needle)}`)
    expect(byName.body.data.map((row) => row.uuid)).toContain(target.uuid)
    for (const row of byName.body.data)
      expect(foldText(`${text(row, 'first_name')}|${text(row, 'last_name')}|${text(row, 'name')}`)).toContain(
        foldText(needle),
      )
    const byType = await api<Page<Row>>(sandbox, `${path()}?per_page=500&filter[type]=employee,external`)
    expect(byType.body.meta.total).toBe(members.filter((account) => account.type !== 'client').length)
    const byRole = await api<Page<Row>>(sandbox, `${path()}?per_page=500&filter[role]=joint,trust`)
    expect(byRole.body.meta.total).toBe(
      members.filter((account) => account.role === 'joint' || account.role === 'trust').length,
    )
    expect(byRole.body.data.every((row) => row.role === 'joint' || row.role === 'trust')).toBe(true)
  })

  it('matches unicode names without accents', async () => {
    const unicode = sandbox.store
      .accounts()
      .find((account) => account.firstName === 'Zoë' || account.lastName === 'Wójcik' || account.firstName === 'Siân')
    if (!unicode) throw new Error('the dataset should contain unicode names')
    const group = sandbox.store.group(unicode.groups[0] ?? '')
    const needle = foldText(unicode.firstName === 'Zoë' ? 'zoe' : unicode.lastName === 'Wójcik' ? 'wojcik' : 'sian')
    const result = await api<Page<Row>>(
      sandbox,
      `/api/v1/group/${group?.uuid}/participants?per_page=500&filter[name]=${needle}`,
    )
    expect(result.body.data.map((row) => row.uuid)).toContain(unicode.uuid)
  })

  it('422 for bad per_page, unknown sort, unknown type or role', async () => {
    for (const query of [
      'per_page=0',
      'per_page=501',
      'per_page=abc',
      'sort=email',
      'sort=-nope',
      'filter[type]=robot',
      'filter[role]=king',
    ]) {
      const result = await api<{ message: string; errors: Record<string, string[]> }>(sandbox, `${path()}?${query}`)
      expect(result.status, query).toBe(422)
      expect(Object.keys(result.body.errors).length, query).toBeGreaterThan(0)
      expect(result.body.message).toBe(Object.values(result.body.errors)[0]?.[0])
    }
    expect((await api(sandbox, `${path()}?per_page=500`)).status).toBe(200)
  })

  it('sees test-side changes to the store immediately', async () => {
    const group = biggestGroup()
    const victim = [...group.members][0] ?? ''
    sandbox.store.removeParticipants(group.uuid, [victim])
    const after = await api<Page<Row>>(sandbox, `${path()}?filter[uuid]=${victim}`)
    expect(after.body.data).toEqual([])
    sandbox.store.addParticipants(group.uuid, [victim])
    sandbox.store.updateAccount(victim, { firstName: 'Renamed' })
    const renamed = await api<Page<Row>>(sandbox, `${path()}?filter[uuid]=${victim}`)
    expect(renamed.body.data[0]?.first_name).toBe('Renamed')
  })
})

describe('sandbox: accounts', () => {
  it('lists the firm accounts with filters and sorts', async () => {
    const all = await api<Page<Row>>(sandbox, '/api/v1/account?per_page=500')
    expect(all.status).toBe(200)
    expect(all.body.meta.total).toBe(sandbox.store.accounts().length)
    const firstNames = all.body.data.map((row) => foldText(text(row, 'first_name')))
    expect(firstNames).toEqual([...firstNames].sort())
    const clients = await api<Page<Row>>(
      sandbox,
      '/api/v1/account?per_page=500&filter[type]=client&filter[role]=individual',
    )
    expect(clients.body.data.every((row) => row.type === 'client' && row.role === 'individual')).toBe(true)
    const employees = await api<Page<Row>>(
      sandbox,
      '/api/v1/account?filter[type]=employee&filter[role]=owner,admin,member&per_page=500',
    )
    expect(employees.body.meta.total).toBe(
      sandbox.store.accounts().filter((account) => account.type === 'employee').length,
    )
    const target = sandbox.store.accounts()[120]
    if (!target) throw new Error('no account')
    const byName = await api<Page<Row>>(
      sandbox,
      `/api/v1/account?per_page=500&filter[name]=${encodeURIComponent(`${target.firstName} ${target.lastName}`.toUpperCase())}`,
    )
    expect(byName.body.data.map((row) => row.uuid)).toContain(target.uuid)
    const byUuid = await api<Page<Row>>(sandbox, `/api/v1/account?filter[uuid]=${target.uuid}`)
    expect(byUuid.body.data.map((row) => row.uuid)).toEqual([target.uuid])
    for (const field of ['last_name', 'email', 'created_at', 'next_review_date']) {
      const asc = (await api<Page<Row>>(sandbox, `/api/v1/account?per_page=500&sort=${field}`)).body.data
      const desc = (await api<Page<Row>>(sandbox, `/api/v1/account?per_page=500&sort=-${field}`)).body.data
      expect(desc.map((row) => row.uuid)).toEqual([...asc].reverse().map((row) => row.uuid))
    }
    expect((await api(sandbox, '/api/v1/account?sort=type')).status).toBe(422)
    expect((await api(sandbox, '/api/v1/account?filter[type]=robot')).status).toBe(422)
  })
})

describe('sandbox: circles', () => {
  it('lists circles with filters and sorts', async () => {
    const circles = sandbox.store.circles()
    const target = circles[0]
    if (!target) throw new Error('no circles generated')
    const list = await collectPages(sandbox, '/api/v1/circles?per_page=4')
    expect(list.rows).toHaveLength(circles.length)
    const names = list.rows.map((row) => foldText(text(row, 'name')))
    expect(names).toEqual([...names].sort())
    const byAccount = await api<Page<Row>>(sandbox, `/api/v1/circles?filter[account_uuids]=${target.accounts[0]}`)
    expect(byAccount.body.data.map((row) => row.uuid)).toContain(target.uuid)
    const byGroup = await api<Page<Row>>(
      sandbox,
      `/api/v1/circles?per_page=500&filter[group_uuids]=${target.groups[0] ?? ''}`,
    )
    if (target.groups[0]) expect(byGroup.body.data.map((row) => row.uuid)).toContain(target.uuid)
    const byName = await api<Page<Row>>(
      sandbox,
      `/api/v1/circles?per_page=500&filter[name]=${encodeURIComponent(target.name.slice(0, 4))}`,
    )
    expect(byName.body.data.map((row) => row.uuid)).toContain(target.uuid)
    const byUuid = await api<Page<Row>>(sandbox, `/api/v1/circles?filter[uuid]=${target.uuid}&include=firm`)
    expect(byUuid.body.data).toHaveLength(1)
    expect(byUuid.body.data[0]).toHaveProperty('firm.name')
    for (const field of ['name', 'created_at', 'updated_at']) {
      const asc = (await api<Page<Row>>(sandbox, `/api/v1/circles?per_page=500&sort=${field}`)).body.data
      const desc = (await api<Page<Row>>(sandbox, `/api/v1/circles?per_page=500&sort=-${field}`)).body.data
      expect(desc.map((row) => row.uuid)).toEqual([...asc].reverse().map((row) => row.uuid))
    }
    expect((await api<Row>(sandbox, `/api/v1/circles/${target.uuid}`)).body.uuid).toBe(target.uuid)
  })

  it('POST /circles: 201, server-picked bg_colour, bounds on accounts and groups, existence checks', async () => {
    const accounts = sandbox.store.accounts().map((account) => account.uuid)
    const group = biggestGroup().uuid
    const created = await api<Row>(sandbox, '/api/v1/circles', {
      method: 'POST',
      body: { name: 'Jones Family', account_uuids: accounts.slice(0, 1), group_uuids: [group] },
    })
    expect(created.status).toBe(201)
    expect(created.body.bg_colour).toMatch(/^#[0-9a-f]{6}$/i)
    const coloured = await api<Row>(sandbox, '/api/v1/circles', {
      method: 'POST',
      body: { name: 'Blue Family', bg_colour: '#DDDDDD', account_uuids: accounts.slice(0, 2), group_uuids: [] },
    })
    expect(coloured.body.bg_colour).toBe('#DDDDDD')
    const post = (body: unknown) =>
      api<{ errors: Record<string, string[]> }>(sandbox, '/api/v1/circles', { method: 'POST', body })
    expect((await post({ name: 'x', account_uuids: [], group_uuids: [] })).body.errors).toHaveProperty('account_uuids')
    expect(
      (await post({ name: 'x', account_uuids: accounts.slice(0, 101), group_uuids: [] })).body.errors,
    ).toHaveProperty('account_uuids')
    expect((await post({ name: 'x', account_uuids: accounts.slice(0, 1) })).body.errors).toHaveProperty('group_uuids')
    expect((await post({ account_uuids: accounts.slice(0, 1), group_uuids: [] })).body.errors).toHaveProperty('name')
    expect(
      (await post({ name: 'x', account_uuids: accounts.slice(0, 1), group_uuids: [], bg_colour: 'blue' })).body.errors,
    ).toHaveProperty('bg_colour')
    const unknown = await post({
      name: 'x',
      account_uuids: ['00000000-0000-4000-8000-000000000002'],
      group_uuids: ['00000000-0000-4000-8000-000000000003'],
    })
    expect(Object.keys(unknown.body.errors).sort()).toEqual(['account_uuids.0', 'group_uuids.0'])
  })

  it('PUT /circles/{uuid} replaces the account and group lists', async () => {
    const accounts = sandbox.store
      .accounts()
      .slice(200, 204)
      .map((account) => account.uuid)
    const circle = sandbox.store.createCircle({
      name: 'Replace Me',
      accountUuids: accounts.slice(0, 2),
      groupUuids: [],
    })
    const updated = await api<Row>(sandbox, `/api/v1/circles/${circle.uuid}`, {
      method: 'PUT',
      body: { name: 'Replaced', account_uuids: accounts.slice(2, 4), group_uuids: [biggestGroup().uuid] },
    })
    expect(updated.status).toBe(200)
    expect((updated.body.accounts as Row[]).map((row) => row.uuid)).toEqual(accounts.slice(2, 4))
    expect(sandbox.store.account(accounts[0] ?? '')?.circles).not.toContain(circle.uuid)
    expect(sandbox.store.account(accounts[2] ?? '')?.circles).toContain(circle.uuid)
  })
})

describe('sandbox: business units', () => {
  it('lists, creates (201, unique name, brand_colours []) and moves members', async () => {
    const list = await api<Page<Row>>(sandbox, '/api/v1/business-units')
    expect(list.status).toBe(200)
    expect(list.body.data.length).toBe(sandbox.store.businessUnits().length)
    expect(list.body.data[0]?.brand_colours).toEqual([])
    const created = await api<Row>(sandbox, '/api/v1/business-units', {
      method: 'POST',
      body: { name: 'Ólafur’s Unit' },
    })
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({
      name: 'Ólafur’s Unit',
      brand_colours: [],
      members_count: 0,
      groups_count: 0,
      has_alternative_branding: false,
    })
    const duplicate = await api(sandbox, '/api/v1/business-units', { method: 'POST', body: { name: 'ólafur’s unit' } })
    expect(duplicate.status).toBe(422)
    expect((await api(sandbox, '/api/v1/business-units', { method: 'POST', body: {} })).status).toBe(422)
    const account = sandbox.store.accounts()[100]?.uuid ?? ''
    const unknown = '00000000-0000-4000-8000-000000000004'
    const added = await api<{ successful: string[]; failed: string[] }>(
      sandbox,
      `/api/v1/business-units/${created.body.uuid}/members/add`,
      { method: 'POST', body: { accounts: [account, unknown] } },
    )
    expect(added.status).toBe(200)
    expect(added.body).toEqual({ successful: [account], failed: [unknown] })
    expect(sandbox.store.account(account)?.businessUnit).toBe(created.body.uuid)
    const removed = await api<{ successful: string[] }>(
      sandbox,
      `/api/v1/business-units/${created.body.uuid}/members/remove`,
      { method: 'POST', body: { accounts: [account] } },
    )
    expect(removed.body.successful).toEqual([account])
    expect(
      (
        await api(sandbox, `/api/v1/business-units/${created.body.uuid}/members/explode`, {
          method: 'POST',
          body: { accounts: [account] },
        })
      ).status,
    ).toBe(404)
  })
})
