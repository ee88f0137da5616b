import { recordAudit } from '../audit/record-audit.js';
import type { PaymentObject } from '../contract/objects.js';
import type { Db } from '../db/connect.js';
import type { PaymentMethodKind } from '../db/schema.js';
import { AppError } from '../domain/errors.js';
import { invoiceOwedMinor, offlinePaymentPostings, overpaymentPostings } from '../domain/ledger.js';
import { type CurrencyCode, isWholeBillingStep, minMinor } from '../domain/money.js';
import { bindResourceToKey, type IdempotencyClaim, resourceOfKey } from '../idempotency/idempotency-claim.js';
import { lockOpenInvoice } from '../invoices/lock-open-invoice.js';
import { postLedgerJournal } from '../ledger/post-ledger.js';
import { readPaymentObjects } from '../resources/payment-objects.js';
import { applyCustomerCredit } from './apply-customer-credit.js';
import { payInvoiceOutsideCard } from './pay-invoice-outside-card.js';

/**
 * The seller records money that arrived outside a card (a bank transfer, a cheque, cash) against an
 * open invoice: all it owes, or part (the rest still owed), or more (the rest goes to the customer's
 * credit balance, which pays its other open invoices at once and its next ones). Bounds are checked
 * under the subscription's and the invoice's locks, as a settlement takes them: not while a card
 * payment of the balance is being confirmed, in whole dollars for TWD. The ledger moves it from what is
 * owed to the bank; paid in full, the invoice is paid, and a subscription owing nothing is back in good
 * standing.
 */
export async function recordOfflinePayment(options: {
  db: Db;
  invoiceId: string;
  amountMinor: bigint;
  /** When given, it must be the invoice's. */
  currency?: CurrencyCode | undefined;
  method: Exclude<PaymentMethodKind, 'card'>;
  reference?: string | undefined;
  /** The day the money arrived. */
  receivedOn: string;
  by: { apiKeyName: string };
  idempotency?: IdempotencyClaim | null;
  now?: Date;
}): Promise<PaymentObject> {
  const { db } = options;
  const now = options.now ?? new Date();
  if (options.receivedOn > now.toISOString().slice(0, 10))
    throw new AppError('validation_failed', { field: 'receivedOn', reason: 'in_the_future' });
  const paymentId = await db.transaction().execute(async (tx) => {
    const made = await resourceOfKey(tx, options.idempotency, 'payment');
    if (made) return made;
    const invoice = await lockOpenInvoice(tx, options.invoiceId);
    if (options.currency && options.currency !== invoice.currency)
      throw new AppError('currency_mismatch', { currency: invoice.currency });
    const owedMinor = invoiceOwedMinor(invoice);
    const onInvoiceMinor = minMinor(options.amountMinor, owedMinor);
    if (!isWholeBillingStep(options.amountMinor, invoice.currency))
      throw new AppError('validation_failed', { field: 'amountMinor', reason: 'not_a_whole_billing_step' });
    const id = await payInvoiceOutsideCard(tx, {
      invoice,
      onInvoiceMinor,
      receivedMinor: options.amountMinor,
      method: options.method,
      reference: options.reference ?? null,
      receivedOn: options.receivedOn,
      recordedBy: options.by.apiKeyName,
      postings: offlinePaymentPostings(onInvoiceMinor),
      now,
    });
    const overpaidMinor = options.amountMinor - onInvoiceMinor;
    if (overpaidMinor > 0n)
      await postLedgerJournal({
        tx,
        organizationId: invoice.organization_id,
        subscriptionId: invoice.subscription_id,
        currency: invoice.currency,
        invoiceId: null,
        paymentId: id,
        postings: overpaymentPostings(overpaidMinor),
      });
    await recordAudit({
      tx,
      organizationId: invoice.organization_id,
      actorUserId: null,
      action: 'payment.recorded',
      targetType: 'payment',
      targetId: id,
      details: {
        invoiceId: invoice.id,
        number: invoice.number,
        method: options.method,
        amountMinor: options.amountMinor,
        currency: invoice.currency,
        by: 'provider',
        apiKey: options.by.apiKeyName,
      },
    });
    if (overpaidMinor > 0n) await applyCustomerCredit(tx, { organizationId: invoice.organization_id, now });
    await bindResourceToKey(tx, options.idempotency, { type: 'payment', id });
    return id;
  });
  const payment = (await readPaymentObjects(db, [paymentId])).get(paymentId);
  if (!payment) throw new Error(`payment ${paymentId} vanished`);
  return payment;
}
