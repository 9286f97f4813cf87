import { commands as untyped } from 'vitest/browser'
import type { IpcResult } from '../../../src/shared/ipc/errors'

/** The custom commands of test/support/browser-commands.ts, as the browser sees them. */
export interface SandboxGroupInfo {
  uuid: string
  name: string
  members: number
}

export interface SandboxInfo {
  id: string
  url: string
  /** The account main is signed in to (the demo adviser's, or firm 0's login with multiLogin). */
  accountUuid: string
  /** With multiLogin: the same user's login in the other firm. */
  otherAccountUuid: string | null
  groups: SandboxGroupInfo[]
}

/** The sandbox's AccountApiOptions (src/sandbox/routes/accounts.ts). */
export interface AccountApiOptions {
  refuseIncludeGroups?: boolean
  refuseGroupsFilter?: boolean
  ignoreIncludeGroups?: boolean
}

export interface FaultRule {
  latencyMs?: number
  errorRate?: number
  rateLimitBurst?: number
  retryAfterSeconds?: number
  resetRate?: number
  /** Answer with this refusal status (409, 413…) without acting. */
  status?: number
  /** Answer every page as page 1 (a server that ignores the page number). */
  ignorePage?: boolean
}

export interface PlannrCommands {
  sandboxStart(options: {
    seed?: number
    accounts?: number
    groups?: number
    rateLimitPerMinute?: number
    unthrottled?: boolean
    multiLogin?: boolean
    accountApi?: AccountApiOptions
  }): Promise<SandboxInfo>
  sandboxGroupFirms(id: string, name: string): Promise<number[]>
  sandboxStop(id: string): Promise<void>
  plannrInvoke(id: string, channel: string, input: unknown): Promise<IpcResult<unknown>>
  sandboxGroups(id: string): Promise<SandboxGroupInfo[]>
  sandboxGroupMembers(id: string, groupUuid: string): Promise<string[]>
  sandboxRemoveMembers(id: string, groupUuid: string, uuids: string[]): Promise<void>
  sandboxAddMembers(id: string, groupUuid: string, uuids: string[]): Promise<void>
  sandboxCreateAccount(
    id: string,
    input: { firstName: string; lastName: string; email?: string | null; groups: string[] },
  ): Promise<string>
  sandboxRenameAccount(id: string, uuid: string, names: { firstName: string; lastName: string }): Promise<void>
  sandboxSetFault(id: string, route: string, rule: FaultRule): Promise<void>
  sandboxClearFaults(id: string): Promise<void>
}

// vitest types `commands` by module augmentation; one cast here keeps every test typed.
export const commands = untyped as unknown as PlannrCommands
