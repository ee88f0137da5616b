import { randomUUID } from 'node:crypto';
import type { Selectable } from 'kysely';
import type { Db } from '../db/connect.js';
import type { InvoiceTable, PaymentMethodKind } from '../db/schema.js';
import { invoiceOwedMinor, type Posting } from '../domain/ledger.js';
import { requestEInvoices } from '../einvoice/request-einvoices.js';
import { recordInvoiceEvents, recordPaymentEvent } from '../events/resource-events.js';
import { postLedgerJournal } from '../ledger/post-ledger.js';
import { restoreStandingIfNothingOwed } from '../standing/restore-standing.js';

/**
 * In the caller's transaction, with the invoice locked: a payment that did not go through a card (money
 * received, the customer's credit applied) pays all or part of what the invoice owes. The payment, what
 * it put on the invoice, the invoice's paid state, the journal the caller names, the events, and the
 * subscription's standing once nothing is owed. Answers the payment's id.
 */
export async function payInvoiceOutsideCard(
  tx: Db,
  options: {
    invoice: Selectable<InvoiceTable>;
    /** What goes on the invoice: no more than it owes. */
    onInvoiceMinor: bigint;
    /** What the payment received in all, when more (the caller posts the rest). */
    receivedMinor?: bigint;
    method: Exclude<PaymentMethodKind, 'card'>;
    reference?: string | null;
    /** The bank transfer whose notice brought the money (method bank_transfer). */
    bankTransferId?: string | null;
    receivedOn: string;
    recordedBy: string | null;
    postings: Posting[];
    now: Date;
  },
): Promise<string> {
  const { invoice, onInvoiceMinor, now } = options;
  const id = randomUUID();
  const paidInFull = onInvoiceMinor === invoiceOwedMinor(invoice);
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
      recorded_by: options.recordedBy,
      bank_transfer_id: options.bankTransferId ?? null,
      amount_minor: options.receivedMinor ?? onInvoiceMinor,
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
  const paidMinor = invoice.paid_minor + onInvoiceMinor;
  await tx
    .updateTable('invoices')
    .set(
      paidInFull
        ? { status: 'paid', paid_at: now, payment_id: id, paid_minor: paidMinor }
        : { paid_minor: paidMinor },
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
    postings: options.postings,
  });
  await recordPaymentEvent(tx, 'payment.succeeded', id);
  if (paidInFull) {
    await recordInvoiceEvents(tx, 'invoice.paid', [invoice.id]);
    await requestEInvoices(tx, { invoiceIds: [invoice.id] });
  }
  await restoreStandingIfNothingOwed(tx, {
    organizationId: invoice.organization_id,
    subscriptionId: invoice.subscription_id,
  });
  return id;
}
