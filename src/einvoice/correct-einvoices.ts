import { randomUUID } from 'node:crypto';
import type { Db } from '../db/connect.js';
import type { CreditLine } from '../domain/credit-allocation.js';
import { einvoiceCorrection, einvoiceTaxMinor } from '../domain/einvoice.js';
import { enqueueTasks } from '../queue/enqueue-tasks.js';
import { insertReissue } from './insert-reissue.js';

/**
 * What a credit note does to the e-invoices of the invoices it credits, in its transaction: within the
 * e-invoice's own two-month period (and while it has no allowance), the e-invoice is voided and a new
 * one issued for what is left (none when nothing is); in a later period, an allowance (折讓) for the
 * credit. One not yet issued is voided (canceled) and reissued, whatever the date. The issuer is asked
 * by the queue after the commit.
 */
export async function correctEInvoices(
  tx: Db,
  options: { creditNoteId: string; creditNoteNumber: string; lines: readonly CreditLine[]; now: Date },
): Promise<void> {
  for (const line of options.lines) {
    const current = await tx
      .selectFrom('einvoices')
      .selectAll()
      .where('invoice_id', '=', line.invoiceId)
      .where('status', 'not in', ['voided', 'canceled'])
      .where('void_requested_at', 'is', null)
      .orderBy('created_at', 'desc')
      .limit(1)
      .forUpdate()
      .executeTakeFirst();
    if (!current) continue;
    const allowances = await tx
      .selectFrom('einvoice_allowances')
      .select(['amount_minor'])
      .where('einvoice_id', '=', current.id)
      .where('status', 'in', ['pending', 'unknown', 'issued'])
      .execute();
    const correction =
      current.status === 'issued' && current.issued_at
        ? einvoiceCorrection({
            issuedAt: current.issued_at,
            now: options.now,
            standingAllowances: allowances.length,
          })
        : 'void_and_reissue';
    if (correction === 'allowance') {
      const id = randomUUID();
      await tx
        .insertInto('einvoice_allowances')
        .values({
          id,
          einvoice_id: current.id,
          credit_note_id: options.creditNoteId,
          status: 'pending',
          amount_minor: line.amountMinor,
          tax_minor: einvoiceTaxMinor(line.amountMinor),
        })
        .execute();
      await enqueueTasks({ tx, topic: 'einvoice.allowance', subjectIds: [id] });
      continue;
    }
    await tx
      .updateTable('einvoices')
      .set({
        void_requested_at: options.now,
        void_reason: `折讓 ${options.creditNoteNumber}`,
        updated_at: options.now,
      })
      .where('id', '=', current.id)
      .execute();
    const restMinor = current.amount_minor - line.amountMinor;
    if (restMinor > 0n)
      await insertReissue(tx, {
        replaced: current,
        amountMinor: restMinor,
        buyer: current.buyer,
        buyerName: current.buyer_name,
      });
    await enqueueTasks({ tx, topic: 'einvoice.void', subjectIds: [current.id] });
  }
}
