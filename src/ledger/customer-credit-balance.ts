import { sql } from 'kysely';
import type { Db } from '../db/connect.js';

/** What the seller keeps for a customer's next invoices: the customer_credit liability, from the ledger. */
export async function customerCreditBalance(db: Db, organizationId: string): Promise<bigint> {
  const row = await db
    .selectFrom('ledger_entries')
    .select(sql<string>`coalesce(-sum(amount_minor), 0)::text`.as('balance'))
    .where('organization_id', '=', organizationId)
    .where('account', '=', 'customer_credit')
    .executeTakeFirstOrThrow();
  return BigInt(row.balance);
}
