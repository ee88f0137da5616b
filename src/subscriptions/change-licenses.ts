import { recordAudit } from '../audit/record-audit.js';
import type { Actor } from '../auth/actor.js';
import { chargeSubscriptionCard } from '../billing/charge-subscription-card.js';
import { issueInvoice } from '../billing/issue-invoice.js';
import { takeDocumentNumber } from '../billing/take-document-numbers.js';
import type { Db } from '../db/connect.js';
import { AppError } from '../domain/errors.js';
import { can } from '../domain/permissions.js';
import { withSubscriptionEvents } from '../events/subscription-events.js';
import type { PaymentGateway } from '../gateway/payment-gateway.js';
import { type LicenseChange, quote, readSubscription } from './license-quote.js';

/**
 * Sets a subscription's license count. Added licenses are invoiced now, prorated to the days left in
 * the period, and charged to the subscription's card; removed ones take effect at the next renewal.
 * Applying reads the subscription under its row lock, so two changes at once are applied one after
 * the other, each billing only what it adds to the count it found. (previewLicenseChange gives the
 * same figures without saving anything.)
 */
export async function changeLicenses(options: {
  db: Db;
  gateway: PaymentGateway;
  actor: Actor;
  subscriptionId: string;
  licenses: number;
  now?: Date;
}): Promise<LicenseChange> {
  const { db, actor } = options;
  const now = options.now ?? new Date();
  const today = now.toISOString().slice(0, 10);
  if (!can(actor.role, 'billing.manage')) throw new AppError('permission_denied');

  const result = await db.transaction().execute(async (tx) => {
    const subscription = await readSubscription(tx, actor, options.subscriptionId, true);
    const quoted = quote(subscription, options.licenses, today);
    if (quoted.added === 0) return { ...quoted, invoiced: false };
    await withSubscriptionEvents(tx, [subscription.id], () =>
      tx
        .updateTable('subscriptions')
        .set({ licenses: options.licenses })
        .where('id', '=', subscription.id)
        .execute(),
    );
    await recordAudit({
      tx,
      organizationId: actor.organizationId,
      actorUserId: actor.userId,
      action: 'subscription.licenses_changed',
      targetType: 'subscription',
      targetId: subscription.id,
      details: {
        from: subscription.licenses,
        to: options.licenses,
        amountMinor: quoted.change.prorationTotalMinor,
        currency: subscription.currency,
      },
    });
    if (quoted.change.prorationTotalMinor === 0n) return { ...quoted, invoiced: false };
    const number = await takeDocumentNumber(tx, 'invoice');
    await issueInvoice({
      tx,
      organizationId: actor.organizationId,
      subscriptionId: subscription.id,
      number,
      currency: subscription.currency,
      amountMinor: quoted.change.prorationTotalMinor,
      licenses: quoted.added,
      unitAmountMinor: quoted.unitProratedMinor,
      taxMinor: quoted.change.prorationTaxMinor,
      kind: 'proration',
      issuedOn: today,
      dueOn: today,
      periodStart: today,
      periodEnd: subscription.current_period_end,
    });
    return { ...quoted, invoiced: true };
  });
  if (result.invoiced) {
    const payment = await chargeSubscriptionCard({
      db,
      gateway: options.gateway,
      subscriptionId: options.subscriptionId,
      now,
    });
    result.change.payment = payment?.status ?? null;
  }
  return result.change;
}
