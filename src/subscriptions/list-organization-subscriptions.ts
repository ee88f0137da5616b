import type { Db } from '../db/connect.js';
import { decodeCursor, encodeCursor } from '../domain/cursor.js';
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
  let query = options.db
    .selectFrom('subscriptions')
    .select(['id', 'created_at'])
    .where('organization_id', '=', organization.id)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(options.limit + 1);
  if (options.after) {
    const [createdAt, id] = decodeCursor(options.after);
    query = query.where((eb) =>
      eb.or([
        eb('created_at', '<', createdAt),
        eb.and([eb('created_at', '=', createdAt), eb('id', '<', id)]),
      ]),
    );
  }
  const rows = await query.execute();
  const page = rows.slice(0, options.limit);
  const last = page.at(-1);
  const items: ProviderSubscriptionView[] = [];
  for (const row of page) items.push(await readProviderSubscription(options.db, row.id));
  return {
    items,
    nextCursor: rows.length > options.limit && last ? encodeCursor(last.created_at, last.id) : null,
  };
}
