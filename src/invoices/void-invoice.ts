import { recordAudit } from '../audit/record-audit.js';
import type { InvoiceObject } from '../contract/objects.js';
import type { Db } from '../db/connect.js';
import { AppError } from '../domain/errors.js';
import { invoiceOwedMinor, invoiceVoidedPostings } from '../domain/ledger.js';
import { recordInvoiceEvents } from '../events/resource-events.js';
import { bindResourceToKey, type IdempotencyClaim, resourceOfKey } from '../idempotency/idempotency-claim.js';
import { postLedgerJournal } from '../ledger/post-ledger.js';
import { readInvoiceObjects } from '../resources/invoice-objects.js';
import { restoreStandingIfNothingOwed } from '../standing/restore-standing.js';
import { lockOpenInvoice } from './lock-open-invoice.js';

/**
 * The seller withdraws an open invoice: it is voided, never deleted (it keeps its number and says when
 * and why), a journal reverses its issue, and the customer no longer owes it. A subscription left owing
 * nothing is no longer past due, and back in good standing unless a cancel ended it. Refused while a
 * payment that may cover the invoice is being confirmed: the money could arrive for a voided invoice.
 */
export async function voidInvoice(options: {
  db: Db;
  invoiceId: string;
  reason: string;
  by: { apiKeyName: string };
  idempotency?: IdempotencyClaim | null;
  now?: Date;
}): Promise<InvoiceObject> {
  const { db, invoiceId } = options;
  const now = options.now ?? new Date();
  await db.transaction().execute(async (tx) => {
    if ((await resourceOfKey(tx, options.idempotency, 'invoice_void')) === invoiceId) return;
    const invoice = await lockOpenInvoice(tx, invoiceId);
    // Money already received on it is the customer's: a credit note takes the rest off instead.
    if (invoice.paid_minor > 0n) throw new AppError('invoice_partly_paid');
    await tx
      .updateTable('invoices')
      .set({ status: 'void', voided_at: now, void_reason: options.reason })
      .where('id', '=', invoice.id)
      .execute();
    await postLedgerJournal({
      tx,
      organizationId: invoice.organization_id,
      subscriptionId: invoice.subscription_id,
      currency: invoice.currency,
      invoiceId: invoice.id,
      paymentId: null,
      // What it still owed: credit notes already took the rest off.
      postings: invoiceVoidedPostings(invoiceOwedMinor(invoice)),
    });
    await recordInvoiceEvents(tx, 'invoice.voided', [invoice.id]);
    await recordAudit({
      tx,
      organizationId: invoice.organization_id,
      actorUserId: null,
      action: 'billing.invoice_voided',
      targetType: 'invoice',
      targetId: invoice.id,
      details: {
        number: invoice.number,
        amountMinor: String(invoice.amount_minor),
        currency: invoice.currency,
        reason: options.reason,
        by: 'provider',
        apiKey: options.by.apiKeyName,
      },
    });
    await restoreStandingIfNothingOwed(tx, {
      organizationId: invoice.organization_id,
      subscriptionId: invoice.subscription_id,
    });
    await bindResourceToKey(tx, options.idempotency, { type: 'invoice_void', id: invoice.id });
  });
  const object = (await readInvoiceObjects(db, [invoiceId])).get(invoiceId);
  if (!object) throw new AppError('not_found');
  return object;
}
