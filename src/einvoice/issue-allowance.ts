import type { Db } from '../db/connect.js';
import { recordAllowanceIssued, recordEInvoiceEvent } from './einvoice-events.js';
import { type EInvoiceIssuer, EInvoiceOutcomeUnknown } from './einvoice-issuer.js';

const waitMs = 30_000;

export type AllowanceOutcome =
  | { kind: 'issued' | 'failed' | 'nothing_to_do' }
  | { kind: 'waiting'; again: Date };

/**
 * Issues one allowance (折讓) against an issued e-invoice, outside any transaction. Never twice: after a
 * lost answer the issuer is asked what the invoice has left, and an allowance already taken off is
 * recorded rather than asked for again.
 */
export async function issueAllowance(options: {
  db: Db;
  issuer: EInvoiceIssuer;
  allowanceId: string;
  attempt: number;
  now?: Date;
}): Promise<AllowanceOutcome> {
  const { db, issuer } = options;
  const now = options.now ?? new Date();
  const allowance = await db
    .selectFrom('einvoice_allowances')
    .innerJoin('einvoices', 'einvoices.id', 'einvoice_allowances.einvoice_id')
    .selectAll('einvoice_allowances')
    .select([
      'einvoices.status as einvoice_status',
      'einvoices.number as einvoice_number',
      'einvoices.issued_at as einvoice_issued_at',
      'einvoices.relate_number',
      'einvoices.amount_minor as einvoice_amount_minor',
      'einvoices.item_name',
      'einvoices.buyer_email',
    ])
    .where('einvoice_allowances.id', '=', options.allowanceId)
    .executeTakeFirst();
  if (!allowance || (allowance.status !== 'pending' && allowance.status !== 'unknown'))
    return { kind: 'nothing_to_do' };
  if (allowance.einvoice_status === 'pending' || allowance.einvoice_status === 'unknown')
    return { kind: 'waiting', again: new Date(now.getTime() + waitMs) };
  if (allowance.einvoice_status !== 'issued' || !allowance.einvoice_number || !allowance.einvoice_issued_at)
    return recordAnswer(
      db,
      allowance,
      { kind: 'refused', code: 'einvoice_not_issued', message: 'The e-invoice is not issued' },
      now,
    );
  const others = await db
    .selectFrom('einvoice_allowances')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<bigint>('amount_minor'), eb.val(0n)).as('taken'))
    .where('einvoice_id', '=', allowance.einvoice_id)
    .where('status', '=', 'issued')
    .executeTakeFirstOrThrow();
  const remainingBeforeMinor = allowance.einvoice_amount_minor - BigInt(others.taken);
  if (allowance.status === 'unknown' || options.attempt > 0) {
    const found = await issuer.find(allowance.relate_number);
    if (found && found.remainingMinor === remainingBeforeMinor - allowance.amount_minor)
      return recordAnswer(
        db,
        allowance,
        { kind: 'issued', allowanceNumber: null, issuedAt: now, remainingMinor: found.remainingMinor },
        now,
      );
  }
  const answer = await issuer
    .allowance({
      requestId: allowance.id,
      invoiceNumber: allowance.einvoice_number,
      invoiceIssuedAt: allowance.einvoice_issued_at,
      amountMinor: allowance.amount_minor,
      taxMinor: allowance.tax_minor,
      itemName: allowance.item_name,
      buyerEmail: allowance.buyer_email,
      remainingBeforeMinor,
    })
    .catch(async (error: unknown) => {
      if (error instanceof EInvoiceOutcomeUnknown)
        await db
          .updateTable('einvoice_allowances')
          .set({ status: 'unknown' })
          .where('id', '=', allowance.id)
          .execute();
      throw error;
    });
  return recordAnswer(db, allowance, answer, now);
}

async function recordAnswer(
  db: Db,
  allowance: { id: string; einvoice_id: string },
  answer:
    | { kind: 'issued'; allowanceNumber: string | null; issuedAt: Date; remainingMinor: bigint }
    | { kind: 'refused'; code: string; message: string },
  now: Date,
): Promise<AllowanceOutcome> {
  return db.transaction().execute(async (tx) => {
    const changed = await tx
      .updateTable('einvoice_allowances')
      .set(
        answer.kind === 'issued'
          ? { status: 'issued', number: answer.allowanceNumber, issued_at: answer.issuedAt }
          : { status: 'failed', failure_code: answer.code, failure_message: answer.message },
      )
      .where('id', '=', allowance.id)
      .where('status', 'in', ['pending', 'unknown'])
      .executeTakeFirst();
    if (changed.numUpdatedRows === 0n) return { kind: 'nothing_to_do' } as const;
    await tx
      .updateTable('einvoices')
      .set({ updated_at: now })
      .where('id', '=', allowance.einvoice_id)
      .execute();
    if (answer.kind === 'issued') {
      await recordAllowanceIssued(tx, allowance.einvoice_id, allowance.id);
      return { kind: 'issued' } as const;
    }
    await recordEInvoiceEvent(tx, 'einvoice.failed', allowance.einvoice_id);
    return { kind: 'failed' } as const;
  });
}
