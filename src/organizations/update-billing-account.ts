import { recordAudit } from '../audit/record-audit.js';
import type { Actor } from '../auth/actor.js';
import type { Db } from '../db/connect.js';
import { AppError } from '../domain/errors.js';
import { can } from '../domain/permissions.js';
import { isValidTaiwanBusinessNumber } from '../domain/tax-id.js';
import { getOrganization } from './get-organization.js';
import type { OrganizationView } from './organization-view.js';

/**
 * Global and Billing admins keep their organization's billing address and tax ID up to date; invoices
 * issued from now on print them. A Taiwanese 統一編號 is checked.
 */
export async function updateBillingAccount(options: {
  db: Db;
  actor: Actor;
  billingAddress: string | null;
  taxId: string | null;
}): Promise<OrganizationView> {
  const { actor } = options;
  if (!can(actor.role, 'billing.manage')) throw new AppError('permission_denied');
  await options.db.transaction().execute(async (tx) => {
    const before = await tx
      .selectFrom('organizations')
      .select(['country', 'billing_address', 'tax_id'])
      .where('id', '=', actor.organizationId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (before.country === 'TW' && options.taxId !== null && !isValidTaiwanBusinessNumber(options.taxId))
      throw new AppError('tax_id_invalid', { field: 'taxId' });
    if (before.billing_address === options.billingAddress && before.tax_id === options.taxId) return;
    await tx
      .updateTable('organizations')
      .set({ billing_address: options.billingAddress, tax_id: options.taxId })
      .where('id', '=', actor.organizationId)
      .execute();
    await recordAudit({
      tx,
      organizationId: actor.organizationId,
      actorUserId: actor.userId,
      action: 'organization.billing_account_changed',
      targetType: 'organization',
      targetId: actor.organizationId,
      details: {
        from: { billingAddress: before.billing_address, taxId: before.tax_id },
        to: { billingAddress: options.billingAddress, taxId: options.taxId },
      },
    });
  });
  return getOrganization({ db: options.db, organizationId: actor.organizationId });
}
