import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema.js';

/** Outstanding balance per subscription, derived from the ledger's receivable account. */
export async function outstandingBySubscription(options: {
  db: Kysely<Database>;
  organizationId: string;
  subscriptionIds: readonly string[];
}): Promise<Map<string, bigint>> {
  if (options.subscriptionIds.length === 0) return new Map();
  const rows = await options.db
    .selectFrom('ledger_entries')
    .select(['subscription_id', sql<bigint>`sum(amount_minor)::bigint`.as('balance')])
    .where('organization_id', '=', options.organizationId)
    .where('account', '=', 'receivable')
    .where('subscription_id', 'in', options.subscriptionIds)
    .groupBy('subscription_id')
    .execute();
  // Receivables always name their subscription (a check says so).
  return new Map(rows.map((row) => [row.subscription_id as string, BigInt(row.balance)]));
}
