import { describe, expect, it } from 'vitest'
import {
  isOperationKindName,
  operationKinds,
  type OperationKindName,
} from '../../src/renderer/src/outbox/operations/registry'
import type { NameScope } from '../../src/renderer/src/outbox/types'

const A = '0b3c6a52-5f0e-4a8e-9d0f-2f1d6c1a7e01'
const B = '7d1f0e7a-1b2c-4d3e-8f4a-5b6c7d8e9f00'

interface Hooks {
  creates: boolean
  /** The scope its name is unique in, if it claims one. */
  uniqueName: NameScope | null
  /** Reads the server copy before sending (edits with conflicts). */
  prepare: boolean
  /** Changes a group's memberships (pending markers). */
  pendingMembers: boolean
  /** Shows memberships its revert takes back (participants left in no group leave the cache). */
  membersShown: boolean
  /** Its cache row shows references to records that may be pending creates. */
  rewriteReference: boolean
  /** Names records in a set it can go on without: a discarded one is left out, not blocking it. */
  leaveOut: boolean
  /** Queued through outbox.edit (fold / coalesce / queue). */
  edit: boolean
}

/**
 * What each kind declares to the generic code. A new kind must appear here, which is the moment
 * to decide each hook: the generic code (edit.ts, pending-marker.ts, rewrite.ts, unique-name.ts)
 * only loops over the registry.
 */
const HOOKS: Record<OperationKindName, Hooks> = {
  'create-group': {
    creates: true,
    uniqueName: 'group',
    prepare: false,
    pendingMembers: false,
    membersShown: true,
    rewriteReference: true,
    leaveOut: false,
    edit: false,
  },
  'create-circle': {
    creates: true,
    uniqueName: null,
    prepare: false,
    pendingMembers: false,
    membersShown: false,
    rewriteReference: true,
    leaveOut: true,
    edit: false,
  },
  'create-business-unit': {
    creates: true,
    uniqueName: 'business-unit',
    prepare: false,
    pendingMembers: false,
    membersShown: false,
    rewriteReference: false,
    leaveOut: false,
    edit: false,
  },
  'update-group': {
    creates: false,
    uniqueName: 'group',
    prepare: true,
    pendingMembers: false,
    membersShown: false,
    rewriteReference: true,
    leaveOut: false,
    edit: true,
  },
  'add-participants': {
    creates: false,
    uniqueName: null,
    prepare: false,
    pendingMembers: true,
    membersShown: true,
    rewriteReference: false,
    leaveOut: false,
    edit: true,
  },
  'remove-participants': {
    creates: false,
    uniqueName: null,
    prepare: false,
    pendingMembers: true,
    membersShown: true,
    rewriteReference: false,
    leaveOut: false,
    edit: true,
  },
  'update-circle': {
    creates: false,
    uniqueName: null,
    prepare: true,
    pendingMembers: false,
    membersShown: false,
    rewriteReference: true,
    leaveOut: true,
    edit: true,
  },
}

describe('outbox: per-kind hooks', () => {
  it('lists every registered kind, each under its own name', () => {
    expect(Object.keys(operationKinds).sort()).toEqual(Object.keys(HOOKS).sort())
    for (const [name, kind] of Object.entries(operationKinds)) expect(kind.kind).toBe(name)
  })

  it.each(Object.keys(HOOKS))('%s declares the hooks it needs', (name) => {
    if (!isOperationKindName(name)) throw new Error(`${name} is not registered`)
    const kind = operationKinds[name]
    const expected = HOOKS[name]
    expect({
      creates: kind.creates,
      uniqueName: kind.uniqueName?.scope ?? null,
      prepare: kind.prepare !== undefined,
      pendingMembers: kind.pendingMembers !== undefined,
      membersShown: kind.membersShown !== undefined,
      rewriteReference: kind.rewriteReference !== undefined,
      leaveOut: kind.leaveOut !== undefined,
      edit: kind.edit !== undefined,
    }).toEqual(expected)
  })

  it('claims the name a create or a rename would take, and none for a change that keeps the name', () => {
    expect(operationKinds['create-group'].uniqueName?.of({ name: 'Jones' })).toBe('Jones')
    expect(operationKinds['create-business-unit'].uniqueName?.of({ name: 'North' })).toBe('North')
    const rename = { uuid: A, name: 'Smith', base_name: 'Jones', base_business_unit: null, base_updated_at: null }
    expect(operationKinds['update-group'].uniqueName?.of(rename)).toBe('Smith')
    const { name: _kept, ...unitOnly } = rename
    expect(operationKinds['update-group'].uniqueName?.of({ ...unitOnly, business_unit: B })).toBeUndefined()
  })

  it('says which memberships a queued change adds or removes', () => {
    const payload = { uuid: A, participants: [B] }
    expect(operationKinds['add-participants'].pendingMembers?.(payload)).toEqual({ added: [B], removed: [] })
    expect(operationKinds['remove-participants'].pendingMembers?.(payload)).toEqual({ added: [], removed: [B] })
  })

  it('says which memberships taking an operation back takes away', () => {
    const payload = { uuid: A, participants: [B] }
    expect(operationKinds['add-participants'].membersShown?.(payload)).toEqual([B])
    expect(operationKinds['remove-participants'].membersShown?.(payload)).toEqual([])
    expect(operationKinds['create-group'].membersShown?.({ name: 'Jones', participants: [B] })).toEqual([B])
  })
})
