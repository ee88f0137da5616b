import type { Db } from '../db/connect.js';
import { newestFirstPage } from '../db/newest-first-page.js';
import { AppError } from '../domain/errors.js';
import { type ProviderSubscriptionView, readProviderSubscription } from './provider-subscription-view.js';

/** An organization's subscriptions for the provider, newest first, a page at a time. */
export async function listOrganizationSubscriptions(options: {
  db: Db;
  organizationId: string;
  limit: number;
  after?: string | undefined;
}): Promise<{ items: ProviderSubscriptionView[]; nextCursor: string | null }> {
  const organization = await options.db
    .selectFrom('organizations')
    .select('id')
    .where('id', '=', options.organizationId)
    .executeTakeFirst();
  if (!organization) throw new AppError('not_found');
  const page = await newestFirstPage(
    options.db
      .selectFrom('subscriptions')
      .select(['id', 'created_at'])
      .where('organization_id', '=', organization.id),
    options,
  );
  const items: ProviderSubscriptionView[] = [];
  for (const row of page.rows) items.push(await readProviderSubscription(options.db, row.id));
  return { items, nextCursor: page.nextCursor };
}
