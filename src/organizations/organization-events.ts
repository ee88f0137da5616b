import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { recordEvents } from '../events/record-events.js';
import { sameValue } from '../events/subscription-events.js';
import { type OrganizationView, organizationColumns, toOrganizationView } from './organization-view.js';

async function readOrganization(tx: Kysely<Database>, id: string): Promise<OrganizationView | null> {
  const row = await tx
    .selectFrom('organizations')
    .select(organizationColumns)
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? toOrganizationView(row) : null;
}

/**
 * Runs a change to an organization in the caller's transaction and writes organization.updated from its
 * object before and after (with the previous values of what changed), when anything did. Answers
 * whether it changed.
 */
export async function withOrganizationEvents(
  tx: Kysely<Database>,
  organizationId: string,
  change: () => Promise<unknown>,
): Promise<Partial<OrganizationView> | null> {
  const before = await readOrganization(tx, organizationId);
  await change();
  const after = await readOrganization(tx, organizationId);
  if (!before || !after) return null;
  const previousAttributes = Object.fromEntries(
    Object.entries(before).filter(([key, value]) => !sameValue(value, after[key as keyof OrganizationView])),
  ) as Partial<OrganizationView>;
  if (Object.keys(previousAttributes).length === 0) return null;
  await recordEvents(tx, [
    { type: 'organization.updated', organizationId, data: { object: after, previousAttributes } },
  ]);
  return previousAttributes;
}
