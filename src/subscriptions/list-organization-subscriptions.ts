import type { Db } from '../db/connect.js';
import { newestFirstPage } from '../db/newest-first-page.js';
import { AppError } from '../domain/errors.js';
import { readSubscriptionObjects } from '../resources/subscription-objects.js';
import type { ProviderSubscriptionView } from './provider-subscription-view.js';

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
  const objects = await readSubscriptionObjects(
    options.db,
    page.rows.map((row) => row.id),
  );
  const items = page.rows.flatMap((row) => objects.get(row.id) ?? []);
  return { items, nextCursor: page.nextCursor };
}
