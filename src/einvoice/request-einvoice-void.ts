import type { EInvoiceObject } from '../contract/objects.js';
import type { Db } from '../db/connect.js';
import { resolveEInvoiceBuyer } from '../domain/einvoice.js';
import { AppError } from '../domain/errors.js';
import { enqueueTasks } from '../queue/enqueue-tasks.js';
import { readEInvoiceObjects } from '../resources/einvoice-objects.js';
import { insertReissue } from './insert-reissue.js';

/**
 * The seller voids an e-invoice (作廢), its allowances first. With `reissue`, a new one for the same
 * amount goes where the organization's e-invoices go now: cancel and reissue (註銷重開), for a wrong
 * buyer, tax ID or carrier. The queue does it at the issuer after the commit. Asking again for a void
 * already asked for answers the same e-invoice.
 */
export async function requestEInvoiceVoid(options: {
  db: Db;
  einvoiceId: string;
  reason: string;
  reissue: boolean;
  now?: Date;
}): Promise<EInvoiceObject> {
  const now = options.now ?? new Date();
  await options.db.transaction().execute(async (tx) => {
    const row = await tx
      .selectFrom('einvoices')
      .innerJoin('organizations', 'organizations.id', 'einvoices.organization_id')
      .selectAll('einvoices')
      .select(['organizations.name', 'organizations.tax_id', 'organizations.einvoice_buyer'])
      .where('einvoices.id', '=', options.einvoiceId)
      .forUpdate('einvoices')
      .executeTakeFirst();
    if (!row) throw new AppError('not_found');
    if (row.void_requested_at || row.status === 'voided' || row.status === 'canceled')
      throw new AppError('einvoice_not_voidable');
    await tx
      .updateTable('einvoices')
      .set({ void_requested_at: now, void_reason: options.reason, updated_at: now })
      .where('id', '=', row.id)
      .execute();
    if (options.reissue) {
      const standing = await tx
        .selectFrom('einvoice_allowances')
        .select((eb) => eb.fn.coalesce(eb.fn.sum<bigint>('amount_minor'), eb.val(0n)).as('taken'))
        .where('einvoice_id', '=', row.id)
        .where('status', 'in', ['pending', 'unknown', 'issued'])
        .executeTakeFirstOrThrow();
      const amountMinor = row.amount_minor - BigInt(standing.taken);
      if (amountMinor > 0n)
        await insertReissue(tx, {
          replaced: row,
          amountMinor,
          buyer: resolveEInvoiceBuyer(row.einvoice_buyer, { name: row.name, taxId: row.tax_id }),
          buyerName: row.name,
        });
    }
    await enqueueTasks({ tx, topic: 'einvoice.void', subjectIds: [row.id] });
  });
  const object = (await readEInvoiceObjects(options.db, [options.einvoiceId])).get(options.einvoiceId);
  if (!object) throw new AppError('not_found');
  return object;
}
