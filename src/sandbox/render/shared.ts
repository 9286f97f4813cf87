/** Small helpers shared by the renderers. */

/** Laravel API resource class names, which the docs (and so the sandbox) show for unloaded relations. */
export const R = {
  account: 'App\\Http\\Resources\\AccountResource',
  minimalAccount: 'App\\Http\\Resources\\MinimalAccountResource',
  firm: 'App\\Http\\Resources\\FirmResource',
  contactDetail: 'App\\Http\\Resources\\ContactDetailResource',
  timeEntry: 'App\\Http\\Resources\\TimeEntryResource',
  businessUnit: 'App\\Http\\Resources\\BusinessUnitResource',
  group: 'App\\Http\\Resources\\GroupResource',
  tag: 'App\\Http\\Resources\\TagResource',
  circle: 'App\\Http\\Resources\\CircleResource',
  customField: 'App\\Http\\Resources\\CustomFieldValueResource',
  externalReference: 'App\\Http\\Resources\\ExternalReferenceResource',
} as const

/** "https://eu.ui-avatars.com/api/?name=gareth+thompson", as in the seed examples. */
export function avatarUrl(name: string): string {
  return `https://eu.ui-avatars.com/api/?name=${encodeURIComponent(name.toLowerCase()).replace(/%20/g, '+')}`
}

/**
 * A stable uuid derived from another (contact details, time entries…), so sub-records need no
 * storage of their own yet keep the same uuid across requests and runs.
 */
export function deriveUuid(base: string, salt: number): string {
  const hex = base.replace(/-/g, '')
  let out = ''
  for (let i = 0; i < hex.length; i += 1) out += ((parseInt(hex[i] ?? '0', 16) + salt * 7 + i) % 16).toString(16)
  return `${out.slice(0, 8)}-${out.slice(8, 12)}-4${out.slice(13, 16)}-a${out.slice(17, 20)}-${out.slice(20, 32)}`
}

/**
 * The group's `participants` as every documentation example renders it when not included: the
 * property schema leaked into the example (REFERENCE.md §12.1). Reproduced on purpose.
 */
export const PARTICIPANTS_PLACEHOLDER = {
  uuid: { example: '650d15d4-0ad9-4e4c-948e-a030c3fcfda1', description: 'UUID of the account' },
  role: { example: 'client', description: 'Role of the account' },
  first_name: { example: 'Gareth', description: 'First name of the account' },
  last_name: { example: 'Thompson', description: 'Last name of the account' },
  name: { example: 'Gareth Thompson', description: 'Name of the account' },
  email: { example: 'gareth@codepotato.co.uk', description: 'Email of the account' },
} as const
