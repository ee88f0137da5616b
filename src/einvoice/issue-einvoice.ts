import type { Db } from '../db/connect.js';
import { taiwanDay } from '../domain/einvoice.js';
import { notifyBillingAdmins } from '../notifications/notify-billing-admins.js';
import { enqueueTasks } from '../queue/enqueue-tasks.js';
import { recordEInvoiceEvent } from './einvoice-events.js';
import { type EInvoiceIssuer, EInvoiceOutcomeUnknown, type IssuedEInvoice } from './einvoice-issuer.js';

/** How soon a reissue looks again for its predecessor's void. */
const waitForVoidMs = 30_000;

export type IssueOutcome =
  | { kind: 'issued' }
  | { kind: 'failed' }
  | { kind: 'canceled' }
  | { kind: 'nothing_to_do' }
  | { kind: 'waiting'; again: Date };

/**
 * Issues one e-invoice at the issuer, outside any transaction, and records the answer. Never twice:
 * after a lost answer (status unknown) or any earlier attempt, the issuer is first asked for the
 * seller's id, and what it has is recorded instead. A void asked for before it was issued cancels it
 * here. A reissue waits for the e-invoice it replaces to be voided.
 */
export async function issueEInvoice(options: {
  db: Db;
  issuer: EInvoiceIssuer;
  einvoiceId: string;
  /** Earlier attempts of this task. */
  attempt: number;
  now?: Date;
}): Promise<IssueOutcome> {
  const { db, issuer } = options;
  const now = options.now ?? new Date();
  const row = await db
    .selectFrom('einvoices')
    .selectAll()
    .where('id', '=', options.einvoiceId)
    .executeTakeFirst();
  if (!row || (row.status !== 'pending' && row.status !== 'unknown')) return { kind: 'nothing_to_do' };
  if (row.replaces_einvoice_id) {
    const before = await db
      .selectFrom('einvoices')
      .select('status')
      .where('id', '=', row.replaces_einvoice_id)
      .executeTakeFirstOrThrow();
    if (before.status !== 'voided' && before.status !== 'canceled')
      return { kind: 'waiting', again: new Date(now.getTime() + waitForVoidMs) };
  }
  if (row.status === 'unknown' || options.attempt > 0) {
    const found = await issuer.find(row.relate_number);
    if (found) return recordIssued(db, row.id, found);
  }
  if (row.void_requested_at) return recordCanceled(db, row.id, now);
  const answer = await issuer
    .issue({
      relateNumber: row.relate_number,
      buyer: row.buyer,
      buyerEmail: row.buyer_email,
      buyerName: row.buyer_name,
      buyerAddress: row.buyer_address,
      amountMinor: row.amount_minor,
      taxMinor: row.tax_minor,
      itemName: row.item_name,
    })
    .catch(async (error: unknown) => {
      if (error instanceof EInvoiceOutcomeUnknown)
        await db
          .updateTable('einvoices')
          .set({ status: 'unknown', updated_at: now })
          .where('id', '=', row.id)
          .where('status', '=', 'pending')
          .execute();
      throw error;
    });
  if (answer.kind === 'issued') return recordIssued(db, row.id, answer.invoice);
  await db.transaction().execute(async (tx) => {
    const changed = await tx
      .updateTable('einvoices')
      .set({ status: 'failed', failure_code: answer.code, failure_message: answer.message, updated_at: now })
      .where('id', '=', row.id)
      .where('status', 'in', ['pending', 'unknown'])
      .executeTakeFirst();
    if (changed.numUpdatedRows > 0n) await recordEInvoiceEvent(tx, 'einvoice.failed', row.id);
  });
  return { kind: 'failed' };
}

async function recordIssued(db: Db, einvoiceId: string, invoice: IssuedEInvoice): Promise<IssueOutcome> {
  await db.transaction().execute(async (tx) => {
    const changed = await tx
      .updateTable('einvoices')
      .set({
        status: 'issued',
        number: invoice.number,
        random_code: invoice.randomCode,
        issued_at: invoice.issuedAt,
        failure_code: null,
        failure_message: null,
        updated_at: new Date(),
      })
      .where('id', '=', einvoiceId)
      .where('status', 'in', ['pending', 'unknown', 'failed'])
      .executeTakeFirst();
    if (changed.numUpdatedRows === 0n) return;
    await recordEInvoiceEvent(tx, 'einvoice.issued', einvoiceId);
    // The billing admins are told its number and random code, by email where SMTP is set.
    const about = await tx
      .selectFrom('einvoices')
      .innerJoin('invoices', 'invoices.id', 'einvoices.invoice_id')
      .select([
        'einvoices.organization_id',
        'invoices.subscription_id',
        'einvoices.amount_minor',
        'invoices.id',
      ])
      .where('einvoices.id', '=', einvoiceId)
      .executeTakeFirstOrThrow();
    await notifyBillingAdmins({
      tx,
      organizationId: about.organization_id,
      subscriptionId: about.subscription_id,
      kind: 'einvoice_issued',
      amountMinor: about.amount_minor,
      invoiceId: about.id,
      einvoice: {
        number: invoice.number,
        issuedOn: taiwanDay(invoice.issuedAt),
        randomCode: invoice.randomCode,
      },
    });
  });
  return { kind: 'issued' };
}

/** Voided before it was ever issued: nothing reached the tax office, and its reissue (if any) may go. */
export async function recordCanceled(db: Db, einvoiceId: string, now: Date): Promise<IssueOutcome> {
  await db.transaction().execute(async (tx) => {
    const changed = await tx
      .updateTable('einvoices')
      .set({ status: 'canceled', voided_at: now, updated_at: now })
      .where('id', '=', einvoiceId)
      .where('status', 'in', ['pending', 'unknown', 'failed'])
      .executeTakeFirst();
    if (changed.numUpdatedRows === 0n) return;
    await recordEInvoiceEvent(tx, 'einvoice.voided', einvoiceId);
    await queueReissue(tx, einvoiceId);
  });
  return { kind: 'canceled' };
}

/** The e-invoice issued in place of a voided one, once the void is done (it waits for it). */
export async function queueReissue(tx: Db, einvoiceId: string): Promise<void> {
  const reissue = await tx
    .selectFrom('einvoices')
    .select('id')
    .where('replaces_einvoice_id', '=', einvoiceId)
    .executeTakeFirst();
  if (!reissue) return;
  await enqueueTasks({ tx, topic: 'einvoice.issue', subjectIds: [reissue.id] });
}
