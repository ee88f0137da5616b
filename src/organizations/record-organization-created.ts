import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { recordEvents } from '../events/record-events.js';
import { organizationColumns, toOrganizationView } from './organization-view.js';

/** organization.created for these new organizations, as their GET answers them, in the caller's transaction. */
export async function recordOrganizationsCreated(
  tx: Kysely<Database>,
  ids: readonly string[],
): Promise<void> {
  if (ids.length === 0) return;
  const rows = await tx
    .selectFrom('organizations')
    .select(organizationColumns)
    .where('id', 'in', [...ids])
    .orderBy('id')
    .execute();
  await recordEvents(
    tx,
    rows.map((row) => ({
      type: 'organization.created' as const,
      organizationId: row.id,
      data: { object: toOrganizationView(row) },
    })),
  );
}
