import { randomUUID } from 'node:crypto';
import type { ApiKeyCaller } from '../api-keys/api-key-caller.js';
import { recordAudit } from '../audit/record-audit.js';
import type { Db } from '../db/connect.js';
import type { CollectionMethod, Locale } from '../db/schema.js';
import { AppError } from '../domain/errors.js';
import type { CurrencyCode } from '../domain/money.js';
import { isValidTaiwanBusinessNumber } from '../domain/tax-id.js';
import { bindResourceToKey, type IdempotencyClaim, resourceOfKey } from '../idempotency/idempotency-claim.js';
import { assignTransferAccounts } from './assign-transfer-accounts.js';
import { getOrganization } from './get-organization.js';
import type { OrganizationView } from './organization-view.js';
import { recordOrganizationsCreated } from './record-organization-created.js';

export interface NewOrganization {
  name: string;
  country: string;
  currency: CurrencyCode;
  locale: Locale;
  taxRateBp: number;
  taxId?: string | undefined;
  billingAddress?: string | undefined;
  collectionMethod: CollectionMethod;
  daysUntilDue?: number | undefined;
}

/** A new customer of the provider's; its first Global admin is invited next. */
export async function createOrganization(options: {
  db: Db;
  caller: ApiKeyCaller;
  organization: NewOrganization;
  /** The request's Idempotency-Key: a retry after the customer was saved answers with it. */
  idempotency?: IdempotencyClaim | null;
}): Promise<OrganizationView> {
  const input = options.organization;
  if (input.country === 'TW' && input.taxId !== undefined && !isValidTaiwanBusinessNumber(input.taxId))
    throw new AppError('tax_id_invalid', { field: 'taxId' });
  if ((input.collectionMethod === 'send_invoice') !== (input.daysUntilDue !== undefined))
    throw new AppError('validation_failed', {
      field: 'daysUntilDue',
      reason: 'days_until_due_goes_with_send_invoice',
    });
  const id = await options.db.transaction().execute(async (tx) => {
    const made = await resourceOfKey(tx, options.idempotency, 'organization');
    if (made) return made;
    const id = randomUUID();
    await tx
      .insertInto('organizations')
      .values({
        id,
        name: input.name,
        country: input.country,
        currency: input.currency,
        locale: input.locale,
        tax_rate_bp: input.taxRateBp,
        tax_id: input.taxId ?? null,
        billing_address: input.billingAddress ?? null,
        collection_method: input.collectionMethod,
        days_until_due: input.daysUntilDue ?? null,
      })
      .execute();
    await assignTransferAccounts(tx, { organizationIds: [id] });
    await recordAudit({
      tx,
      organizationId: id,
      actorUserId: null,
      action: 'organization.created',
      targetType: 'organization',
      targetId: id,
      details: { by: 'provider', apiKey: options.caller.name },
    });
    await recordOrganizationsCreated(tx, [id]);
    await bindResourceToKey(tx, options.idempotency, { type: 'organization', id });
    return id;
  });
  return getOrganization({ db: options.db, organizationId: id });
}
