import { recordAudit } from '../audit/record-audit.js';
import type { Db } from '../db/connect.js';
import { AppError } from '../domain/errors.js';
import { can, type Role } from '../domain/permissions.js';
import { withSubscriptionEvents } from '../events/subscription-events.js';

/**
 * Cancels at the end of the term (no renewal; it expires then) or now (Disabled at once). Nothing is
 * refunded for the rest of a period already paid; an unpaid balance stays owed.
 */
export async function cancelSubscription(options: {
  db: Db;
  subscriptionId: string;
  when: 'period_end' | 'now';
  /** Who cancels, for the audit log: the provider's key, or an admin of the organization. */
  by: { apiKeyName: string } | { userId: string; organizationId: string; role: Role };
}): Promise<void> {
  if ('role' in options.by && !can(options.by.role, 'billing.manage'))
    throw new AppError('permission_denied');
  await options.db.transaction().execute(async (tx) => {
    let query = tx
      .selectFrom('subscriptions')
      .select(['id', 'organization_id', 'status', 'recurring_billing'])
      .where('id', '=', options.subscriptionId);
    if ('organizationId' in options.by)
      query = query.where('organization_id', '=', options.by.organizationId);
    const subscription = await query.forUpdate().executeTakeFirst();
    if (!subscription || subscription.status === 'deleted') throw new AppError('subscription_not_found');
    const now = options.when === 'now' && subscription.status !== 'disabled';
    if (!now && !subscription.recurring_billing) return;
    await withSubscriptionEvents(tx, [subscription.id], () =>
      tx
        .updateTable('subscriptions')
        .set({
          recurring_billing: false,
          ...(now ? { status: 'disabled' as const, ended_at: new Date() } : {}),
        })
        .where('id', '=', subscription.id)
        .execute(),
    );
    await recordAudit({
      tx,
      organizationId: subscription.organization_id,
      actorUserId: 'userId' in options.by ? options.by.userId : null,
      action: 'subscription.canceled',
      targetType: 'subscription',
      targetId: subscription.id,
      details: {
        when: options.when,
        from: subscription.status,
        ...('apiKeyName' in options.by ? { by: 'provider', apiKey: options.by.apiKeyName } : {}),
      },
    });
  });
}
