import { z } from 'zod'
import type { AccountsWithGroupsPage, AccountsWithGroupsQuery, ParticipantPage } from '../../shared/ipc/contract'
import { ApiAccount, ApiBusinessUnit, ApiCircle, ApiGroup, ApiLogins, apiPage } from './api-schemas'
import { anotherRecord, answerAbout, isAbout } from './answer-about'
import { endpointLabel, malformedResponse } from './errors'
import { AppError } from '../../shared/ipc/errors'
import { fastApiAccountPage } from './fast-account-page'
import type { BusinessUnit, Circle, Firm, Group, Logins, Page } from '../../shared/plannr/models'
import { participantQueryToParams, type ParticipantQuery } from '../../shared/plannr/participant-query'
import {
  isUuid,
  type CreateBusinessUnitBody,
  type CreateCircleBody,
  type CreateGroupBody,
  type GroupParticipantsBody,
  type UpdateCircleBody,
  type UpdateGroupBody,
} from '../../shared/plannr/request-bodies'
import type { Http, Method } from './http'
import { followPages, toPage, type RawPage } from './pagination'

/** Options every call accepts: cancellation, the account it is for and, for writes, the outbox's operation id. */
export interface CallOptions {
  signal?: AbortSignal
  timeoutMs?: number
  opId?: string
  /** Sent as X-PLANNR-ACCOUNT-UUID; every endpoint but /logins needs it. */
  accountUuid?: string
}

export interface NameListQuery {
  name?: string
  uuids?: string[]
  sort?: string
  page?: number
  perPage?: number
}

/**
 * A single resource comes bare in the docs (`GET /group/{uuid}`), but Laravel resources are often
 * wrapped in `data`; accept both.
 */
function single<T extends z.ZodType>(schema: T) {
  return z.preprocess((value) => {
    if (value && typeof value === 'object' && !Array.isArray(value) && !('uuid' in value) && 'data' in value) {
      return (value as { data: unknown }).data
    }
    return value
  }, schema)
}

const GroupPageSchema = apiPage(ApiGroup)
const CirclePageSchema = apiPage(ApiCircle)
const BusinessUnitPageSchema = apiPage(ApiBusinessUnit)
const AccountPageSchema = apiPage(ApiAccount)

function nameListParams(query: NameListQuery): URLSearchParams {
  const params = new URLSearchParams()
  if (query.uuids?.length) params.set('filter[uuid]', query.uuids.join(','))
  if (query.name) params.set('filter[name]', query.name)
  if (query.sort) params.set('sort', query.sort)
  params.set('per_page', String(query.perPage ?? 15))
  params.set('page', String(query.page ?? 1))
  return params
}

/** Typed methods, one per Plannr endpoint the app uses. Every answer goes through a shared schema. */
export class PlannrEndpoints {
  constructor(private readonly http: Http) {}

  /** `GET /api/v1/logins` — no account header: this is how the account is found. */
  logins(options: CallOptions = {}): Promise<Logins> {
    return this.http.requestBody({
      method: 'GET',
      path: '/api/v1/logins',
      account: false,
      schema: ApiLogins,
      ...options,
    })
  }

  listGroups(query: NameListQuery, options: CallOptions = {}): Promise<Page<Group>> {
    const params = nameListParams(query)
    // The group list shows each group's business unit; the relation is only sent when included.
    params.set('include', 'business_unit')
    return this.page('/api/v1/group', params, GroupPageSchema, query, options)
  }

  async getGroup(uuid: string, options: CallOptions = {}): Promise<Group> {
    return this.http.requestBody({
      method: 'GET',
      path: `/api/v1/group/${segment(uuid)}`,
      query: new URLSearchParams({ include: 'business_unit' }),
      schema: answerAbout(single(ApiGroup), uuid),
      ...options,
    })
  }

  async groupParticipants(
    groupUuid: string,
    query: ParticipantQuery,
    options: CallOptions = {},
  ): Promise<ParticipantPage> {
    return this.participantPage(`/api/v1/group/${segment(groupUuid)}/participants`, query, options)
  }

  /**
   * `GET /api/v1/account` sorts by first_name by default and has no `name` sort (docs/plannr-api.md,
   * "Accounts"); the
   * shared query's `name` (full name, first name first) is closest to `first_name`.
   */
  listAccounts(query: ParticipantQuery, options: CallOptions = {}): Promise<ParticipantPage> {
    const sort = query.sort.field === 'name' ? { ...query.sort, field: 'first_name' as const } : query.sort
    return this.participantPage('/api/v1/account', { ...query, sort }, options)
  }

  /**
   * `GET /api/v1/account?include=groups`: each account with the groups it belongs to, for the
   * sync's account plan. Says whether every account really carried its groups (a server may
   * ignore an include): the raw answer is looked at before parsing, because a missing relation
   * and a not-loaded placeholder both parse to an empty list.
   */
  async listAccountsWithGroups(
    query: AccountsWithGroupsQuery,
    options: CallOptions = {},
  ): Promise<AccountsWithGroupsPage> {
    const params = new URLSearchParams({ include: 'groups' })
    if (query.groupUuids?.length) params.set('filter[groups]', query.groupUuids.join(','))
    if (query.uuids?.length) params.set('filter[uuid]', query.uuids.join(','))
    params.set('sort', query.sort)
    params.set('per_page', String(query.perPage))
    params.set('page', String(query.page))
    let groupsIncluded = true
    const page = await this.participantPageOf('/api/v1/account', params, query, options, (json) => {
      groupsIncluded = everyAccountHasGroups(json)
    })
    return { ...page, groupsIncluded }
  }

  listCircles(query: NameListQuery, options: CallOptions = {}): Promise<Page<Circle>> {
    return this.page('/api/v1/circles', nameListParams(query), CirclePageSchema, query, options)
  }

  listBusinessUnits(query: NameListQuery, options: CallOptions = {}): Promise<Page<BusinessUnit>> {
    return this.page('/api/v1/business-units', nameListParams(query), BusinessUnitPageSchema, query, options)
  }

  createGroup(body: CreateGroupBody, options: CallOptions = {}): Promise<Group> {
    return this.write('POST', '/api/v1/group', body, single(ApiGroup), options)
  }

  async updateGroup(uuid: string, body: UpdateGroupBody, options: CallOptions = {}): Promise<Group> {
    return this.write('PUT', `/api/v1/group/${segment(uuid)}`, body, answerAbout(single(ApiGroup), uuid), options)
  }

  /**
   * The answer of add/remove is undocumented (docs/plannr-api.md, "Open questions"): when it is
   * empty, read the group back.
   */
  async addParticipants(uuid: string, body: GroupParticipantsBody, options: CallOptions = {}): Promise<Group> {
    return this.participantsChange('POST', uuid, body, options)
  }

  async removeParticipants(uuid: string, body: GroupParticipantsBody, options: CallOptions = {}): Promise<Group> {
    return this.participantsChange('DELETE', uuid, body, options)
  }

  /** `GET /api/v1/circles/{uuid}`: the outbox reads the server copy before it changes a circle. */
  async getCircle(uuid: string, options: CallOptions = {}): Promise<Circle> {
    return this.http.requestBody({
      method: 'GET',
      path: `/api/v1/circles/${segment(uuid)}`,
      schema: answerAbout(single(ApiCircle), uuid),
      ...options,
    })
  }

  createCircle(body: CreateCircleBody, options: CallOptions = {}): Promise<Circle> {
    return this.write('POST', '/api/v1/circles', body, single(ApiCircle), options)
  }

  async updateCircle(uuid: string, body: UpdateCircleBody, options: CallOptions = {}): Promise<Circle> {
    return this.write('PUT', `/api/v1/circles/${segment(uuid)}`, body, answerAbout(single(ApiCircle), uuid), options)
  }

  createBusinessUnit(body: CreateBusinessUnitBody, options: CallOptions = {}): Promise<BusinessUnit> {
    return this.write('POST', '/api/v1/business-units', body, single(ApiBusinessUnit), options)
  }

  /** Every group, following the pages (per_page 500 for syncing). */
  async allGroups(query: Omit<NameListQuery, 'page' | 'perPage'> = {}, options: CallOptions = {}): Promise<Group[]> {
    const first = await this.listGroups({ ...query, page: 1, perPage: 500 }, options)
    const out: Group[] = []
    const next = (url: string) => this.pageAt(url, GroupPageSchema, 500, options)
    for await (const page of followPages(first, next, { origin: this.http.origin, signal: options.signal }))
      out.push(...page.items)
    return out
  }

  private async participantsChange(
    method: Method,
    uuid: string,
    body: GroupParticipantsBody,
    options: CallOptions,
  ): Promise<Group> {
    const path = `/api/v1/group/${segment(uuid)}/participants`
    const answer = await this.http.request({ method, path, body, schema: z.unknown(), allowEmpty: true, ...options })
    const group = single(ApiGroup).safeParse(answer)
    if (group.success) {
      if (isAbout(group.data, uuid)) return group.data
      throw malformedResponse(
        endpointLabel(method, this.http.url(path)),
        `uuid: ${anotherRecord(group.data.uuid, uuid)}`,
      )
    }
    // The change is committed; only the answer lacks the group. Read it (a retried read is safe).
    return this.getGroup(uuid, { signal: options.signal, accountUuid: options.accountUuid })
  }

  private write<T>(
    method: Method,
    path: string,
    body: unknown,
    schema: z.ZodType<T>,
    options: CallOptions,
  ): Promise<T> {
    return this.http.requestBody({ method, path, body, schema, ...options })
  }

  private async page<T>(
    path: string,
    params: URLSearchParams,
    schema: z.ZodType<RawPage<T>>,
    query: { page?: number; perPage?: number },
    options: CallOptions,
    fast?: (json: unknown) => RawPage<T> | undefined,
  ): Promise<Page<T>> {
    const url = this.http.url(path, params)
    const raw = await this.http.requestBody({ method: 'GET', path, query: params, schema, fast, ...options })
    return toPage(raw, { url, page: query.page ?? 1, perPage: query.perPage ?? 15 })
  }

  private async pageAt<T>(
    absoluteUrl: string,
    schema: z.ZodType<RawPage<T>>,
    perPage: number,
    options: CallOptions,
  ): Promise<Page<T>> {
    const url = this.http.url(absoluteUrl)
    const raw = await this.http.requestBody({ method: 'GET', path: absoluteUrl, schema, ...options })
    const pageParam = Number(url.searchParams.get('page') ?? '1')
    return toPage(raw, { url, page: Number.isInteger(pageParam) && pageParam > 0 ? pageParam : 1, perPage })
  }

  private participantPage(path: string, query: ParticipantQuery, options: CallOptions): Promise<ParticipantPage> {
    return this.participantPageOf(path, participantQueryToParams(query), query, options)
  }

  /** `inspect` sees each answer's JSON before it is parsed (the last one counts when retried). */
  private async participantPageOf(
    path: string,
    params: URLSearchParams,
    query: { page?: number; perPage?: number },
    options: CallOptions,
    inspect?: (json: unknown) => void,
  ): Promise<ParticipantPage> {
    const fast = (json: unknown) => {
      inspect?.(json)
      return fastApiAccountPage(json)
    }
    const page = await this.page(path, params, AccountPageSchema, query, options, fast)
    // Each participant embeds its whole firm (brand colours and all); send each firm once per page
    // so the renderer stores it once instead of once per participant.
    const firms = new Map<string, Firm>()
    for (const item of page.items) if (item.firm) firms.set(item.firm.uuid, item.firm)
    return { page: { ...page, items: page.items.map((item) => item.participant) }, firms: [...firms.values()] }
  }
}

/** Every account of a page answer carries `groups` as a list (possibly empty). */
function everyAccountHasGroups(json: unknown): boolean {
  if (typeof json !== 'object' || json === null || !('data' in json) || !Array.isArray(json.data)) return false
  return json.data.every(
    (item: unknown) => typeof item === 'object' && item !== null && 'groups' in item && Array.isArray(item.groups),
  )
}

/**
 * A record's uuid as a path segment. Only a uuid goes into a path: percent-encoding leaves dots
 * alone, so "", "." and ".." would stay path steps of their own (`/api/v1/group/..` is
 * `/api/v1/`, `/api/v1/group/../participants` another endpoint than a group's). The IPC contract
 * checks these ids already; this holds every other caller of these methods to the same rule.
 * The methods that call it are async, so a refusal is their rejection, like any other failure.
 */
function segment(uuid: string): string {
  if (!isUuid(uuid))
    throw new AppError({
      kind: 'invalid-input',
      message: 'A request named a record by something other than a uuid, so it was not sent.',
    })
  return uuid
}
