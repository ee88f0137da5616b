import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { recordAudit } from '../audit/record-audit.js';
import { takeDocumentNumber } from '../billing/take-document-numbers.js';
import type { Db } from '../db/connect.js';
import type { CreditNoteTable } from '../db/schema.js';
import type { CreditLine } from '../domain/credit-allocation.js';
import type { CurrencyCode } from '../domain/money.js';
import { correctEInvoices } from '../einvoice/correct-einvoices.js';
import { recordEvents } from '../events/record-events.js';
import { readCreditNoteObjects } from '../resources/credit-note-objects.js';
import { readSellerProfile } from '../seller/seller-profile.js';

/**
 * Writes a credit note in the caller's transaction: its number from the seller's CN- sequence (taken
 * last, just before the insert), its lines, what each invoice had credited, its event and audit entry.
 * The money's own journal is the caller's (an open invoice's reduction, or the refund's).
 */
export async function issueCreditNote(
  tx: Db,
  options: {
    organizationId: string;
    /** Null for a credit to the customer's balance. */
    subscriptionId: string | null;
    kind: CreditNoteTable['kind'];
    refundId: string | null;
    currency: CurrencyCode;
    /** What it takes off each invoice; none for a credit to the customer's balance. */
    lines: readonly CreditLine[];
    /** Tax included; the lines' sum when it has lines. */
    amountMinor?: bigint;
    reason: CreditNoteTable['reason'];
    note: string | null;
    now: Date;
    /** For the audit log: the provider's key that asked, directly or through the refund. */
    apiKeyName: string | null;
  },
): Promise<string> {
  const id = randomUUID();
  const seller = await readSellerProfile(tx);
  const amountMinor = options.amountMinor ?? options.lines.reduce((sum, line) => sum + line.amountMinor, 0n);
  const taxMinor = options.lines.reduce((sum, line) => sum + line.taxMinor, 0n);
  for (const line of options.lines)
    await tx
      .updateTable('invoices')
      .set({ credited_minor: sql`credited_minor + ${line.amountMinor}` })
      .where('id', '=', line.invoiceId)
      .execute();
  const number = await takeDocumentNumber(tx, 'credit_note');
  await tx
    .insertInto('credit_notes')
    .values({
      id,
      number,
      organization_id: options.organizationId,
      subscription_id: options.subscriptionId,
      kind: options.kind,
      refund_id: options.refundId,
      currency: options.currency,
      amount_minor: amountMinor,
      tax_minor: taxMinor,
      reason: options.reason,
      note: options.note,
      issued_on: options.now.toISOString().slice(0, 10),
      seller: seller ? JSON.stringify(seller) : null,
      created_at: options.now,
    })
    .execute();
  if (options.lines.length > 0)
    await tx
      .insertInto('credit_note_lines')
      .values(
        options.lines.map((line) => ({
          credit_note_id: id,
          invoice_id: line.invoiceId,
          amount_minor: line.amountMinor,
          tax_minor: line.taxMinor,
        })),
      )
      .execute();
  await correctEInvoices(tx, {
    creditNoteId: id,
    creditNoteNumber: number,
    lines: options.lines,
    now: options.now,
  });
  const object = (await readCreditNoteObjects(tx, [id])).get(id);
  if (!object) throw new Error(`credit note ${id} not found for its event`);
  await recordEvents(tx, [
    { type: 'credit_note.issued', organizationId: options.organizationId, data: { object } },
  ]);
  await recordAudit({
    tx,
    organizationId: options.organizationId,
    actorUserId: null,
    action: 'billing.credit_note_issued',
    ...(options.subscriptionId
      ? { targetType: 'subscription' as const, targetId: options.subscriptionId }
      : { targetType: 'organization' as const, targetId: options.organizationId }),
    details: {
      creditNoteId: id,
      number,
      kind: options.kind,
      amountMinor,
      currency: options.currency,
      reason: options.reason,
      by: 'provider',
      apiKey: options.apiKeyName,
    },
  });
  return id;
}
