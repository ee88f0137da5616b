import { randomUUID } from 'node:crypto';
import type { Db } from '../db/connect.js';
import { inFlightPaymentStatuses } from '../db/schema.js';
import { creditAppliedPostings, invoiceOwedMinor } from '../domain/ledger.js';
import { recordInvoiceEvents, recordPaymentEvent } from '../events/resource-events.js';
import { customerCreditBalance } from '../ledger/customer-credit-balance.js';
import { postLedgerJournal } from '../ledger/post-ledger.js';
import { restoreStandingIfNothingOwed } from '../subscriptions/restore-standing.js';

/**
 * In the caller's transaction: the customer's credit balance pays its open invoices, oldest first, as
 * far as it goes, before any card is charged. Each invoice it reaches gets a payment of its own (method
 * credit_balance): paid in full, or paid in part with the rest still owed. A subscription whose card
 * payment is being confirmed is left alone (that payment covers its invoices). Answers what it applied.
 */
export async function applyCustomerCredit(
  tx: Db,
  options: { organizationId: string; now: Date },
): Promise<bigint> {
  const { organizationId, now } = options;
  let balance = await customerCreditBalance(tx, organizationId);
  if (balance <= 0n) return 0n;
  // The organization's row orders two applications of one balance: the second sees what the first used.
  await tx.selectFrom('organizations').select('id').where('id', '=', organizationId).forUpdate().execute();
  balance = await customerCreditBalance(tx, organizationId);
  const open = await tx
    .selectFrom('invoices')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('status', '=', 'open')
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('payments')
            .select('payments.id')
            .whereRef('payments.subscription_id', '=', 'invoices.subscription_id')
            .where('payments.status', 'in', inFlightPaymentStatuses),
        ),
      ),
    )
    .orderBy('issued_on')
    .orderBy('number')
    .forUpdate()
    .execute();
  let applied = 0n;
  for (const invoice of open) {
    if (balance <= 0n) break;
    const owed = invoiceOwedMinor(invoice);
    const amountMinor = balance < owed ? balance : owed;
    if (amountMinor <= 0n) continue;
    const id = randomUUID();
    const paidInFull = amountMinor === owed;
    await tx
      .insertInto('payments')
      .values({
        id,
        organization_id: organizationId,
        subscription_id: invoice.subscription_id,
        payment_method_id: null,
        method: 'credit_balance',
        gateway_token: null,
        card_brand: null,
        card_last4: null,
        card_exp_month: null,
        card_exp_year: null,
        cardholder_name: null,
        received_on: now.toISOString().slice(0, 10),
        amount_minor: amountMinor,
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
      .values({ payment_id: id, invoice_id: invoice.id, amount_minor: amountMinor })
      .execute();
    await tx
      .updateTable('invoices')
      .set(
        paidInFull
          ? { status: 'paid', paid_at: now, payment_id: id, paid_minor: invoice.paid_minor + amountMinor }
          : { paid_minor: invoice.paid_minor + amountMinor },
      )
      .where('id', '=', invoice.id)
      .execute();
    await postLedgerJournal({
      tx,
      organizationId,
      subscriptionId: invoice.subscription_id,
      currency: invoice.currency,
      invoiceId: invoice.id,
      paymentId: id,
      postings: creditAppliedPostings(amountMinor),
    });
    await recordPaymentEvent(tx, 'payment.succeeded', id);
    if (paidInFull) await recordInvoiceEvents(tx, 'invoice.paid', [invoice.id]);
    await restoreStandingIfNothingOwed(tx, { organizationId, subscriptionId: invoice.subscription_id });
    balance -= amountMinor;
    applied += amountMinor;
  }
  return applied;
}
