import type { Db } from '../db/connect.js';
import { AppError } from '../domain/errors.js';
import { type OrganizationView, organizationColumns, toOrganizationView } from './organization-view.js';

export async function getOrganization(options: {
  db: Db;
  organizationId: string;
}): Promise<OrganizationView> {
  const row = await options.db
    .selectFrom('organizations')
    .select(organizationColumns)
    .where('id', '=', options.organizationId)
    .executeTakeFirst();
  if (!row) throw new AppError('not_found');
  return toOrganizationView(row);
}
