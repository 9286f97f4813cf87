import type { Participant, Ref } from '../../../src/shared/plannr/models'

/** A client as the API returns one, with only what list tests vary: next review, tags, adviser, name. */
export function person(
  uuid: string,
  nextReviewDate: string | null,
  extra: { tags?: string[]; adviser?: Ref; lastName?: string } = {},
): Participant {
  const lastName = extra.lastName ?? `Person ${uuid}`
  return {
    uuid,
    createdAt: '2025-01-01T00:00:00.000Z',
    updatedAt: '2025-01-02T00:00:00.000Z',
    type: 'client',
    role: 'individual',
    firstName: 'Pat',
    lastName,
    name: `Pat ${lastName}`,
    email: null,
    firmUuid: null,
    primaryEmail: null,
    primaryPhone: null,
    assignedAdviser: extra.adviser ?? null,
    assignedAdministrator: null,
    assignedParaplanner: null,
    introducedBy: null,
    businessUnit: null,
    groups: [],
    tags: (extra.tags ?? []).map((name) => ({ uuid: `tag-${name}`, name, colour: null })),
    owners: [],
    circles: [],
    customFields: [],
    externalReferences: [],
    firstContactDate: null,
    nextReviewDate,
    previousReviewDate: null,
    anniversaryReviewDate: null,
    inactiveAt: null,
    lastInteractionAt: null,
    hasJointAccount: null,
  }
}
