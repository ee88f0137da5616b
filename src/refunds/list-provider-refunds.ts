import type { RefundObject } from '../contract/objects.js';
import type { Db } from '../db/connect.js';
import { newestFirstPage } from '../db/newest-first-page.js';
import type { RefundStatus } from '../db/schema.js';
import { readRefundObjects } from '../resources/refund-objects.js';

/** Refunds across customers for the provider, newest first, a page at a time. */
export async function listProviderRefunds(options: {
  db: Db;
  organizationId?: string | undefined;
  paymentId?: string | undefined;
  status?: RefundStatus | undefined;
  limit: number;
  after?: string | undefined;
}): Promise<{ items: RefundObject[]; nextCursor: string | null }> {
  let query = options.db.selectFrom('refunds').select('id');
  if (options.organizationId) query = query.where('organization_id', '=', options.organizationId);
  if (options.paymentId) query = query.where('payment_id', '=', options.paymentId);
  if (options.status) query = query.where('status', '=', options.status);
  const page = await newestFirstPage(query, options);
  const objects = await readRefundObjects(
    options.db,
    page.rows.map((row) => row.id),
  );
  return { items: page.rows.flatMap((row) => objects.get(row.id) ?? []), nextCursor: page.nextCursor };
}
