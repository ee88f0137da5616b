import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { AppError } from '../domain/errors.js';

/**
 * An organization always keeps a Global admin who can sign in: the last one cannot be removed or
 * given another role. The admins' rows are locked, so two such changes at once cannot both pass.
 */
export async function assertGlobalAdminRemains(
  tx: Kysely<Database>,
  options: { organizationId: string; losing: string },
): Promise<void> {
  const admins = await tx
    .selectFrom('users')
    .select('id')
    .where('organization_id', '=', options.organizationId)
    .where('role', '=', 'global_admin')
    .where('removed_at', 'is', null)
    .where('password_hash', 'is not', null)
    .forUpdate()
    .execute();
  if (admins.every((admin) => admin.id === options.losing)) throw new AppError('last_global_admin');
}
