import type { ApiKeyCaller } from '../api-keys/api-key-caller.js';
import { recordAudit } from '../audit/record-audit.js';
import type { Db } from '../db/connect.js';
import { AppError } from '../domain/errors.js';
import { getOrganization } from './get-organization.js';
import { withOrganizationEvents } from './organization-events.js';
import type { OrganizationView } from './organization-view.js';

/**
 * Archives a customer the seller no longer sells to (never deleted: its invoices, payments and audit
 * log stay, and its admins can still sign in and pay what is owed), or restores one. Archiving waits
 * until none of its subscriptions renews any more: those are canceled first, so nothing is billed to a
 * customer the seller has put away. Asking for the state it is already in changes nothing.
 */
export async function setOrganizationArchived(options: {
  db: Db;
  caller: ApiKeyCaller;
  organizationId: string;
  archived: boolean;
  now?: Date;
}): Promise<OrganizationView> {
  const now = options.now ?? new Date();
  await options.db.transaction().execute(async (tx) => {
    const organization = await tx
      .selectFrom('organizations')
      .select(['id', 'archived_at'])
      .where('id', '=', options.organizationId)
      .forUpdate()
      .executeTakeFirst();
    if (!organization) throw new AppError('not_found');
    if ((organization.archived_at !== null) === options.archived) return;
    if (options.archived) {
      const renewing = await tx
        .selectFrom('subscriptions')
        .select('id')
        .where('organization_id', '=', organization.id)
        .where('recurring_billing', '=', true)
        .where('status', 'in', ['active', 'expired'])
        .executeTakeFirst();
      if (renewing) throw new AppError('organization_has_subscriptions', { subscriptionId: renewing.id });
    }
    await withOrganizationEvents(tx, organization.id, () =>
      tx
        .updateTable('organizations')
        .set({ archived_at: options.archived ? now : null })
        .where('id', '=', organization.id)
        .execute(),
    );
    await recordAudit({
      tx,
      organizationId: organization.id,
      actorUserId: null,
      action: options.archived ? 'organization.archived' : 'organization.restored',
      targetType: 'organization',
      targetId: organization.id,
      details: { by: 'provider', apiKey: options.caller.name },
    });
  });
  return getOrganization({ db: options.db, organizationId: options.organizationId });
}
