import { recordAudit } from '../audit/record-audit.js';
import type { Db } from '../db/connect.js';
import { type DunningPolicy, dueRetry, dunningStatus } from '../domain/dunning.js';
import { readDunningPolicy } from '../dunning/read-dunning-policy.js';
import { withSubscriptionEvents } from '../events/subscription-events.js';
import type { PaymentGateway } from '../gateway/payment-gateway.js';
import { notifyBillingAdmins } from '../notifications/notify-billing-admins.js';
import { chargeSubscriptionCard } from './charge-subscription-card.js';
import { markOverdueInvoices } from './mark-overdue-invoices.js';

export interface DunningReport {
  transitions: number;
  retries: number;
  recovered: number;
}

/**
 * Moves every past-due subscription along its dunning schedule at `now` (its customer's policy, else
 * the seller's): Expired → Disabled → Deleted (or Disabled until paid, as the policy says), a notice
 * to the admins at each step, and a retry of the card on the scheduled days. A settled subscription is no longer past due, so its pending retries simply never come.
 */
export async function runDunning(options: {
  db: Db;
  gateway: PaymentGateway;
  now?: Date;
  /** The seller's policy for this run (tests); else the one it set (readDunningPolicy). */
  policy?: DunningPolicy;
}): Promise<DunningReport> {
  const { db } = options;
  const now = options.now ?? new Date();
  const sellerPolicy = options.policy ?? (await readDunningPolicy(db));
  const report: DunningReport = { transitions: 0, retries: 0, recovered: 0 };
  report.transitions += await markOverdueInvoices({ db, today: now.toISOString().slice(0, 10), now });
  const pastDue = await db
    .selectFrom('subscriptions')
    .innerJoin('organizations', 'organizations.id', 'subscriptions.organization_id')
    .select([
      'subscriptions.id',
      'subscriptions.organization_id',
      'subscriptions.status',
      'subscriptions.past_due_since',
      'organizations.collection_method',
      'organizations.dunning_policy',
    ])
    .where('subscriptions.past_due_since', 'is not', null)
    .where('subscriptions.status', '!=', 'deleted')
    .orderBy('subscriptions.past_due_since')
    .execute();

  for (const subscription of pastDue) {
    const since = subscription.past_due_since as Date;
    // The customer's own policy where the seller gave it one.
    const policy = subscription.dunning_policy ?? sellerPolicy;
    const target = dunningStatus(since, now, policy);
    if (target !== subscription.status) {
      const moved = await db.transaction().execute(async (tx) => {
        const updated = await withSubscriptionEvents(tx, [subscription.id], () =>
          tx
            .updateTable('subscriptions')
            .set({ status: target })
            .where('id', '=', subscription.id)
            .where('status', '=', subscription.status)
            .where('past_due_since', 'is not', null)
            .executeTakeFirst(),
        );
        if (updated.numUpdatedRows === 0n) return false;
        const audit = { tx, organizationId: subscription.organization_id, actorUserId: null } as const;
        await recordAudit({
          ...audit,
          action: 'subscription.status_changed',
          targetType: 'subscription',
          targetId: subscription.id,
          details: {
            from: subscription.status,
            to: target,
            daysPastDue: Math.floor((now.getTime() - since.getTime()) / 86_400_000),
          },
        });
        await notifyBillingAdmins({
          tx,
          organizationId: subscription.organization_id,
          subscriptionId: subscription.id,
          kind: 'subscription_status_changed',
          status: target,
        });
        return true;
      });
      if (moved) report.transitions++;
    }
    // Organizations paid by invoice pay from Bills & payments: no card is retried for them.
    if (target === 'deleted' || subscription.collection_method === 'send_invoice') continue;

    const lastAttempt = await db
      .selectFrom('payments')
      .select((eb) => eb.fn.max('created_at').as('at'))
      .where('subscription_id', '=', subscription.id)
      .where('created_by_user_id', 'is', null)
      .where('created_at', '>=', since)
      .executeTakeFirst();
    const retry = dueRetry(since, (lastAttempt?.at as Date | null) ?? null, now, policy);
    if (!retry) continue;
    const payment = await chargeSubscriptionCard({
      db,
      gateway: options.gateway,
      subscriptionId: subscription.id,
      now,
    });
    if (payment) report.retries++;
    if (payment?.status === 'succeeded') report.recovered++;
  }
  return report;
}
