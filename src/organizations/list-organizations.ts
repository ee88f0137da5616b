import type { Db } from '../db/connect.js';
import { decodeCursor, encodeCursor } from '../domain/cursor.js';
import { type OrganizationView, organizationColumns, toOrganizationView } from './organization-view.js';

/** The provider's customers, newest first, a page at a time. */
export async function listOrganizations(options: {
  db: Db;
  limit: number;
  after?: string | undefined;
}): Promise<{ items: OrganizationView[]; nextCursor: string | null }> {
  let query = options.db
    .selectFrom('organizations')
    .select(organizationColumns)
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
  return {
    items: page.map(toOrganizationView),
    nextCursor: rows.length > options.limit && last ? encodeCursor(last.created_at, last.id) : null,
  };
}
