import type { Db } from '../db/connect.js';
import { inFlightPaymentStatuses } from '../db/schema.js';
import { creditAppliedPostings, invoiceOwedMinor } from '../domain/ledger.js';
import { minMinor } from '../domain/money.js';
import { customerCreditBalance } from '../ledger/customer-credit-balance.js';
import { payInvoiceOutsideCard } from './pay-invoice-outside-card.js';

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
    const amountMinor = minMinor(balance, owed);
    if (amountMinor <= 0n) continue;
    await payInvoiceOutsideCard(tx, {
      invoice,
      onInvoiceMinor: amountMinor,
      method: 'credit_balance',
      receivedOn: now.toISOString().slice(0, 10),
      recordedBy: null,
      postings: creditAppliedPostings(amountMinor),
      now,
    });
    balance -= amountMinor;
    applied += amountMinor;
  }
  return applied;
}
