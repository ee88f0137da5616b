import type { EInvoiceObject } from '../contract/objects.js';
import type { Db } from '../db/connect.js';
import { newestFirstPage } from '../db/newest-first-page.js';
import type { EInvoiceStatus } from '../db/schema.js';
import { readEInvoiceObjects } from '../resources/einvoice-objects.js';

/** E-invoices across customers for the provider, newest first, a page at a time. */
export async function listEInvoices(options: {
  db: Db;
  organizationId?: string | undefined;
  invoiceId?: string | undefined;
  status?: EInvoiceStatus | undefined;
  limit: number;
  after?: string | undefined;
}): Promise<{ items: EInvoiceObject[]; nextCursor: string | null }> {
  let query = options.db.selectFrom('einvoices').select('id');
  if (options.organizationId) query = query.where('organization_id', '=', options.organizationId);
  if (options.invoiceId) query = query.where('invoice_id', '=', options.invoiceId);
  if (options.status) query = query.where('status', '=', options.status);
  const page = await newestFirstPage(query, options);
  const objects = await readEInvoiceObjects(
    options.db,
    page.rows.map((row) => row.id),
  );
  return { items: page.rows.flatMap((row) => objects.get(row.id) ?? []), nextCursor: page.nextCursor };
}
