import type { Selectable } from 'kysely';
import type { Db } from '../db/connect.js';
import { type InvoiceTable, inFlightPaymentStatuses } from '../db/schema.js';
import { AppError } from '../domain/errors.js';

/**
 * An open invoice, locked for a change to what it owes (a void, a credit note, money received), in the
 * caller's transaction. Its subscription is locked first, as a settlement locks it: a card payment of
 * the balance starts either before (and this refuses, payment_in_progress: the money could arrive for
 * what changed under it) or after this commits (and then sees the invoice as changed).
 */
export async function lockOpenInvoice(tx: Db, invoiceId: string): Promise<Selectable<InvoiceTable>> {
  const found = await tx
    .selectFrom('invoices')
    .select('subscription_id')
    .where('id', '=', invoiceId)
    .executeTakeFirst();
  if (!found) throw new AppError('not_found');
  await tx
    .selectFrom('subscriptions')
    .select('id')
    .where('id', '=', found.subscription_id)
    .forUpdate()
    .execute();
  const invoice = await tx
    .selectFrom('invoices')
    .selectAll()
    .where('id', '=', invoiceId)
    .forUpdate()
    .executeTakeFirstOrThrow();
  if (invoice.status !== 'open') throw new AppError('invoice_not_open');
  const inFlight = await tx
    .selectFrom('payments')
    .select('id')
    .where('subscription_id', '=', invoice.subscription_id)
    .where('status', 'in', inFlightPaymentStatuses)
    .executeTakeFirst();
  if (inFlight) throw new AppError('payment_in_progress', { paymentId: inFlight.id });
  return invoice;
}
