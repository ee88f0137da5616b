import { sql } from 'kysely';
import type { InvoiceObject } from '../contract/objects.js';
import type { Db } from '../db/connect.js';
import { decodeInvoiceCursor, encodeInvoiceCursor } from '../domain/cursor.js';
import { readInvoiceObjects } from '../resources/invoice-objects.js';

/** Invoices across customers for the provider, newest first by issue day then number, a page at a time. */
export async function listProviderInvoices(options: {
  db: Db;
  organizationId?: string | undefined;
  subscriptionId?: string | undefined;
  status?: 'open' | 'paid' | 'void' | undefined;
  limit: number;
  after?: string | undefined;
}): Promise<{ items: InvoiceObject[]; nextCursor: string | null }> {
  let query = options.db
    .selectFrom('invoices')
    .select(['id', 'issued_on', 'number'])
    .orderBy('issued_on', 'desc')
    .orderBy('number', 'desc')
    .orderBy('id', 'desc')
    .limit(options.limit + 1);
  if (options.organizationId) query = query.where('organization_id', '=', options.organizationId);
  if (options.subscriptionId) query = query.where('subscription_id', '=', options.subscriptionId);
  if (options.status) query = query.where('status', '=', options.status);
  if (options.after) {
    const [issuedOn, number, id] = decodeInvoiceCursor(options.after);
    query = query.where(sql<boolean>`(issued_on, number, id) < (${issuedOn}::date, ${number}, ${id})`);
  }
  const rows = await query.execute();
  const page = rows.slice(0, options.limit);
  const objects = await readInvoiceObjects(
    options.db,
    page.map((row) => row.id),
  );
  const last = page.at(-1);
  return {
    items: page.flatMap((row) => objects.get(row.id) ?? []),
    nextCursor:
      rows.length > options.limit && last ? encodeInvoiceCursor(last.issued_on, last.number, last.id) : null,
  };
}
