import type { EInvoiceObject } from '../contract/objects.js';
import type { Db } from '../db/connect.js';
import { resolveEInvoiceBuyer } from '../domain/einvoice.js';
import { AppError } from '../domain/errors.js';
import { enqueueTasks } from '../queue/enqueue-tasks.js';
import { readEInvoiceObjects } from '../resources/einvoice-objects.js';

/**
 * The seller asks again for an e-invoice the issuer refused, once the cause is mended: it goes to
 * where the organization's e-invoices go now (a barcode corrected since is used), under the same
 * seller's id (a refused request left nothing at the issuer). Asking twice queues it once.
 */
export async function retryEInvoice(options: {
  db: Db;
  einvoiceId: string;
  now?: Date;
}): Promise<EInvoiceObject> {
  const now = options.now ?? new Date();
  await options.db.transaction().execute(async (tx) => {
    const row = await tx
      .selectFrom('einvoices')
      .innerJoin('organizations', 'organizations.id', 'einvoices.organization_id')
      .select([
        'einvoices.status',
        'einvoices.void_requested_at',
        'organizations.name',
        'organizations.tax_id',
        'organizations.einvoice_buyer',
      ])
      .where('einvoices.id', '=', options.einvoiceId)
      .forUpdate('einvoices')
      .executeTakeFirst();
    if (!row) throw new AppError('not_found');
    if (row.status === 'pending' || row.status === 'unknown') return;
    if (row.status !== 'failed' || row.void_requested_at) throw new AppError('einvoice_not_retryable');
    const buyer = resolveEInvoiceBuyer(row.einvoice_buyer, { name: row.name, taxId: row.tax_id });
    await tx
      .updateTable('einvoices')
      .set({
        status: 'pending',
        buyer: JSON.stringify(buyer),
        failure_code: null,
        failure_message: null,
        updated_at: now,
      })
      .where('id', '=', options.einvoiceId)
      .execute();
    await enqueueTasks({ tx, topic: 'einvoice.issue', subjectIds: [options.einvoiceId] });
  });
  const object = (await readEInvoiceObjects(options.db, [options.einvoiceId])).get(options.einvoiceId);
  if (!object) throw new AppError('not_found');
  return object;
}
