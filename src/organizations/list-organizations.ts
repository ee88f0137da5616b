import type { Db } from '../db/connect.js';
import { newestFirstPage } from '../db/newest-first-page.js';
import { type OrganizationView, organizationColumns, toOrganizationView } from './organization-view.js';

/** The provider's customers, newest first, a page at a time. */
export async function listOrganizations(options: {
  db: Db;
  limit: number;
  after?: string | undefined;
}): Promise<{ items: OrganizationView[]; nextCursor: string | null }> {
  const page = await newestFirstPage(
    options.db.selectFrom('organizations').select(organizationColumns),
    options,
  );
  return { items: page.rows.map(toOrganizationView), nextCursor: page.nextCursor };
}
