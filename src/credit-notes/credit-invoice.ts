import type { CreditNoteObject } from '../contract/objects.js';
import type { Db } from '../db/connect.js';
import type { CreditNoteTable } from '../db/schema.js';
import { allocateCredit } from '../domain/credit-allocation.js';
import { AppError } from '../domain/errors.js';
import { invoiceOwedMinor, invoiceVoidedPostings } from '../domain/ledger.js';
import { isWholeBillingStep } from '../domain/money.js';
import { requestEInvoices } from '../einvoice/request-einvoices.js';
import { recordInvoiceEvents } from '../events/resource-events.js';
import { bindResourceToKey, type IdempotencyClaim, resourceOfKey } from '../idempotency/idempotency-claim.js';
import { lockOpenInvoice } from '../invoices/lock-open-invoice.js';
import { postLedgerJournal } from '../ledger/post-ledger.js';
import { readCreditNoteObjects } from '../resources/credit-note-objects.js';
import { restoreStandingIfNothingOwed } from '../standing/restore-standing.js';
import { issueCreditNote } from './issue-credit-note.js';

/**
 * The seller takes part (or all) of an open invoice off with a credit note: the invoice owes that much
 * less (a journal reverses that part of its issue), and one credited to nothing left is settled (paid,
 * by no payment). Bounds are checked under the subscription's and the invoice's locks, as a settlement
 * takes them: only an open invoice, never more than it still owes, not while a payment of the balance
 * is being confirmed. A paid invoice's money goes back with a refund instead (its credit note follows).
 */
export async function creditInvoice(options: {
  db: Db;
  invoiceId: string;
  /** All it still owes when not given. */
  amountMinor?: bigint | undefined;
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
    const invoice = await lockOpenInvoice(tx, options.invoiceId);
    const owedMinor = invoiceOwedMinor(invoice);
    const amountMinor = options.amountMinor ?? owedMinor;
    if (amountMinor <= 0n || amountMinor > owedMinor)
      throw new AppError('credit_exceeds_invoice', { amountDueMinor: String(owedMinor) });
    if (!isWholeBillingStep(amountMinor, invoice.currency))
      throw new AppError('validation_failed', { field: 'amountMinor', reason: 'not_a_whole_billing_step' });
    const lines = allocateCredit(
      amountMinor,
      [
        {
          id: invoice.id,
          amountMinor: invoice.amount_minor,
          taxMinor: invoice.tax_minor,
          creditableMinor: owedMinor,
        },
      ],
      invoice.currency,
    );
    // The part credited is no longer owed: the reverse of that part of its issue.
    await postLedgerJournal({
      tx,
      organizationId: invoice.organization_id,
      subscriptionId: invoice.subscription_id,
      currency: invoice.currency,
      invoiceId: invoice.id,
      paymentId: null,
      postings: invoiceVoidedPostings(amountMinor),
    });
    const creditNoteId = await issueCreditNote(tx, {
      organizationId: invoice.organization_id,
      subscriptionId: invoice.subscription_id,
      kind: 'invoice_reduction',
      refundId: null,
      currency: invoice.currency,
      lines,
      reason: options.reason,
      note: options.note ?? null,
      now,
      apiKeyName: options.by.apiKeyName,
    });
    if (amountMinor === owedMinor) {
      await tx
        .updateTable('invoices')
        .set({ status: 'paid', paid_at: now })
        .where('id', '=', invoice.id)
        .execute();
      await recordInvoiceEvents(tx, 'invoice.paid', [invoice.id]);
      await requestEInvoices(tx, { invoiceIds: [invoice.id] });
    }
    await restoreStandingIfNothingOwed(tx, {
      organizationId: invoice.organization_id,
      subscriptionId: invoice.subscription_id,
    });
    await bindResourceToKey(tx, options.idempotency, { type: 'credit_note', id: creditNoteId });
    return creditNoteId;
  });
  const object = (await readCreditNoteObjects(db, [id])).get(id);
  if (!object) throw new Error(`credit note ${id} vanished`);
  return object;
}
