import type { Db } from '../db/connect.js';
import { recordEInvoiceEvent } from './einvoice-events.js';
import type { EInvoiceIssuer } from './einvoice-issuer.js';
import { queueReissue, recordCanceled } from './issue-einvoice.js';

const waitMs = 30_000;

export type VoidOutcome =
  | { kind: 'voided' | 'canceled' | 'nothing_to_do' }
  | { kind: 'waiting'; again: Date };

/**
 * Voids (作廢) one e-invoice whose void was asked for, at the issuer, outside any transaction: its
 * standing allowances first (the tax office voids an invoice only after them), then the invoice; then
 * its reissue, if it has one, is queued. One not yet issued waits for its issue to end (which cancels
 * it); one the issuer refused is canceled here. A refusal of the void is an error: tried again on the
 * queue's schedule, then a dead letter the operator sees.
 */
export async function voidEInvoice(options: {
  db: Db;
  issuer: EInvoiceIssuer;
  einvoiceId: string;
  attempt: number;
  now?: Date;
}): Promise<VoidOutcome> {
  const { db, issuer } = options;
  const now = options.now ?? new Date();
  const later = { kind: 'waiting', again: new Date(now.getTime() + waitMs) } as const;
  const row = await db
    .selectFrom('einvoices')
    .selectAll()
    .where('id', '=', options.einvoiceId)
    .executeTakeFirst();
  if (!row?.void_requested_at || row.status === 'voided' || row.status === 'canceled')
    return { kind: 'nothing_to_do' };
  if (row.status === 'pending' || row.status === 'unknown') return later;
  if (row.status === 'failed') {
    await recordCanceled(db, row.id, now);
    return { kind: 'canceled' };
  }
  const allowances = await db
    .selectFrom('einvoice_allowances')
    .select(['id', 'status', 'number'])
    .where('einvoice_id', '=', row.id)
    .where('status', 'in', ['pending', 'unknown', 'issued'])
    .execute();
  if (allowances.some((allowance) => allowance.status !== 'issued')) return later;
  const number = row.number as string;
  const reason = row.void_reason ?? 'void';
  for (const allowance of allowances) {
    if (!allowance.number)
      throw new Error(`allowance ${allowance.id} has no number to void; void it at the issuer`);
    const answer = await issuer.voidAllowance({
      invoiceNumber: number,
      allowanceNumber: allowance.number,
      reason,
    });
    if (answer.kind === 'refused')
      throw new Error(`the issuer refused to void allowance ${allowance.number}: ${answer.message}`);
    await db
      .updateTable('einvoice_allowances')
      .set({ status: 'voided', voided_at: now })
      .where('id', '=', allowance.id)
      .execute();
  }
  const already = options.attempt > 0 ? await issuer.find(row.relate_number) : null;
  if (!already?.voided) {
    const answer = await issuer.void({ number, issuedAt: row.issued_at as Date, reason });
    if (answer.kind === 'refused') throw new Error(`the issuer refused to void ${number}: ${answer.message}`);
  }
  await db.transaction().execute(async (tx) => {
    const changed = await tx
      .updateTable('einvoices')
      .set({ status: 'voided', voided_at: now, updated_at: now })
      .where('id', '=', row.id)
      .where('status', '=', 'issued')
      .executeTakeFirst();
    if (changed.numUpdatedRows === 0n) return;
    await recordEInvoiceEvent(tx, 'einvoice.voided', row.id);
    await queueReissue(tx, row.id);
  });
  return { kind: 'voided' };
}
