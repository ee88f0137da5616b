import { recordAudit } from '../audit/record-audit.js';
import type { Actor } from '../auth/actor.js';
import { findActivePrice } from '../catalogue/find-active-price.js';
import type { Db } from '../db/connect.js';
import type { BillingFrequency } from '../db/schema.js';
import { AppError } from '../domain/errors.js';
import type { CurrencyCode } from '../domain/money.js';
import { can } from '../domain/permissions.js';
import { withSubscriptionEvents } from '../events/subscription-events.js';
import { previewRenewal, type RenewalPreview } from './preview-renewal.js';

/**
 * Turns recurring billing on or off and changes the billing frequency. Both apply from the next
 * renewal: the period already paid for is not re-billed.
 */
export async function updateBillingSettings(options: {
  db: Db;
  actor: Actor;
  subscriptionId: string;
  billingFrequency?: BillingFrequency | undefined;
  recurringBilling?: boolean | undefined;
}): Promise<RenewalPreview> {
  const { db, actor } = options;
  if (!can(actor.role, 'billing.manage')) throw new AppError('permission_denied');
  // Validates the subscription, the tenant and that the product is sold at that frequency.
  const preview = await previewRenewal(options);
  await db.transaction().execute(async (tx) => {
    const before = await tx
      .selectFrom('subscriptions')
      .select([
        'product_id',
        'billing_frequency',
        'period_billing_frequency',
        'price_id',
        'period_price_id',
        'recurring_billing',
      ])
      .where('id', '=', options.subscriptionId)
      .where('organization_id', '=', actor.organizationId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (
      before.billing_frequency === preview.billingFrequency &&
      before.recurring_billing === preview.recurringBilling
    )
      return;
    const frequencyChanged = before.billing_frequency !== preview.billingFrequency;
    const newPrice = frequencyChanged
      ? await findActivePrice(tx, {
          productId: before.product_id,
          currency: preview.currency as CurrencyCode,
          billingFrequency: preview.billingFrequency,
        })
      : undefined;
    if (frequencyChanged && !newPrice) throw new AppError('validation_failed', { field: 'billingFrequency' });
    await withSubscriptionEvents(tx, [options.subscriptionId], () =>
      tx
        .updateTable('subscriptions')
        .set({
          billing_frequency: preview.billingFrequency,
          recurring_billing: preview.recurringBilling,
          // The current period stays priced at the frequency and price it was billed at.
          period_billing_frequency: before.period_billing_frequency ?? before.billing_frequency,
          ...(newPrice
            ? { price_id: newPrice.id, period_price_id: before.period_price_id ?? before.price_id }
            : {}),
        })
        .where('id', '=', options.subscriptionId)
        .where('organization_id', '=', actor.organizationId)
        .execute(),
    );
    await recordAudit({
      tx,
      organizationId: actor.organizationId,
      actorUserId: actor.userId,
      action: 'subscription.billing_settings_changed',
      targetType: 'subscription',
      targetId: options.subscriptionId,
      details: {
        fromFrequency: before.billing_frequency,
        toFrequency: preview.billingFrequency,
        fromRecurring: before.recurring_billing,
        toRecurring: preview.recurringBilling,
      },
    });
  });
  return preview;
}
