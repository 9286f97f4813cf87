import type { CachedParticipant, StoredParticipant } from './records'
import { withoutDigest, type DigestedParticipant } from './row-digest'

const LIST_FIELDS = ['tags', 'owners', 'circles', 'customFields', 'externalReferences'] as const

/** Drops null fields and empty lists: they are most of a row's bulk and say nothing. */
export function compactParticipant(participant: CachedParticipant): StoredParticipant {
  const stored: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(participant)) {
    if (value === null || value === undefined) continue
    if (Array.isArray(value) && value.length === 0 && key !== 'words') continue
    stored[key] = value
  }
  // Built from a CachedParticipant minus nulls: exactly the StoredParticipant shape.
  return stored as StoredParticipant
}

/**
 * The full CachedParticipant again: absent fields are null, absent lists empty. The stored row's
 * digest (row-digest.ts) is storage's business and is left out.
 */
export function expandParticipant(row: DigestedParticipant): CachedParticipant {
  const stored = withoutDigest(row)
  return {
    role: null,
    email: null,
    firmUuid: null,
    primaryEmail: null,
    primaryPhone: null,
    assignedAdviser: null,
    assignedAdministrator: null,
    assignedParaplanner: null,
    introducedBy: null,
    businessUnit: null,
    firstContactDate: null,
    nextReviewDate: null,
    previousReviewDate: null,
    anniversaryReviewDate: null,
    inactiveAt: null,
    lastInteractionAt: null,
    hasJointAccount: null,
    pendingOpId: null,
    ...Object.fromEntries(LIST_FIELDS.map((field) => [field, []])),
    ...stored,
  } as CachedParticipant
}
