import { expect } from 'vitest'
import type { PlannrDb } from '../../../src/renderer/src/data/db'
import { commands } from './commands'

/** Every group's cached members are exactly the sandbox's members of that group. */
export async function expectCacheMatchesServer(sandboxId: string, db: PlannrDb): Promise<void> {
  for (const group of await commands.sandboxGroups(sandboxId)) {
    const server = (await commands.sandboxGroupMembers(sandboxId, group.uuid)).sort()
    const local = await db.memberships
      .where('[groupUuid+participantUuid]')
      .between([group.uuid, ''], [group.uuid, '\uffff'])
      .primaryKeys()
    expect(local.map(([, uuid]) => uuid).sort(), group.name).toEqual(server)
  }
}
