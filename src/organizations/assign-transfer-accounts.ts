import { sql } from 'kysely';
import type { Db } from '../db/connect.js';
import { transferAccountNumber } from '../domain/transfer-account.js';

/**
 * In the caller's transaction: gives each organization that has none (or the ones named) its own
 * account number under the seller's virtual-account prefix, when the seller has set a bank. Serials
 * come from a sequence, so two processes never give one number twice; a given number is never changed.
 */
export async function assignTransferAccounts(
  tx: Db,
  options: { organizationIds?: readonly string[] },
): Promise<void> {
  const seller = await tx
    .selectFrom('seller_profile')
    .select('transfer_account_prefix')
    .where('id', '=', 1)
    .executeTakeFirst();
  const prefix = seller?.transfer_account_prefix;
  if (!prefix) return;
  let query = tx
    .selectFrom('organizations')
    .select(['id', sql<string>`nextval('transfer_account_numbers')`.as('serial')])
    .where('transfer_account', 'is', null)
    .orderBy('created_at')
    .orderBy('id');
  if (options.organizationIds) {
    if (options.organizationIds.length === 0) return;
    query = query.where('id', 'in', options.organizationIds);
  }
  const rows = await query.execute();
  if (rows.length === 0) return;
  const numbers = rows.map((row) => ({
    id: row.id,
    number: transferAccountNumber(prefix, BigInt(row.serial)),
  }));
  await sql`update organizations o set transfer_account = v.number
    from (select unnest(${numbers.map((n) => n.id)}::text[]) as id, unnest(${numbers.map((n) => n.number)}::text[]) as number) v
    where o.id = v.id and o.transfer_account is null`.execute(tx);
}
