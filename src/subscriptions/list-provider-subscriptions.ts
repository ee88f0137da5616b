import type { Db } from '../db/connect.js';
import { newestFirstPage } from '../db/newest-first-page.js';
import type { SubscriptionStatus } from '../db/schema.js';
import { AppError } from '../domain/errors.js';
import { readSubscriptionObjects } from '../resources/subscription-objects.js';
import type { ProviderSubscriptionView } from './provider-subscription-view.js';

/**
 * Subscriptions across customers for the provider, newest first, a page at a time: all, one
 * customer's (which must exist), in one status, or changed since an instant. The page order is
 * by creation, so a filter never makes a cursor skip or repeat a row.
 */
export async function listProviderSubscriptions(options: {
  db: Db;
  organizationId?: string | undefined;
  status?: SubscriptionStatus | undefined;
  updatedSince?: Date | undefined;
  limit: number;
  after?: string | undefined;
}): Promise<{ items: ProviderSubscriptionView[]; nextCursor: string | null }> {
  const { db } = options;
  if (options.organizationId) {
    const organization = await db
      .selectFrom('organizations')
      .select('id')
      .where('id', '=', options.organizationId)
      .executeTakeFirst();
    if (!organization) throw new AppError('not_found');
  }
  let query = db.selectFrom('subscriptions').select('id');
  if (options.organizationId) query = query.where('organization_id', '=', options.organizationId);
  if (options.status) query = query.where('status', '=', options.status);
  if (options.updatedSince) query = query.where('updated_at', '>=', options.updatedSince);
  const page = await newestFirstPage(query, options);
  const objects = await readSubscriptionObjects(
    db,
    page.rows.map((row) => row.id),
  );
  return { items: page.rows.flatMap((row) => objects.get(row.id) ?? []), nextCursor: page.nextCursor };
}
