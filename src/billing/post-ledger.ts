import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Posting } from '../domain/ledger.js';
import type { CurrencyCode } from '../domain/money.js';

/** Appends one balanced journal; the table's trigger refuses any later update or delete. */
export async function postLedgerJournal(options: {
  tx: Kysely<Database>;
  organizationId: string;
  subscriptionId: string;
  currency: CurrencyCode;
  invoiceId: string | null;
  paymentId: string | null;
  postings: Posting[];
}): Promise<void> {
  const journalId = randomUUID();
  await options.tx
    .insertInto('ledger_entries')
    .values(
      options.postings.map((posting) => ({
        organization_id: options.organizationId,
        journal_id: journalId,
        account: posting.account,
        amount_minor: posting.amountMinor,
        currency: options.currency,
        subscription_id: options.subscriptionId,
        invoice_id: options.invoiceId,
        payment_id: options.paymentId,
      })),
    )
    .execute();
}
