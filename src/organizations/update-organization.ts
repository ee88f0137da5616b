import type { ApiKeyCaller } from '../api-keys/api-key-caller.js';
import { recordAudit } from '../audit/record-audit.js';
import type { Db } from '../db/connect.js';
import type { CollectionMethod, Locale } from '../db/schema.js';
import { type DunningPolicy, dunningPolicyProblem } from '../domain/dunning.js';
import { AppError } from '../domain/errors.js';
import { isValidTaiwanBusinessNumber } from '../domain/tax-id.js';
import { getOrganization } from './get-organization.js';
import { withOrganizationEvents } from './organization-events.js';
import type { OrganizationView } from './organization-view.js';

export interface OrganizationChanges {
  name?: string | undefined;
  billingAddress?: string | null | undefined;
  taxId?: string | null | undefined;
  locale?: Locale | undefined;
  taxRateBp?: number | undefined;
  collectionMethod?: CollectionMethod | undefined;
  daysUntilDue?: number | undefined;
  /** Its own dunning policy; null: the seller's again. */
  dunningPolicy?: DunningPolicy | null | undefined;
}

/**
 * The seller updates a customer: its legal name, address, tax ID (a 統一編號 checked in Taiwan), language,
 * tax rate and how it pays. Each applies to what is issued from now on: an invoice keeps what it
 * printed. Its currency and country are what its invoices and prices were made in, and do not change.
 * Paid by invoice, it has a number of days to pay (kept, or given); paid by card, none. Its own dunning
 * policy replaces the seller's for it, from the next dunning pass.
 */
export async function updateOrganization(options: {
  db: Db;
  caller: ApiKeyCaller;
  organizationId: string;
  changes: OrganizationChanges;
}): Promise<OrganizationView> {
  const { changes } = options;
  const policyProblem = changes.dunningPolicy ? dunningPolicyProblem(changes.dunningPolicy) : null;
  if (policyProblem)
    throw new AppError('validation_failed', { field: 'dunningPolicy', reason: policyProblem });
  await options.db.transaction().execute(async (tx) => {
    const before = await tx
      .selectFrom('organizations')
      .select(['country', 'collection_method', 'days_until_due'])
      .where('id', '=', options.organizationId)
      .forUpdate()
      .executeTakeFirst();
    if (!before) throw new AppError('not_found');
    if (
      before.country === 'TW' &&
      typeof changes.taxId === 'string' &&
      !isValidTaiwanBusinessNumber(changes.taxId)
    )
      throw new AppError('tax_id_invalid', { field: 'taxId' });
    const collectionMethod = changes.collectionMethod ?? before.collection_method;
    const daysUntilDue =
      collectionMethod === 'send_invoice' ? (changes.daysUntilDue ?? before.days_until_due) : null;
    if (
      (collectionMethod === 'send_invoice') !== (daysUntilDue !== null) ||
      (changes.daysUntilDue !== undefined && collectionMethod !== 'send_invoice')
    )
      throw new AppError('validation_failed', {
        field: 'daysUntilDue',
        reason: 'days_until_due_goes_with_send_invoice',
      });
    const changed = await withOrganizationEvents(tx, options.organizationId, () =>
      tx
        .updateTable('organizations')
        .set({
          ...(changes.name !== undefined ? { name: changes.name } : {}),
          ...(changes.billingAddress !== undefined ? { billing_address: changes.billingAddress } : {}),
          ...(changes.taxId !== undefined ? { tax_id: changes.taxId } : {}),
          ...(changes.locale !== undefined ? { locale: changes.locale } : {}),
          ...(changes.taxRateBp !== undefined ? { tax_rate_bp: changes.taxRateBp } : {}),
          ...(changes.dunningPolicy !== undefined
            ? {
                dunning_policy: changes.dunningPolicy === null ? null : JSON.stringify(changes.dunningPolicy),
              }
            : {}),
          collection_method: collectionMethod,
          days_until_due: daysUntilDue,
        })
        .where('id', '=', options.organizationId)
        .execute(),
    );
    if (changed)
      await recordAudit({
        tx,
        organizationId: options.organizationId,
        actorUserId: null,
        action: 'organization.updated',
        targetType: 'organization',
        targetId: options.organizationId,
        details: { changed: Object.keys(changed), by: 'provider', apiKey: options.caller.name },
      });
  });
  return getOrganization({ db: options.db, organizationId: options.organizationId });
}
