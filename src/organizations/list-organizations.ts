import type { Db } from '../db/connect.js';
import { newestFirstPage } from '../db/newest-first-page.js';
import { type OrganizationView, organizationColumns, toOrganizationView } from './organization-view.js';

/** The provider's customers, newest first, a page at a time. */
export async function listOrganizations(options: {
  db: Db;
  /** Only the archived (true) or only the others (false); both when absent. */
  archived?: boolean | undefined;
  limit: number;
  after?: string | undefined;
}): Promise<{ items: OrganizationView[]; nextCursor: string | null }> {
  let query = options.db.selectFrom('organizations').select(organizationColumns);
  if (options.archived !== undefined)
    query = query.where('archived_at', options.archived ? 'is not' : 'is', null);
  const page = await newestFirstPage(query, options);
  return { items: page.rows.map(toOrganizationView), nextCursor: page.nextCursor };
}
