import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Posting } from '../domain/ledger.js';
import type { CurrencyCode } from '../domain/money.js';
import { recordEvents } from '../events/record-events.js';
import { readCreditBalanceObject } from './credit-balance-object.js';

export interface LedgerJournal {
  currency: CurrencyCode;
  invoiceId: string | null;
  paymentId: string | null;
  postings: Posting[];
}

/** Appends one balanced journal; the table's trigger refuses any later update or delete. */
export async function postLedgerJournal(
  options: { tx: Kysely<Database>; organizationId: string; subscriptionId: string | null } & LedgerJournal,
): Promise<void> {
  await postLedgerJournals({ ...options, journals: [options] });
}

/** Several journals of one subscription in one statement (a payment covering several invoices). */
export async function postLedgerJournals(options: {
  tx: Kysely<Database>;
  organizationId: string;
  subscriptionId: string | null;
  journals: LedgerJournal[];
}): Promise<void> {
  const rows = options.journals.flatMap((journal) => {
    const journalId = randomUUID();
    return journal.postings.map((posting) => ({
      organization_id: options.organizationId,
      journal_id: journalId,
      account: posting.account,
      amount_minor: posting.amountMinor,
      currency: journal.currency,
      subscription_id: options.subscriptionId,
      invoice_id: journal.invoiceId,
      payment_id: journal.paymentId,
    }));
  });
  if (rows.length === 0) return;
  await options.tx.insertInto('ledger_entries').values(rows).execute();
  // The customer's credit balance moved: told with the balance as its GET answers it now, and before.
  const creditMovedMinor = rows.reduce(
    (sum, row) => (row.account === 'customer_credit' ? sum - row.amount_minor : sum),
    0n,
  );
  if (creditMovedMinor === 0n) return;
  const object = await readCreditBalanceObject(options.tx, options.organizationId);
  await recordEvents(options.tx, [
    {
      type: 'credit_balance.changed',
      organizationId: options.organizationId,
      data: { object, previousAmountMinor: object.amountMinor - creditMovedMinor },
    },
  ]);
}
