/**
 * Fixed vocabularies for the generator: what a UK advice firm's CRM actually contains. The bulk
 * of personal names comes from demo-words.json (words.ts); these lists add the domain flavour and the unicode names
 * the parity tests need (accents, Polish and Icelandic letters, a CJK surname).
 */

export const UK_SURNAMES = [
  'Smith',
  'Jones',
  'Taylor',
  'Brown',
  'Williams',
  'Wilson',
  'Johnson',
  'Davies',
  'Robinson',
  'Wright',
  'Thompson',
  'Evans',
  'Walker',
  'White',
  'Roberts',
  'Green',
  'Hall',
  'Wood',
  'Jackson',
  'Clarke',
  'Patel',
  'Khan',
  'Lewis',
  'Harris',
  'Hughes',
  'Edwards',
  "O'Brien",
  'McDonald',
  'Campbell',
  'Morgan',
] as const

export const UNICODE_FIRST_NAMES = [
  'Zoë',
  'Siân',
  'Łukasz',
  'Ólafur',
  'Chloë',
  'Seán',
  'Renée',
  'Björn',
  'Ffion',
  'Niamh',
  'Aoife',
  'José',
] as const
export const UNICODE_LAST_NAMES = [
  '李',
  'Wójcik',
  'Müller',
  'Ó Súilleabháin',
  'Þórsson',
  'García',
  'Nguyễn',
  'Łęcka',
  'Brontë',
  'Øberg',
] as const

export const GROUP_NAMES = [
  'Retirement Planning',
  'Pension Transfers',
  'Mortgage Clients',
  'Protection Review',
  'Inheritance Tax Planning',
  'High Net Worth',
  'Annual Review',
  'ISA Season',
  'Corporate Clients',
  'Trustees',
  'Equity Release',
  'Later Life',
  'Ethical Investors',
  'First-time Buyers',
  'Buy-to-let Landlords',
  'Business Owners',
  'Doctors & Dentists',
  "Teachers' Pensions",
  'NHS Pensions',
  'Divorce Planning',
  'Cashflow Modelling',
  'Drawdown Clients',
  'Annuity Holders',
  'Prospects',
  'Introducer Referrals',
  'Vulnerable Clients',
  'Legacy Book',
  'New Business 2025',
  'School Fees Planning',
  'Estate Planning',
] as const

export const REGIONS = [
  'London',
  'Bristol',
  'Leeds',
  'Edinburgh',
  'Cardiff',
  'Manchester',
  'Belfast',
  'Norwich',
] as const

export const TAGS: ReadonlyArray<{ name: string; colour: string }> = [
  { name: 'Mortgage', colour: '#ef4582' },
  { name: 'Protection', colour: '#36367e' },
  { name: 'Pension', colour: '#53dbb8' },
  { name: 'ISA', colour: '#ffc634' },
  { name: 'IHT', colour: '#0e0e56' },
  { name: 'Vulnerable client', colour: '#d7263d' },
  { name: 'High net worth', colour: '#1b998b' },
  { name: 'Review due', colour: '#f46036' },
  { name: 'Ethical investing', colour: '#2e294e' },
  { name: 'Prospect', colour: '#c5d86d' },
  { name: 'Referral', colour: '#8e44ad' },
  { name: 'Equity release', colour: '#828994' },
]

export const CUSTOM_FIELDS = [
  {
    name: 'Favourite Drink',
    reference: 'favourite_drink',
    type: 'select',
    helpText: "This is the client's favourite drink.",
    options: ['Coffee', 'Tea', 'Water'],
  },
  {
    name: 'Preferred Contact Time',
    reference: 'preferred_contact_time',
    type: 'select',
    helpText: 'When the client prefers to be called.',
    options: ['Morning', 'Afternoon', 'Evening'],
  },
  {
    name: 'Attitude to Risk',
    reference: 'attitude_to_risk',
    type: 'number',
    helpText: 'Risk profile score from 1 (cautious) to 7 (adventurous).',
    options: [],
  },
  { name: 'Pet Name', reference: 'pet_name', type: 'string', helpText: "The name of the client's pet.", options: [] },
] as const

export const PET_NAMES = ['Doug', 'Biscuit', 'Luna', 'Alfie', 'Poppy', 'Bramble', 'Měsíc', 'Willow'] as const

export const BUSINESS_UNITS = ['Wealth Management', 'Mortgages & Protection', 'Corporate Benefits'] as const

export const BUSINESS_SUFFIXES = ['Ltd', 'LLP', 'plc', 'Holdings Ltd'] as const

export const EMAIL_DOMAINS = ['example.co.uk', 'example.com', 'example.org'] as const

/** Circle avatar colours the server picks when the client sends none. */
export const CIRCLE_COLOURS = [
  '#35f4e1',
  '#ef4582',
  '#ffc634',
  '#53dbb8',
  '#36367e',
  '#f46036',
  '#1b998b',
  '#8e44ad',
] as const
