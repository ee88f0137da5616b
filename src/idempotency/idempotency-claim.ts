import type { Transaction } from 'kysely';
import type { Database } from '../db/schema.js';

/** A request's claim on its Idempotency-Key (the HTTP layer's), as a use case receives it. */
export interface IdempotencyClaim {
  /** The organization's id, or provider:<api key id>. */
  organizationId: string;
  /** The key's hash, as kept. */
  key: string;
}

/**
 * The resource an earlier run under this key created and committed, if any: a retry after a crash,
 * or after an answer that failed once the work was done, then answers with it and creates nothing.
 */
export async function resourceOfKey(
  tx: Transaction<Database>,
  claim: IdempotencyClaim | null | undefined,
  resourceType: string,
): Promise<string | null> {
  if (!claim) return null;
  const row = await tx
    .selectFrom('idempotency_keys')
    .select(['resource_type', 'resource_id'])
    .where('organization_id', '=', claim.organizationId)
    .where('key', '=', claim.key)
    .forUpdate()
    .executeTakeFirst();
  return row?.resource_type === resourceType ? row.resource_id : null;
}

/** Names what this request created, in the same transaction that creates it. */
export async function bindResourceToKey(
  tx: Transaction<Database>,
  claim: IdempotencyClaim | null | undefined,
  resource: { type: string; id: string },
): Promise<void> {
  if (!claim) return;
  await tx
    .updateTable('idempotency_keys')
    .set({ resource_type: resource.type, resource_id: resource.id })
    .where('organization_id', '=', claim.organizationId)
    .where('key', '=', claim.key)
    .execute();
}
