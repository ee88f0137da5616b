import type { Db } from '../db/connect.js';
import { findLedgerProblems } from '../domain/ledger.js';

/**
 * Reads the whole books and reports every broken invariant; an empty list means they are sound.
 * Given the processor's successful charges, it also checks them one to one against succeeded payments.
 */
export async function checkLedger(options: {
  db: Db;
  gatewayCharges?: { idempotencyKey: string; amountMinor: bigint }[];
}): Promise<string[]> {
  const rows = await options.db
    .selectFrom('ledger_entries')
    .select(['journal_id', 'account', 'amount_minor', 'subscription_id', 'invoice_id'])
    .execute();
  const invoices = await options.db
    .selectFrom('invoices')
    .select(['id', 'subscription_id', 'amount_minor', 'status'])
    .execute();
  const problems = findLedgerProblems(
    rows.map((row) => ({
      journalId: row.journal_id,
      account: row.account,
      amountMinor: row.amount_minor,
      subscriptionId: row.subscription_id,
      invoiceId: row.invoice_id,
    })),
    invoices.map((invoice) => ({
      id: invoice.id,
      subscriptionId: invoice.subscription_id,
      amountMinor: invoice.amount_minor,
      status: invoice.status,
    })),
  );
  const paidWithoutPayment = await options.db
    .selectFrom('invoices')
    .leftJoin('payments', 'payments.id', 'invoices.payment_id')
    .select('invoices.number')
    .where('invoices.status', '=', 'paid')
    .where((eb) => eb.or([eb('payments.id', 'is', null), eb('payments.status', '!=', 'succeeded')]))
    .execute();
  for (const invoice of paidWithoutPayment)
    problems.push(`invoice ${invoice.number} is paid without a succeeded payment`);
  return problems;
}
