import type { FirmRecord } from '../data/model'
import { formatTimestamp } from '../data/dates'

/**
 * A firm as the API embeds it. Two captures show two key sets (documented examples in
 * test/fixtures/plannr-seeds/): participants (group-participants.200.json) carry the shorter one,
 * business units (business-unit-create.201.json) and logins the longer one with the e-mail settings.
 * Firms never change at runtime, so each rendering is built once and shared.
 */
export type FirmVariant = 'participant' | 'full'

const BRAND_COLOURS = {
  sidebar_background: '#0E0E56',
  sidebar_accent: '#36367E',
  sidebar_text: '#FFFFFF',
  sidebar_hover: '#0A0A42',
  sidebar_active: '#53DBB8',
  sidebar_title_background: '#36367E',
  sidebar_title_primary: '#FFC634',
  sidebar_title_secondary: '#FFFFFF',
  sidebar_title_secondary_hover: '#FFFFFF',
  email_background: '#0E0E56',
  email_logo_background_panel: '#36367E',
  email_sub_text: '#FFFFFF',
  email_button_background: '#36367E',
  email_button_text: '#FFFFFF',
  portal_sidebar_button_background: '#F6F6F6',
  portal_sidebar_button_hover: '#FFFFFF',
  portal_sidebar_button_active: '#FFFFFF',
  portal_brand_title: '#323B4B',
  portal_brand_sub_title: '#828994',
  portal_sidebar_title: '#11151D',
  portal_sidebar_text: '#323B4B',
  portal_sidebar_text_hover: '#323B4B',
  portal_sidebar_text_active: '#323B4B',
  portal_sidebar_icon: '#828994',
  portal_sidebar_icon_hover: '#828994',
  portal_sidebar_icon_active: '#828994',
  portal_background: '#F6F6F6',
  portal_sidebar_account_title: '#11151D',
  portal_sidebar_account_email: '#828994',
  portal_sidebar_divider: '#E3E5E9',
  portal_dashboard_bg_one: '#EF4583',
  portal_dashboard_bg_two: '#FFC634',
  portal_sidebar_collapse_button: '#828994',
  portal_sidebar_collapse_button_hover: '#B3B9C4',
  portal_sidebar_user_select_background: '#F6F6F6',
  portal_sidebar_user_select_hover: '#F6F6F6',
  portal_sidebar_user_select_text: '#323B4B',
  portal_sidebar_user_select_text_hover: '#323B4B',
  portal_sidebar_user_select_border: '#EEEEEE',
  portal_sidebar_user_select_border_hover: '#828994',
}

const cache = new WeakMap<FirmRecord, Record<FirmVariant, Record<string, unknown>>>()

export function renderFirm(firm: FirmRecord, variant: FirmVariant): Record<string, unknown> {
  let entry = cache.get(firm)
  if (!entry) {
    entry = { participant: build(firm, 'participant'), full: build(firm, 'full') }
    cache.set(firm, entry)
  }
  return entry[variant]
}

function build(firm: FirmRecord, variant: FirmVariant): Record<string, unknown> {
  const base: Record<string, unknown> = {
    uuid: firm.uuid,
    created_at: formatTimestamp(firm.createdAt),
    updated_at: formatTimestamp(firm.updatedAt),
    name: firm.name,
    slug: firm.slug,
    address_1: firm.address1,
    address_2: firm.address2,
    town_city: firm.townCity,
    county: firm.county,
    postcode: firm.postcode,
    country: 'United Kingdom',
    regulatory_text: `${firm.name} is authorised and regulated by the Financial Conduct Authority.`,
    logo: 'https://api.plannrcrm.com/images/plannr.jpg',
    logo_icon: 'https://api.plannrcrm.com/images/plannr-icon.jpg',
    brand_colours: { ...BRAND_COLOURS },
    is_subscribed: true,
    addon_subscriptions: 'App\\Http\\Resources\\Addons\\AddonSubscriptionResource',
    keep_deleted_files_for: 30,
    tax: 17.5,
    month_end: 25,
    statement_frequency: 'monthly',
    billing: {
      invoice_address_1: firm.address1,
      invoice_address_2: firm.address2,
      invoice_town_city: firm.townCity,
      invoice_county: firm.county,
      invoice_postcode: firm.postcode,
      invoice_country: 'United Kingdom',
      invoice_email: firm.invoiceEmail,
    },
    task_board_template: 'App\\Http\\Resources\\Board\\BoardResource',
    ip_whitelist: ['192.168.0.1', '127.0.0.1'],
    welcome_paragraph_html: '<h1>Welcome.</h1>',
    email_welcome_paragraph_html: `Welcome to ${firm.name}!`,
    show_fact_find_illustrations: true,
  }
  if (variant === 'participant') return base
  return {
    ...base,
    cc_email_addresses: [],
    bcc_email_addresses: [],
    reply_to_email_address: firm.invoiceEmail,
    mobile_app_support_number: '01632 960000',
    mobile_app_support_email: `support@${firm.slug}.example.co.uk`,
  }
}
