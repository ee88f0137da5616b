import type { Actor } from '../auth/actor.js';
import type { Db } from '../db/connect.js';
import { type EInvoiceBuyer, type EInvoiceBuyerChoice, resolveEInvoiceBuyer } from '../domain/einvoice.js';
import { AppError } from '../domain/errors.js';
import { can } from '../domain/permissions.js';

/**
 * What the Billing account page shows about e-invoices: whether the organization gets them (the seller
 * issues them, an issuer is set, and it pays in NT$), what its admins chose, and where the next goes.
 */
export async function getEInvoiceChoice(options: {
  db: Db;
  actor: Actor;
  issuerConfigured: boolean;
}): Promise<{ available: boolean; choice: EInvoiceBuyerChoice | null; buyer: EInvoiceBuyer }> {
  if (!can(options.actor.role, 'billing.read')) throw new AppError('permission_denied');
  const row = await options.db
    .selectFrom('organizations')
    .leftJoin('seller_profile', (join) => join.on('seller_profile.id', '=', 1))
    .select([
      'organizations.name',
      'organizations.tax_id',
      'organizations.currency',
      'organizations.einvoice_buyer',
      'seller_profile.einvoice_enabled',
    ])
    .where('organizations.id', '=', options.actor.organizationId)
    .executeTakeFirstOrThrow();
  return {
    available: options.issuerConfigured && row.einvoice_enabled === true && row.currency === 'TWD',
    choice: row.einvoice_buyer,
    buyer: resolveEInvoiceBuyer(row.einvoice_buyer, { name: row.name, taxId: row.tax_id }),
  };
}
