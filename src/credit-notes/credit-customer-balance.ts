import type { CreditNoteObject } from '../contract/objects.js';
import type { Db } from '../db/connect.js';
import type { CreditNoteTable } from '../db/schema.js';
import { AppError } from '../domain/errors.js';
import { balanceCreditPostings } from '../domain/ledger.js';
import { type CurrencyCode, isWholeBillingStep } from '../domain/money.js';
import { bindResourceToKey, type IdempotencyClaim, resourceOfKey } from '../idempotency/idempotency-claim.js';
import { postLedgerJournal } from '../ledger/post-ledger.js';
import { applyCustomerCredit } from '../payments/apply-customer-credit.js';
import { readCreditNoteObjects } from '../resources/credit-note-objects.js';
import { issueCreditNote } from './issue-credit-note.js';

/**
 * The seller credits a customer's balance with a credit note (goodwill, a price agreed after the fact):
 * kept for its invoices, applied at once to what it owes now, oldest first, and to every invoice issued
 * next, before any card is charged. In the customer's currency (TWD in whole dollars).
 */
export async function creditCustomerBalance(options: {
  db: Db;
  organizationId: string;
  amountMinor: bigint;
  /** When given, it must be the customer's. */
  currency?: CurrencyCode | undefined;
  reason: CreditNoteTable['reason'];
  note?: string | undefined;
  by: { apiKeyName: string };
  idempotency?: IdempotencyClaim | null;
  now?: Date;
}): Promise<CreditNoteObject> {
  const { db } = options;
  const now = options.now ?? new Date();
  const id = await db.transaction().execute(async (tx) => {
    const made = await resourceOfKey(tx, options.idempotency, 'credit_note');
    if (made) return made;
    const organization = await tx
      .selectFrom('organizations')
      .select(['id', 'currency'])
      .where('id', '=', options.organizationId)
      .executeTakeFirst();
    if (!organization) throw new AppError('not_found');
    if (options.currency && options.currency !== organization.currency)
      throw new AppError('currency_mismatch', { currency: organization.currency });
    if (!isWholeBillingStep(options.amountMinor, organization.currency))
      throw new AppError('validation_failed', { field: 'amountMinor', reason: 'not_a_whole_billing_step' });
    await postLedgerJournal({
      tx,
      organizationId: organization.id,
      subscriptionId: null,
      currency: organization.currency,
      invoiceId: null,
      paymentId: null,
      postings: balanceCreditPostings(options.amountMinor),
    });
    const creditNoteId = await issueCreditNote(tx, {
      organizationId: organization.id,
      subscriptionId: null,
      kind: 'customer_balance',
      refundId: null,
      currency: organization.currency,
      lines: [],
      amountMinor: options.amountMinor,
      reason: options.reason,
      note: options.note ?? null,
      now,
      apiKeyName: options.by.apiKeyName,
    });
    await applyCustomerCredit(tx, { organizationId: organization.id, now });
    await bindResourceToKey(tx, options.idempotency, { type: 'credit_note', id: creditNoteId });
    return creditNoteId;
  });
  const object = (await readCreditNoteObjects(db, [id])).get(id);
  if (!object) throw new Error(`credit note ${id} vanished`);
  return object;
}
