import type { Actor } from '../auth/actor.js';
import type { Db } from '../db/connect.js';
import { AppError } from '../domain/errors.js';
import { can } from '../domain/permissions.js';
import { getOrganization } from './get-organization.js';
import type { OrganizationView } from './organization-view.js';

/** The organization's billing account as its admins see it (anyone who may read billing). */
export async function getBillingAccount(options: { db: Db; actor: Actor }): Promise<OrganizationView> {
  if (!can(options.actor.role, 'billing.read')) throw new AppError('permission_denied');
  return getOrganization({ db: options.db, organizationId: options.actor.organizationId });
}
