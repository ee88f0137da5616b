import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { invoiceIssuedPostings } from '../domain/ledger.js';
import type { CurrencyCode } from '../domain/money.js';
import { recordInvoiceEvents } from '../events/resource-events.js';
import { postLedgerJournal } from '../ledger/post-ledger.js';
import { applyCustomerCredit } from '../payments/apply-customer-credit.js';
import { readSellerProfile } from '../seller/seller-profile.js';

export async function issueInvoice(options: {
  tx: Kysely<Database>;
  organizationId: string;
  subscriptionId: string;
  number: string;
  currency: CurrencyCode;
  amountMinor: bigint;
  /** What the amount is made of, for the invoice's line: licenses × unit price. */
  licenses?: number;
  unitAmountMinor?: bigint;
  taxMinor?: bigint;
  kind?: 'renewal' | 'proration';
  issuedOn: string;
  dueOn: string;
  periodStart: string;
  periodEnd: string;
}): Promise<string> {
  const id = randomUUID();
  const seller = await readSellerProfile(options.tx);
  await options.tx
    .insertInto('invoices')
    .values({
      id,
      organization_id: options.organizationId,
      subscription_id: options.subscriptionId,
      number: options.number,
      currency: options.currency,
      amount_minor: options.amountMinor,
      status: 'open',
      issued_on: options.issuedOn,
      due_on: options.dueOn,
      period_start: options.periodStart,
      period_end: options.periodEnd,
      paid_at: null,
      payment_id: null,
      licenses: options.licenses ?? null,
      unit_amount_minor: options.unitAmountMinor ?? null,
      tax_minor: options.taxMinor ?? 0n,
      kind: options.kind ?? 'renewal',
      seller: seller ? JSON.stringify(seller) : null,
    })
    .execute();
  await postLedgerJournal({
    tx: options.tx,
    organizationId: options.organizationId,
    subscriptionId: options.subscriptionId,
    currency: options.currency,
    invoiceId: id,
    paymentId: null,
    postings: invoiceIssuedPostings(options.amountMinor),
  });
  await recordInvoiceEvents(options.tx, 'invoice.issued', [id]);
  // The customer's credit pays it first, before any card is charged.
  await applyCustomerCredit(options.tx, { organizationId: options.organizationId, now: new Date() });
  return id;
}
