import { recordAudit } from '../audit/record-audit.js';
import { chargeSubscriptionCard } from '../billing/charge-subscription-card.js';
import { issueInvoice } from '../billing/issue-invoice.js';
import { takeDocumentNumber } from '../billing/take-document-numbers.js';
import { issueCreditNote } from '../credit-notes/issue-credit-note.js';
import type { Db } from '../db/connect.js';
import { balanceCreditPostings } from '../domain/ledger.js';
import { invoiceDueOn } from '../domain/periods.js';
import { withSubscriptionEvents } from '../events/subscription-events.js';
import type { PaymentGateway } from '../gateway/payment-gateway.js';
import { bindResourceToKey, type IdempotencyClaim, resourceOfKey } from '../idempotency/idempotency-claim.js';
import { postLedgerJournal } from '../ledger/post-ledger.js';
import { applyCustomerCredit } from '../payments/apply-customer-credit.js';
import { quoteSwitch } from './price-switch-quote.js';

/**
 * The seller switches a subscription's plan. At the period's end: another price of its product (say,
 * annual instead of monthly), which the next renewal bills, as an admin's frequency change. Now: any
 * price of the same frequency, any product; the days left are re-priced as added licenses are (the
 * same proration): up, a proration invoice is issued and charged like one; down, the difference is
 * credited to the customer's balance with a credit note, for its next invoices. The preview
 * (previewPriceSwitch) is the same computation.
 */
export async function switchPrice(options: {
  db: Db;
  gateway: PaymentGateway;
  subscriptionId: string;
  priceId: string;
  when: 'now' | 'period_end';
  by: { apiKeyName: string };
  idempotency?: IdempotencyClaim | null;
  now?: Date;
}): Promise<void> {
  const { db } = options;
  const now = options.now ?? new Date();
  const today = now.toISOString().slice(0, 10);
  const result = await db.transaction().execute(async (tx) => {
    // A retry after the switch was saved finds it made: nothing switched or billed twice.
    if ((await resourceOfKey(tx, options.idempotency, 'price_switch')) === options.subscriptionId)
      return { invoiced: false };
    const { subscription, price, change, unchanged, unitProratedMinor } = await quoteSwitch(tx, {
      ...options,
      today,
      lock: true,
    });
    if (unchanged) return { invoiced: false };
    await withSubscriptionEvents(tx, [subscription.id], () =>
      tx
        .updateTable('subscriptions')
        .set(
          options.when === 'now'
            ? {
                product_id: price.product_id,
                price_id: price.id,
                period_price_id: null,
                period_billing_frequency: null,
              }
            : {
                price_id: price.id,
                billing_frequency: price.billing_frequency,
                // The current period stays priced as it was billed.
                period_price_id: subscription.price_id,
                period_billing_frequency: subscription.period_frequency,
              },
        )
        .where('id', '=', subscription.id)
        .execute(),
    );
    await recordAudit({
      tx,
      organizationId: subscription.organization_id,
      actorUserId: null,
      action: 'subscription.price_switched',
      targetType: 'subscription',
      targetId: subscription.id,
      details: { ...change, by: 'provider', apiKey: options.by.apiKeyName },
    });
    if (change.direction === 'charge')
      await issueInvoice({
        tx,
        organizationId: subscription.organization_id,
        subscriptionId: subscription.id,
        number: await takeDocumentNumber(tx, 'invoice'),
        currency: subscription.currency,
        amountMinor: change.amountMinor,
        licenses: subscription.licenses,
        unitAmountMinor: unitProratedMinor,
        taxMinor: change.taxMinor,
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
    if (change.direction === 'credit') {
      await postLedgerJournal({
        tx,
        organizationId: subscription.organization_id,
        subscriptionId: null,
        currency: subscription.currency,
        invoiceId: null,
        paymentId: null,
        postings: balanceCreditPostings(change.amountMinor),
      });
      await issueCreditNote(tx, {
        organizationId: subscription.organization_id,
        subscriptionId: null,
        kind: 'customer_balance',
        refundId: null,
        currency: subscription.currency,
        lines: [],
        amountMinor: change.amountMinor,
        reason: 'other',
        note: `Plan switched for the ${change.daysLeft} days left of the period`,
        now,
        apiKeyName: options.by.apiKeyName,
      });
      await applyCustomerCredit(tx, { organizationId: subscription.organization_id, now });
    }
    await bindResourceToKey(tx, options.idempotency, { type: 'price_switch', id: subscription.id });
    return {
      invoiced: change.direction === 'charge' && subscription.collection_method === 'charge_automatically',
    };
  });
  // After the commit: the processor is never called inside a transaction.
  if (result.invoiced)
    await chargeSubscriptionCard({
      db,
      gateway: options.gateway,
      subscriptionId: options.subscriptionId,
      now,
    });
}
