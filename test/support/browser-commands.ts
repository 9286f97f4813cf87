import type { BrowserCommand } from 'vitest/node'
import type { FaultRule, Sandbox } from '../../src/sandbox'
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
  harness ??= tsImport(resolve('test/support/browser-harness.ts'), pathToFileURL(resolve('vitest.config.ts')).href) as Promise<Harness>
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
}

export interface SandboxInfo {
  id: string
  url: string
  groups: { uuid: string; name: string; members: number }[]
}

const sandboxStart: BrowserCommand<[SandboxStartOptions], SandboxInfo> = async (_context, options) => {
  const { startSandbox, createInvoker } = await loadHarness()
  const sandbox = await startSandbox({ port: 0, ...options })
  const id = `sandbox-${nextId++}`
  const { invoke, close } = await createInvoker(sandbox)
  running.set(id, { sandbox, invoke, close })
  return { id, url: sandbox.url, groups: groupsOf(sandbox) }
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

function groupsOf(sandbox: Sandbox): SandboxInfo['groups'] {
  return sandbox.store.groups().map((group) => ({ uuid: group.uuid, name: group.name, members: group.members.size }))
}

export const browserCommands = {
  sandboxStart,
  sandboxStop,
  plannrInvoke,
  sandboxGroups,
  sandboxRemoveMembers,
  sandboxAddMembers,
  sandboxCreateAccount,
  sandboxRenameAccount,
  sandboxSetFault,
  sandboxClearFaults,
}
