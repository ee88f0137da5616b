import { recordAudit } from '../audit/record-audit.js';
import { chargeSubscriptionCard } from '../billing/charge-subscription-card.js';
import { issuePeriodInvoice } from '../billing/issue-period-invoice.js';
import type { Db } from '../db/connect.js';
import type { Payment } from '../db/schema.js';
import { AppError } from '../domain/errors.js';
import { anchorDayOf, periodEndAfter } from '../domain/periods.js';
import { can, type Role } from '../domain/permissions.js';
import { withSubscriptionEvents } from '../events/subscription-events.js';
import type { PaymentGateway } from '../gateway/payment-gateway.js';
import { outstandingBySubscription } from '../ledger/outstanding-balance.js';

/**
 * Reactivate this subscription. Still Active but canceled at the end of the term: it renews again.
 * Expired or Disabled with a balance owed: the balance is charged to its card through the guarded
 * path, and a payment puts it back in good standing (a decline leaves it as it was). Disabled with
 * nothing owed within a period already paid: Active again for the rest of it. Expired or Disabled
 * with nothing owed after its term ended: a new period starts today, its invoice issued at once and
 * charged like a new subscription's.
 */
export async function reactivateSubscription(options: {
  db: Db;
  gateway: PaymentGateway;
  subscriptionId: string;
  /** An admin of the organization (scoped to it), or the provider's key. */
  by: { userId: string; organizationId: string; role: Role } | { apiKeyName: string };
  now?: Date;
}): Promise<{ payment: Payment | null }> {
  const { db } = options;
  if ('role' in options.by && !can(options.by.role, 'billing.manage'))
    throw new AppError('permission_denied');
  const now = options.now ?? new Date();
  const today = now.toISOString().slice(0, 10);
  const plan = await db.transaction().execute(async (tx) => {
    let query = tx
      .selectFrom('subscriptions')
      .innerJoin('organizations', 'organizations.id', 'subscriptions.organization_id')
      .innerJoin('prices', 'prices.id', 'subscriptions.price_id')
      .select([
        'subscriptions.id',
        'subscriptions.status',
        'subscriptions.recurring_billing',
        'subscriptions.licenses',
        'subscriptions.billing_frequency',
        'subscriptions.payment_method_id',
        'subscriptions.current_period_end',
        'subscriptions.past_due_since',
        'prices.unit_amount_minor',
        'organizations.id as organizationId',
        'organizations.currency',
        'organizations.tax_rate_bp',
        'organizations.collection_method',
        'organizations.days_until_due',
      ])
      .where('subscriptions.id', '=', options.subscriptionId);
    if ('organizationId' in options.by)
      query = query.where('subscriptions.organization_id', '=', options.by.organizationId);
    const subscription = await query.forUpdate('subscriptions').executeTakeFirst();
    if (!subscription || subscription.status === 'deleted') throw new AppError('subscription_not_found');
    const balance =
      (
        await outstandingBySubscription({
          db: tx,
          organizationId: subscription.organizationId,
          subscriptionIds: [subscription.id],
        })
      ).get(subscription.id) ?? 0n;
    const audit = async (details: Record<string, unknown>) =>
      recordAudit({
        tx,
        organizationId: subscription.organizationId,
        actorUserId: 'userId' in options.by ? options.by.userId : null,
        action: 'subscription.reactivated',
        targetType: 'subscription',
        targetId: subscription.id,
        details: {
          ...details,
          ...('apiKeyName' in options.by ? { by: 'provider', apiKey: options.by.apiKeyName } : {}),
        },
      });
    if (subscription.status === 'active') {
      if (subscription.recurring_billing) throw new AppError('subscription_already_active');
      await withSubscriptionEvents(tx, [subscription.id], () =>
        tx
          .updateTable('subscriptions')
          .set({ recurring_billing: true })
          .where('id', '=', subscription.id)
          .execute(),
      );
      await audit({ recurringBilling: true });
      return { charge: false };
    }
    // A card customer's balance is charged first, and the payment brings it back; one paid by invoice
    // is never charged: it comes back at once, past due only if an invoice is past its due date.
    if (balance > 0n && subscription.collection_method === 'charge_automatically') {
      if (!subscription.payment_method_id) throw new AppError('balance_outstanding');
      await tx
        .updateTable('subscriptions')
        .set({ ended_at: null })
        .where('id', '=', subscription.id)
        .execute();
      return { charge: true };
    }
    const overdue =
      balance > 0n &&
      (await tx
        .selectFrom('invoices')
        .select('id')
        .where('subscription_id', '=', subscription.id)
        .where('status', '=', 'open')
        .where('due_on', '<', today)
        .executeTakeFirst()) !== undefined;
    const standing = overdue
      ? { status: 'expired' as const, past_due_since: subscription.past_due_since ?? now }
      : { status: 'active' as const, past_due_since: null };
    // Canceled now within a period already paid: back for the rest of it, nothing new to pay.
    if (subscription.current_period_end > today) {
      await withSubscriptionEvents(tx, [subscription.id], () =>
        tx
          .updateTable('subscriptions')
          .set({ ...standing, recurring_billing: true, ended_at: null })
          .where('id', '=', subscription.id)
          .execute(),
      );
      await audit({ from: subscription.status, restPeriodUntil: subscription.current_period_end });
      return { charge: false };
    }
    // Started again today: today is its new anchor.
    const periodEnd = periodEndAfter(today, subscription.billing_frequency);
    await withSubscriptionEvents(tx, [subscription.id], () =>
      tx
        .updateTable('subscriptions')
        .set({
          ...standing,
          recurring_billing: true,
          ended_at: null,
          current_period_start: today,
          current_period_end: periodEnd,
          billing_anchor_day: anchorDayOf(today),
          period_billing_frequency: null,
          period_price_id: null,
        })
        .where('id', '=', subscription.id)
        .execute(),
    );
    const invoiceId = await issuePeriodInvoice(tx, {
      organization: { ...subscription, id: subscription.organizationId },
      subscriptionId: subscription.id,
      licenses: subscription.licenses,
      unitAmountMinor: subscription.unit_amount_minor,
      periodStart: today,
      periodEnd,
      now,
    });
    await audit({ from: subscription.status, newPeriod: { start: today, end: periodEnd }, invoiceId });
    return {
      charge:
        invoiceId !== null &&
        subscription.collection_method === 'charge_automatically' &&
        subscription.payment_method_id !== null,
    };
  });
  // After the commit: the processor is never called inside a transaction.
  const payment = plan.charge
    ? await chargeSubscriptionCard({
        db,
        gateway: options.gateway,
        subscriptionId: options.subscriptionId,
        now,
      })
    : null;
  return { payment };
}
