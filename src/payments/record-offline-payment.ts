import { randomUUID } from 'node:crypto';
import { recordAudit } from '../audit/record-audit.js';
import type { PaymentObject } from '../contract/objects.js';
import type { Db } from '../db/connect.js';
import { inFlightPaymentStatuses, type PaymentMethodKind } from '../db/schema.js';
import { AppError } from '../domain/errors.js';
import { invoiceOwedMinor, offlinePaymentPostings, overpaymentPostings } from '../domain/ledger.js';
import { type CurrencyCode, isWholeBillingStep } from '../domain/money.js';
import { recordInvoiceEvents, recordPaymentEvent } from '../events/resource-events.js';
import { bindResourceToKey, type IdempotencyClaim, resourceOfKey } from '../idempotency/idempotency-claim.js';
import { postLedgerJournal } from '../ledger/post-ledger.js';
import { readPaymentObjects } from '../resources/payment-objects.js';
import { restoreStandingIfNothingOwed } from '../subscriptions/restore-standing.js';
import { applyCustomerCredit } from './apply-customer-credit.js';

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
  const found = await db
    .selectFrom('invoices')
    .select('subscription_id')
    .where('id', '=', options.invoiceId)
    .executeTakeFirst();
  if (!found) throw new AppError('not_found');
  const paymentId = await db.transaction().execute(async (tx) => {
    const made = await resourceOfKey(tx, options.idempotency, 'payment');
    if (made) return made;
    await tx
      .selectFrom('subscriptions')
      .select('id')
      .where('id', '=', found.subscription_id)
      .forUpdate()
      .execute();
    const invoice = await tx
      .selectFrom('invoices')
      .selectAll()
      .where('id', '=', options.invoiceId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (invoice.status !== 'open') throw new AppError('invoice_not_open');
    if (options.currency && options.currency !== invoice.currency)
      throw new AppError('currency_mismatch', { currency: invoice.currency });
    const inFlight = await tx
      .selectFrom('payments')
      .select('id')
      .where('subscription_id', '=', invoice.subscription_id)
      .where('status', 'in', inFlightPaymentStatuses)
      .executeTakeFirst();
    if (inFlight) throw new AppError('payment_in_progress', { paymentId: inFlight.id });
    const owedMinor = invoiceOwedMinor(invoice);
    const onInvoiceMinor = options.amountMinor < owedMinor ? options.amountMinor : owedMinor;
    if (!isWholeBillingStep(options.amountMinor, invoice.currency))
      throw new AppError('validation_failed', { field: 'amountMinor', reason: 'not_a_whole_billing_step' });
    const id = randomUUID();
    const paidInFull = onInvoiceMinor === owedMinor;
    await tx
      .insertInto('payments')
      .values({
        id,
        organization_id: invoice.organization_id,
        subscription_id: invoice.subscription_id,
        payment_method_id: null,
        method: options.method,
        gateway_token: null,
        card_brand: null,
        card_last4: null,
        card_exp_month: null,
        card_exp_year: null,
        cardholder_name: null,
        reference: options.reference ?? null,
        received_on: options.receivedOn,
        recorded_by: options.by.apiKeyName,
        amount_minor: options.amountMinor,
        currency: invoice.currency,
        status: 'succeeded',
        failure_code: null,
        gateway_charge_id: null,
        created_by_user_id: null,
        created_at: now,
        updated_at: now,
      })
      .execute();
    await tx
      .insertInto('payment_invoices')
      .values({ payment_id: id, invoice_id: invoice.id, amount_minor: onInvoiceMinor })
      .execute();
    await tx
      .updateTable('invoices')
      .set(
        paidInFull
          ? {
              status: 'paid',
              paid_at: now,
              payment_id: id,
              paid_minor: invoice.paid_minor + onInvoiceMinor,
            }
          : { paid_minor: invoice.paid_minor + onInvoiceMinor },
      )
      .where('id', '=', invoice.id)
      .execute();
    await postLedgerJournal({
      tx,
      organizationId: invoice.organization_id,
      subscriptionId: invoice.subscription_id,
      currency: invoice.currency,
      invoiceId: invoice.id,
      paymentId: id,
      postings: offlinePaymentPostings(onInvoiceMinor),
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
    await recordPaymentEvent(tx, 'payment.succeeded', id);
    if (paidInFull) await recordInvoiceEvents(tx, 'invoice.paid', [invoice.id]);
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
    await restoreStandingIfNothingOwed(tx, {
      organizationId: invoice.organization_id,
      subscriptionId: invoice.subscription_id,
    });
    if (overpaidMinor > 0n) await applyCustomerCredit(tx, { organizationId: invoice.organization_id, now });
    await bindResourceToKey(tx, options.idempotency, { type: 'payment', id });
    return id;
  });
  const payment = (await readPaymentObjects(db, [paymentId])).get(paymentId);
  if (!payment) throw new Error(`payment ${paymentId} vanished`);
  return payment;
}
