import type { Db } from '../db/connect.js';
import { creditAppliedPostings, invoiceOwedMinor } from '../domain/ledger.js';
import { minMinor } from '../domain/money.js';
import { lockPayableInvoices } from '../invoices/lock-payable-invoices.js';
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
  const open = await lockPayableInvoices(tx, { organizationId });
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
