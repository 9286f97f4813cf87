import type { z } from 'zod'
import { byUuid, firstOfEach, isResourcePlaceholder, parsePlannrDate } from '../../shared/plannr/lenient'
import {
  externalReferenceKey,
  type CircleRef,
  type ContactDetail,
  type CustomFieldValue,
  type ExternalReference,
  type Firm,
  type Ref,
  type Tag,
} from '../../shared/plannr/models'
import { isUuid } from '../../shared/plannr/request-bodies'
import { joinName, type ApiAccount, type ApiAccountOutput, type apiPage } from './api-schemas'

/*
 * The fast path for the common, well-formed participant page (a 500-row page is ~5 MB of JSON).
 * The zod schemas in api-schemas.ts stay the definition: `fastApiAccountPage` accepts only values it can
 * prove the schemas would accept, builds exactly what they would produce, and answers
 * `undefined` for anything else, in which case the caller runs the zod schema (same tolerance,
 * same error messages with paths). Bailing out is always correct; accepting must agree with zod,
 * which test/unit/api-fast-path.test.ts checks on documented examples, sandbox output and
 * mutated variants.
 */

type Json = Record<string, unknown>
/** Thrown inside the fast path to give up; never escapes it. */
const BAIL = Symbol('bail')

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
function fObject(value: unknown): Json {
  if (!isRecord(value)) throw BAIL
  return value
}
function fText(value: unknown): string {
  if (typeof value !== 'string') throw BAIL
  return value
}
/** The schemas' `id`: an account's, group's, circle's or business unit's uuid. */
function fId(value: unknown): string {
  if (!isUuid(value)) throw BAIL
  return value
}
/** optionalText */
function fOptText(value: unknown): string | null {
  if (value === undefined || value === null) return null
  if (typeof value !== 'string') throw BAIL
  return isResourcePlaceholder(value) ? null : value
}
/** lenientDate */
function fDate(value: unknown): string {
  if (typeof value !== 'string') throw BAIL
  const parsed = parsePlannrDate(value)
  if (parsed === null) throw BAIL
  return parsed
}
/** optionalDate */
function fOptDate(value: unknown): string | null {
  if (value === undefined || value === null || value === '') return null
  return fDate(value)
}
/** lenientCount, only the plain forms */
function fCount(value: unknown): number {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value
  if (typeof value === 'string' && /^\d+$/.test(value)) return Number(value)
  throw BAIL
}
/** lenientBoolean.nullable().optional() then `?? null` */
function fOptBoolean(value: unknown): boolean | null {
  if (value === undefined || value === null) return null
  if (typeof value === 'boolean') return value
  if (value === 'true' || value === '1' || value === 1) return true
  if (value === 'false' || value === '0' || value === 0) return false
  throw BAIL
}
/** relation(schema): absent, null or a placeholder → null; otherwise the object. */
function fRelation<T>(value: unknown, item: (raw: Json) => T): T | null {
  if (value === undefined || value === null || isResourcePlaceholder(value)) return null
  return item(fObject(value))
}
/** relationList(schema, identity), arrays only (a lone object where a list is expected goes to zod). */
function fList<T>(value: unknown, item: (raw: Json) => T, identity: (item: T) => string): T[] {
  if (value === undefined || value === null || isResourcePlaceholder(value)) return []
  if (!Array.isArray(value)) throw BAIL
  const out: T[] = new Array<T>(value.length)
  for (let index = 0; index < value.length; index += 1) out[index] = item(fObject(value[index]))
  return out.length > 1 ? firstOfEach(out, identity) : out
}

function fRef(raw: Json): Ref {
  const uuid = fId(raw.uuid)
  const name = fOptText(raw.name)
  const first = fOptText(raw.first_name)
  const last = fOptText(raw.last_name)
  return { uuid, name: name ?? joinName(first, last) }
}
function fGroupRef(raw: Json): Ref {
  return { uuid: fId(raw.uuid), name: fText(raw.name) }
}
function fBrandColours(value: unknown): void {
  if (value === undefined || value === null) return
  if (Array.isArray(value)) {
    if (value.length === 0) return
    throw BAIL
  }
  if (!isRecord(value)) throw BAIL
  for (const key in value) {
    const colour = value[key]
    if (colour !== null && typeof colour !== 'string') throw BAIL
  }
}
function fFirm(raw: Json): Firm {
  const firm: Firm = {
    uuid: fText(raw.uuid),
    name: fText(raw.name),
    slug: fOptText(raw.slug),
    townCity: fOptText(raw.town_city),
    postcode: fOptText(raw.postcode),
    regulatoryText: fOptText(raw.regulatory_text),
  }
  fBrandColours(raw.brand_colours)
  return firm
}
function fContactDetail(raw: Json): ContactDetail {
  const label = fOptText(raw.name)
  const kind = fOptText(raw.type)
  const rawValue = raw.value
  if (typeof rawValue !== 'string' && typeof rawValue !== 'number') throw BAIL
  const meta = raw.phone_number_meta
  let formatted: string | null = null
  if (meta !== undefined && meta !== null) formatted = fOptText(fObject(meta).formatted)
  return { label, kind, value: String(rawValue), formatted }
}
function fTag(raw: Json): Tag {
  return { uuid: fText(raw.uuid), name: fText(raw.name), colour: fOptText(raw.colour) }
}
function fCircleRef(raw: Json): CircleRef {
  return { uuid: fId(raw.uuid), name: fText(raw.name), bgColour: fOptText(raw.bg_colour) }
}
function fCustomField(raw: Json): CustomFieldValue {
  const uuid = fText(raw.uuid)
  const name = fText(raw.name)
  const reference = fOptText(raw.reference)
  const value = raw.value
  let out: string | null
  if (value === undefined || value === null) out = null
  else if (Array.isArray(value)) out = value.map(String).join(', ')
  else if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') out = String(value)
  else throw BAIL
  return { uuid, name, reference, value: out }
}
function fExternalReference(raw: Json): ExternalReference {
  const thirdParty = fText(raw.third_party)
  const reference = raw.reference
  if (typeof reference !== 'string' && typeof reference !== 'number') throw BAIL
  return { thirdParty, reference: String(reference) }
}

function fAccount(value: unknown): ApiAccountOutput {
  const raw = fObject(value)
  const uuid = fId(raw.uuid)
  const createdAt = fDate(raw.created_at)
  const updatedAt = fDate(raw.updated_at)
  const type = fText(raw.type)
  const role = fOptText(raw.role)
  const firstName = fOptText(raw.first_name) ?? ''
  const lastName = fOptText(raw.last_name) ?? ''
  const name = fOptText(raw.name)
  const email = fOptText(raw.email)
  const firm = fRelation(raw.firm, fFirm)
  return {
    firm,
    participant: {
      uuid,
      createdAt,
      updatedAt,
      type,
      role,
      firstName,
      lastName,
      name: name ?? joinName(firstName, lastName),
      email,
      firmUuid: firm?.uuid ?? null,
      primaryEmail: fRelation(raw.primary_email, fContactDetail),
      primaryPhone: fRelation(raw.primary_phone_number, fContactDetail),
      assignedAdviser: fRelation(raw.assigned_adviser, fRef),
      assignedAdministrator: fRelation(raw.assigned_administrator, fRef),
      assignedParaplanner: fRelation(raw.assigned_paraplanner, fRef),
      introducedBy: fRelation(raw.introduced_by, fRef),
      businessUnit: fRelation(raw.business_unit, fGroupRef),
      groups: fList(raw.groups, fGroupRef, byUuid),
      tags: fList(raw.tags, fTag, byUuid),
      owners: fList(raw.owners, fRef, byUuid),
      circles: fList(raw.circles, fCircleRef, byUuid),
      customFields: fList(raw.custom_fields, fCustomField, byUuid),
      externalReferences: fList(raw.external_references, fExternalReference, externalReferenceKey),
      firstContactDate: fOptDate(raw.first_contact_date),
      nextReviewDate: fOptDate(raw.next_review_date),
      previousReviewDate: fOptDate(raw.previous_review_date),
      anniversaryReviewDate: fOptDate(raw.anniversary_review_date),
      inactiveAt: fOptDate(raw.inactive_at),
      lastInteractionAt: fOptDate(raw.last_interaction_at),
      hasJointAccount: fOptBoolean(raw.has_joint_account),
    },
  }
}

/** What `apiPage(ApiAccount)` produces for a page. */
export type ApiAccountPageOutput = z.output<ReturnType<typeof apiPage<typeof ApiAccount>>>

/**
 * `apiPage(ApiAccount).parse(json)` for the common shape, or `undefined` when the value needs
 * the schema (anything unusual, and every malformed answer).
 */
export function fastApiAccountPage(json: unknown): ApiAccountPageOutput | undefined {
  try {
    const raw = fObject(json)
    if (!Array.isArray(raw.data)) return undefined
    const data = raw.data.map(fAccount)
    let links: { next?: string | null } | null | undefined
    if (raw.links === undefined || raw.links === null) links = raw.links
    else {
      const rawLinks = fObject(raw.links)
      const next = rawLinks.next
      if (next !== undefined && next !== null && typeof next !== 'string') return undefined
      links = { ...rawLinks }
    }
    let meta: ApiAccountPageOutput['meta']
    if (raw.meta === undefined || raw.meta === null) meta = raw.meta
    else {
      const rawMeta = fObject(raw.meta)
      const copy: Json = { ...rawMeta }
      for (const key of ['current_page', 'last_page', 'total', 'per_page'] as const)
        if (rawMeta[key] !== undefined) copy[key] = fCount(rawMeta[key])
      // apiPageNumber: a page numbered below 1 is for the schema to report.
      for (const key of ['current_page', 'last_page'] as const) if (copy[key] === 0) return undefined
      meta = copy as ApiAccountPageOutput['meta']
    }
    const out: Json = { ...raw, data }
    if ('links' in raw) out.links = links
    if ('meta' in raw) out.meta = meta
    return out as ApiAccountPageOutput
  } catch (error) {
    if (error === BAIL) return undefined
    throw error
  }
}
