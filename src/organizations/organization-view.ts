import type { CollectionMethod, Locale } from '../db/schema.js';
import type { DunningPolicy } from '../domain/dunning.js';
import type { EInvoiceBuyerChoice } from '../domain/einvoice.js';
import type { CurrencyCode } from '../domain/money.js';

/** An organization as the provider sees it: who the customer is and how they pay. */
export interface OrganizationView {
  object: 'organization';
  id: string;
  name: string;
  country: string | null;
  currency: CurrencyCode;
  locale: Locale;
  taxRateBp: number;
  taxId: string | null;
  billingAddress: string | null;
  collectionMethod: CollectionMethod;
  daysUntilDue: number | null;
  createdAt: Date;
  archivedAt: Date | null;
  /** Its own account number at the seller's bank, once the seller has set one (GET /seller-profile). */
  transferAccountNumber: string | null;
  /** Where its e-invoices go, as its admins chose; null: the default (src/domain/einvoice.ts). */
  einvoiceBuyer: EInvoiceBuyerChoice | null;
  dunningPolicy: DunningPolicy | null;
}

export const organizationColumns = [
  'id',
  'name',
  'country',
  'currency',
  'locale',
  'tax_rate_bp',
  'tax_id',
  'billing_address',
  'collection_method',
  'days_until_due',
  'created_at',
  'archived_at',
  'transfer_account',
  'dunning_policy',
  'einvoice_buyer',
] as const;

export function toOrganizationView(row: {
  id: string;
  name: string;
  country: string | null;
  currency: CurrencyCode;
  locale: Locale;
  tax_rate_bp: number;
  tax_id: string | null;
  billing_address: string | null;
  collection_method: CollectionMethod;
  days_until_due: number | null;
  created_at: Date;
  archived_at: Date | null;
  transfer_account: string | null;
  dunning_policy: DunningPolicy | null;
  einvoice_buyer: EInvoiceBuyerChoice | null;
}): OrganizationView {
  return {
    object: 'organization',
    id: row.id,
    name: row.name,
    country: row.country,
    currency: row.currency,
    locale: row.locale,
    taxRateBp: row.tax_rate_bp,
    taxId: row.tax_id,
    billingAddress: row.billing_address,
    collectionMethod: row.collection_method,
    daysUntilDue: row.days_until_due,
    createdAt: row.created_at,
    archivedAt: row.archived_at,
    transferAccountNumber: row.transfer_account,
    einvoiceBuyer: row.einvoice_buyer,
    dunningPolicy: row.dunning_policy,
  };
}
