import type { PaymentObject } from '../contract/objects.js';
import type { Db } from '../db/connect.js';
import { newestFirstPage } from '../db/newest-first-page.js';
import { readPaymentObjects } from '../resources/payment-objects.js';

/** Payments across customers for the provider, newest first, a page at a time. */
export async function listProviderPayments(options: {
  db: Db;
  organizationId?: string | undefined;
  subscriptionId?: string | undefined;
  limit: number;
  after?: string | undefined;
}): Promise<{ items: PaymentObject[]; nextCursor: string | null }> {
  let query = options.db.selectFrom('payments').select('id');
  if (options.organizationId) query = query.where('organization_id', '=', options.organizationId);
  if (options.subscriptionId) query = query.where('subscription_id', '=', options.subscriptionId);
  const page = await newestFirstPage(query, options);
  const objects = await readPaymentObjects(
    options.db,
    page.rows.map((row) => row.id),
  );
  return { items: page.rows.flatMap((row) => objects.get(row.id) ?? []), nextCursor: page.nextCursor };
}
