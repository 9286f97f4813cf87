import type { BusinessUnitRecord, GroupRecord } from '../data/model'
import { formatTimestamp } from '../data/dates'
import type { SandboxStore } from '../store'
import { PARTICIPANTS_PLACEHOLDER, memoRender } from './shared'
import { renderCompactAccount } from './account'

/**
 * A group as GET/POST /group and friends return it (documented example in
 * test/fixtures/plannr-seeds/group-create.200.json): `participants_count` is a string, and
 * `participants` is the leaked `{field: {example, description}}` schema object unless
 * `include=participants` asks for the real list of compact accounts.
 */
export function renderGroup(
  store: SandboxStore,
  group: GroupRecord,
  include: ReadonlySet<string> = new Set(),
): Record<string, unknown> {
  const out: Record<string, unknown> = {
    uuid: group.uuid,
    name: group.name,
    slug: group.slug,
    participants_count: String(group.members.size),
    participants: include.has('participants')
      ? store.groupMembers(group.uuid).map(renderCompactAccount)
      : PARTICIPANTS_PLACEHOLDER,
    created_at: formatTimestamp(group.createdAt),
    updated_at: formatTimestamp(group.updatedAt),
  }
  if (include.has('business_unit')) {
    const unit = group.businessUnit ? store.businessUnit(group.businessUnit) : undefined
    out.business_unit = unit ? renderBusinessUnitSummary(unit) : null
  }
  return out
}

/**
 * A group nested in a participant, circle or business unit (as in the documented examples in
 * test/fixtures/plannr-seeds/): never included.
 */
export function renderNestedGroup(group: GroupRecord): Record<string, unknown> {
  return {
    uuid: group.uuid,
    name: group.name,
    slug: group.slug,
    participants_count: String(group.members.size),
    participants: PARTICIPANTS_PLACEHOLDER,
    created_at: formatTimestamp(group.createdAt),
    updated_at: formatTimestamp(group.updatedAt),
  }
}

/** `include=business_unit` on groups (shape undocumented, INF): the unit without members/groups. */
function renderBusinessUnitSummary(unit: BusinessUnitRecord): Record<string, unknown> {
  return {
    uuid: unit.uuid,
    name: unit.name,
    has_alternative_branding: unit.hasAlternativeBranding,
    brand_colours: [],
    members_count: unit.members.size,
    created_at: formatTimestamp(unit.createdAt),
    updated_at: formatTimestamp(unit.updatedAt),
  }
}

/** renderNestedGroup, reused while the group's name, slug, size and dates are unchanged. */
export const renderNestedGroupMemo = memoRender<GroupRecord>(
  (g) => [g.uuid, g.name, g.slug, g.members.size, g.createdAt, g.updatedAt],
  (g) => renderNestedGroup(g),
)
