import type { BrowserCommand } from 'vitest/node'
import type { AccountApiOptions, FaultRule, Sandbox } from '../../src/sandbox'
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { tsImport } from 'tsx/esm/api'
import type { IpcResult } from '../../src/shared/ipc/errors'
import type { Invoke } from './browser-invoker'
import type * as HarnessModule from './browser-harness'

type Harness = typeof HarnessModule
let harness: Promise<Harness> | null = null

/**
 * The sandbox and main's handlers are loaded on first use, through tsx, so that vitest.config.ts
 * (which imports this file) neither bundles nor starts them for the other test projects.
 */
function loadHarness(): Promise<Harness> {
  harness ??= tsImport(
    resolve('test/support/browser-harness.ts'),
    pathToFileURL(resolve('vitest.config.ts')).href,
  ) as Promise<Harness>
  return harness
}

/**
 * Custom vitest browser commands (they run in the vitest Node process): tests in real Chromium
 * start a real sandbox, reach it through main's real handlers (`plannrInvoke`, the same path
 * `window.plannr` takes) and change the server's data behind the app's back.
 */
interface Running {
  sandbox: Sandbox
  invoke: Invoke
  close(): Promise<void>
}

const running = new Map<string, Running>()
let nextId = 1

function get(id: string): Running {
  const entry = running.get(id)
  if (!entry) throw new Error(`no sandbox ${id}`)
  return entry
}

export interface SandboxStartOptions {
  seed?: number
  accounts?: number
  groups?: number
  rateLimitPerMinute?: number
  /** Lift main's own client-side limiter too (see browser-invoker.ts). */
  unthrottled?: boolean
  /** Sign main in as the user with logins in two firms (see browser-invoker.ts). */
  multiLogin?: boolean
  /** How the sandbox's GET /account departs from the documented one (refusing include=groups…). */
  accountApi?: AccountApiOptions
}

export interface SandboxInfo {
  id: string
  url: string
  /** The account main is signed in to (the demo adviser's, or firm 0's login with multiLogin). */
  accountUuid: string
  /** With multiLogin: the same user's login in the other firm. */
  otherAccountUuid: string | null
  groups: { uuid: string; name: string; members: number }[]
}

const sandboxStart: BrowserCommand<[SandboxStartOptions], SandboxInfo> = async (_context, options) => {
  const { startSandbox, createInvoker } = await loadHarness()
  const { unthrottled, multiLogin, ...sandboxOptions } = options
  const sandbox = await startSandbox({ port: 0, ...sandboxOptions })
  const id = `sandbox-${nextId++}`
  const { invoke, close, accountUuid, otherAccountUuid } = await createInvoker(sandbox, {
    unthrottled: unthrottled ?? false,
    multiLogin: multiLogin ?? false,
  })
  running.set(id, { sandbox, invoke, close })
  return { id, url: sandbox.url, accountUuid, otherAccountUuid, groups: groupsOf(sandbox) }
}

const sandboxStop: BrowserCommand<[string], void> = async (_context, id) => {
  const entry = running.get(id)
  if (!entry) return
  running.delete(id)
  await entry.close()
  await entry.sandbox.stop()
}

const plannrInvoke: BrowserCommand<[string, string, unknown], IpcResult<unknown>> = (_context, id, channel, input) =>
  get(id).invoke(channel, input)

const sandboxGroups: BrowserCommand<[string], SandboxInfo['groups']> = (_context, id) => groupsOf(get(id).sandbox)

const sandboxGroupMembers: BrowserCommand<[string, string], string[]> = (_context, id, group) => [
  ...(get(id).sandbox.store.group(group)?.members ?? []),
]

const sandboxRemoveMembers: BrowserCommand<[string, string, string[]], void> = (_context, id, group, uuids) => {
  get(id).sandbox.store.removeParticipants(group, uuids)
}

const sandboxAddMembers: BrowserCommand<[string, string, string[]], void> = (_context, id, group, uuids) => {
  get(id).sandbox.store.addParticipants(group, uuids)
}

const sandboxCreateAccount: BrowserCommand<
  [string, { firstName: string; lastName: string; email?: string | null; groups: string[] }],
  string
> = (_context, id, input) => get(id).sandbox.store.createAccount(input).uuid

const sandboxRenameAccount: BrowserCommand<[string, string, { firstName: string; lastName: string }], void> = (
  _context,
  id,
  uuid,
  names,
) => {
  get(id).sandbox.store.updateAccount(uuid, names)
}

const sandboxSetFault: BrowserCommand<[string, string, FaultRule], void> = (_context, id, route, rule) => {
  get(id).sandbox.faults.set(route, rule)
}

const sandboxClearFaults: BrowserCommand<[string], void> = (_context, id) => {
  get(id).sandbox.faults.clear()
}

/** Resolves once every write a `commitLateMs` fault answered 504 has been performed on the sandbox. */
const sandboxLateWritesPerformed: BrowserCommand<[string], void> = (_context, id) =>
  get(id).sandbox.lateWritesPerformed()

/** Server-side changes behind the app's back (edit conflict tests). */
const sandboxRenameGroup: BrowserCommand<[string, string, string], void> = (_context, id, uuid, name) => {
  get(id).sandbox.store.renameGroup(uuid, name)
}

/** A colleague's change to a group on Plannr: its name and/or business unit. */
const sandboxUpdateGroup: BrowserCommand<[string, string, { name?: string; businessUnit?: string | null }], void> = (
  _context,
  id,
  uuid,
  patch,
) => {
  get(id).sandbox.store.updateGroup(uuid, patch)
}

const sandboxDeleteGroup: BrowserCommand<[string, string], void> = (_context, id, uuid) => {
  get(id).sandbox.store.deleteGroup(uuid)
}

const sandboxUpdateCircle: BrowserCommand<
  [string, string, { name?: string; accountUuids?: string[]; bgColour?: string }],
  void
> = (_context, id, uuid, patch) => {
  get(id).sandbox.store.updateCircle(uuid, patch)
}

/** The firms (0 = the demo firm, 1 = the second) that hold a group of this name. */
const sandboxGroupFirms: BrowserCommand<[string, string], number[]> = (_context, id, name) => {
  const store = get(id).sandbox.store
  return store.firms.map((_firm, index) => index).filter((firm) => store.groupByName(name, firm) !== undefined)
}

/**
 * Moves a group's, circle's or business unit's creation time back by `seconds`: a record someone
 * made on Plannr well before the app first sent anything (adoption-evidence tests). Memoised
 * renderings key on createdAt, so none goes stale.
 */
const sandboxBackdate: BrowserCommand<[string, string, number], void> = (_context, id, uuid, seconds) => {
  const store = get(id).sandbox.store
  const record = store.group(uuid) ?? store.circle(uuid) ?? store.businessUnit(uuid)
  if (!record) throw new Error(`no group, circle or business unit ${uuid}`)
  record.createdAt -= seconds
  record.updatedAt = Math.max(record.updatedAt - seconds, record.createdAt)
}

/** What the server holds that the outbox writes (outbox tests assert exactly-once on it). */
export interface ServerSnapshot {
  groups: { uuid: string; name: string; businessUnit: string | null; members: string[] }[]
  circles: { uuid: string; name: string; accounts: string[]; groups: string[]; bgColour: string | null }[]
  businessUnits: { uuid: string; name: string }[]
}

const sandboxSnapshot: BrowserCommand<[string], ServerSnapshot> = (_context, id) => {
  const store = get(id).sandbox.store
  return {
    groups: store.groups().map((group) => ({
      uuid: group.uuid,
      name: group.name,
      businessUnit: group.businessUnit,
      members: [...group.members],
    })),
    circles: store.circles().map((circle) => ({
      uuid: circle.uuid,
      name: circle.name,
      accounts: [...circle.accounts],
      groups: [...circle.groups],
      bgColour: circle.bgColour,
    })),
    businessUnits: store.businessUnits().map((unit) => ({ uuid: unit.uuid, name: unit.name })),
  }
}

/** Makes the demo token answer 401 (false) or work again (true): a revoked or expired sign-in. */
const sandboxTokenValid: BrowserCommand<[string, boolean], void> = (_context, id, valid) => {
  const { sandbox } = get(id)
  // The store exposes the map read-only; tests are the one place allowed to revoke a token.
  const tokens = sandbox.store.personalAccessTokens as Map<string, string>
  const key = `revoked:${sandbox.demo.token}`
  if (!valid && tokens.has(sandbox.demo.token)) {
    revoked.set(key, tokens.get(sandbox.demo.token) ?? '')
    tokens.delete(sandbox.demo.token)
  }
  if (valid && revoked.has(key)) {
    tokens.set(sandbox.demo.token, revoked.get(key) ?? '')
    revoked.delete(key)
  }
}
const revoked = new Map<string, string>()

/** Signs main in again with the demo token, as a user re-entering it after a 401 would. */
const plannrSignInAgain: BrowserCommand<[string], IpcResult<unknown>> = (_context, id) => {
  const { sandbox, invoke } = get(id)
  return invoke('auth.signInWithToken', { token: sandbox.demo.token, baseUrl: sandbox.url })
}

function groupsOf(sandbox: Sandbox): SandboxInfo['groups'] {
  return sandbox.store.groups().map((group) => ({ uuid: group.uuid, name: group.name, members: group.members.size }))
}

export const browserCommands = {
  sandboxStart,
  sandboxGroupFirms,
  sandboxStop,
  plannrInvoke,
  sandboxGroups,
  sandboxGroupMembers,
  sandboxRemoveMembers,
  sandboxAddMembers,
  sandboxCreateAccount,
  sandboxRenameAccount,
  sandboxSetFault,
  sandboxClearFaults,
  sandboxLateWritesPerformed,
  sandboxSnapshot,
  sandboxRenameGroup,
  sandboxUpdateGroup,
  sandboxDeleteGroup,
  sandboxUpdateCircle,
  sandboxBackdate,
  sandboxTokenValid,
  plannrSignInAgain,
}
