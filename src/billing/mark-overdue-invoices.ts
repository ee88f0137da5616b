import { recordAudit } from '../audit/record-audit.js';
import type { Db } from '../db/connect.js';
import { withSubscriptionEvents } from '../events/subscription-events.js';
import { notifyBillingAdmins } from '../notifications/notify-billing-admins.js';

/**
 * For organizations paid by invoice: a subscription with an invoice still open after its due date
 * becomes past due (Expired), as a declined charge makes a card-paid one, and dunning takes it from there.
 */
export async function markOverdueInvoices(options: { db: Db; today: string; now: Date }): Promise<number> {
  const { db } = options;
  const overdue = await db
    .selectFrom('subscriptions')
    .innerJoin('organizations', 'organizations.id', 'subscriptions.organization_id')
    .select(['subscriptions.id', 'subscriptions.organization_id'])
    .where('organizations.collection_method', '=', 'send_invoice')
    .where('subscriptions.status', '=', 'active')
    .where('subscriptions.past_due_since', 'is', null)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('invoices')
          .select('invoices.id')
          .whereRef('invoices.subscription_id', '=', 'subscriptions.id')
          .where('invoices.status', '=', 'open')
          .where('invoices.due_on', '<', options.today),
      ),
    )
    .execute();
  let marked = 0;
  for (const subscription of overdue) {
    const changed = await db.transaction().execute(async (tx) => {
      const updated = await withSubscriptionEvents(tx, [subscription.id], () =>
        tx
          .updateTable('subscriptions')
          .set({ status: 'expired', past_due_since: options.now })
          .where('id', '=', subscription.id)
          .where('status', '=', 'active')
          .where('past_due_since', 'is', null)
          .executeTakeFirst(),
      );
      if (updated.numUpdatedRows === 0n) return false;
      await recordAudit({
        tx,
        organizationId: subscription.organization_id,
        actorUserId: null,
        action: 'subscription.status_changed',
        targetType: 'subscription',
        targetId: subscription.id,
        details: { from: 'active', to: 'expired', reason: 'invoice_overdue' },
      });
      await notifyBillingAdmins({
        tx,
        organizationId: subscription.organization_id,
        subscriptionId: subscription.id,
        kind: 'subscription_status_changed',
        status: 'expired',
      });
      return true;
    });
    if (changed) marked++;
  }
  return marked;
}
