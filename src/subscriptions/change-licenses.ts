import { recordAudit } from '../audit/record-audit.js';
import { chargeSubscriptionCard } from '../billing/charge-subscription-card.js';
import { issueInvoice } from '../billing/issue-invoice.js';
import { takeDocumentNumber } from '../billing/take-document-numbers.js';
import type { Db } from '../db/connect.js';
import { AppError } from '../domain/errors.js';
import { invoiceDueOn } from '../domain/periods.js';
import { can } from '../domain/permissions.js';
import { withSubscriptionEvents } from '../events/subscription-events.js';
import type { PaymentGateway } from '../gateway/payment-gateway.js';
import { bindResourceToKey, type IdempotencyClaim, resourceOfKey } from '../idempotency/idempotency-claim.js';
import { type ChangedBy, type LicenseChange, quote } from './license-quote.js';
import { readSubscriptionForChange } from './read-subscription-for-change.js';

/**
 * Sets a subscription's license count. Added licenses are invoiced now, prorated to the days left in
 * the period, and charged to the subscription's card; removed ones take effect at the next renewal.
 * Applying reads the subscription under its row lock, so two changes at once are applied one after
 * the other, each billing only what it adds to the count it found. (previewLicenseChange gives the
 * same figures without saving anything.) An admin changes its organization's subscriptions; the
 * provider any customer's, under an Idempotency-Key kept with the change. For a customer paying by
 * invoice, the added licenses' invoice is due in its usual days, not charged.
 */
export async function changeLicenses(options: {
  db: Db;
  gateway: PaymentGateway;
  by: ChangedBy;
  subscriptionId: string;
  licenses: number;
  idempotency?: IdempotencyClaim | null;
  now?: Date;
}): Promise<LicenseChange> {
  const { db } = options;
  const actor = 'actor' in options.by ? options.by.actor : undefined;
  const now = options.now ?? new Date();
  const today = now.toISOString().slice(0, 10);
  if (actor && !can(actor.role, 'billing.manage')) throw new AppError('permission_denied');

  const result = await db.transaction().execute(async (tx) => {
    const subscription = await readSubscriptionForChange(tx, {
      subscriptionId: options.subscriptionId,
      organizationId: actor?.organizationId,
      lock: true,
    });
    const quoted = quote(subscription, options.licenses, today);
    // A retry after the change was saved finds the count it asked for: nothing billed twice.
    if ((await resourceOfKey(tx, options.idempotency, 'license_change')) === subscription.id)
      return { ...quoted, invoiced: false };
    await bindResourceToKey(tx, options.idempotency, { type: 'license_change', id: subscription.id });
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
      organizationId: subscription.organization_id,
      actorUserId: actor?.userId ?? null,
      action: 'subscription.licenses_changed',
      targetType: 'subscription',
      targetId: subscription.id,
      details: {
        from: subscription.licenses,
        to: options.licenses,
        amountMinor: quoted.change.prorationTotalMinor,
        currency: subscription.currency,
        ...('apiKeyName' in options.by ? { by: 'provider', apiKey: options.by.apiKeyName } : {}),
      },
    });
    if (quoted.change.prorationTotalMinor === 0n) return { ...quoted, invoiced: false };
    const number = await takeDocumentNumber(tx, 'invoice');
    await issueInvoice({
      tx,
      organizationId: subscription.organization_id,
      subscriptionId: subscription.id,
      number,
      currency: subscription.currency,
      amountMinor: quoted.change.prorationTotalMinor,
      licenses: quoted.added,
      unitAmountMinor: quoted.unitProratedMinor,
      taxMinor: quoted.change.prorationTaxMinor,
      kind: 'proration',
      issuedOn: today,
      dueOn: invoiceDueOn({
        issuedOn: today,
        collectionMethod: subscription.collection_method,
        daysUntilDue: subscription.days_until_due,
      }),
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
