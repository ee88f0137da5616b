import type { Kysely } from 'kysely';
import type { CreditNoteObject } from '../contract/objects.js';
import type { Database } from '../db/schema.js';

/** Credit notes as the provider API's GET answers them, and as their events carry them, by id. */
export async function readCreditNoteObjects(
  db: Kysely<Database>,
  ids: readonly string[],
): Promise<Map<string, CreditNoteObject>> {
  if (ids.length === 0) return new Map();
  const notes = await db
    .selectFrom('credit_notes')
    .select([
      'id',
      'number',
      'organization_id',
      'subscription_id',
      'kind',
      'refund_id',
      'currency',
      'amount_minor',
      'tax_minor',
      'reason',
      'note',
      'issued_on',
      'created_at',
    ])
    .where('id', 'in', [...ids])
    .execute();
  const lines = await db
    .selectFrom('credit_note_lines')
    .innerJoin('invoices', 'invoices.id', 'credit_note_lines.invoice_id')
    .select([
      'credit_note_lines.credit_note_id',
      'credit_note_lines.invoice_id',
      'invoices.number',
      'credit_note_lines.amount_minor',
      'credit_note_lines.tax_minor',
    ])
    .where('credit_note_lines.credit_note_id', 'in', [...ids])
    .orderBy('invoices.number')
    .execute();
  return new Map(
    notes.map((note) => [
      note.id,
      {
        object: 'credit_note',
        id: note.id,
        number: note.number,
        organizationId: note.organization_id,
        subscriptionId: note.subscription_id,
        kind: note.kind,
        refundId: note.refund_id,
        currency: note.currency,
        amountMinor: note.amount_minor,
        taxMinor: note.tax_minor,
        reason: note.reason,
        note: note.note,
        issuedOn: note.issued_on,
        lines: lines
          .filter((line) => line.credit_note_id === note.id)
          .map((line) => ({
            invoiceId: line.invoice_id,
            invoiceNumber: line.number,
            amountMinor: line.amount_minor,
            taxMinor: line.tax_minor,
          })),
        createdAt: note.created_at,
      },
    ]),
  );
}
