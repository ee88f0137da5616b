import { type Kysely, sql } from 'kysely';
import type { BankTransferObject } from '../contract/objects.js';
import type { Database } from '../db/schema.js';

/** Bank transfers as the provider API's GET answers them, and as their events carry them, by id. */
export async function readBankTransferObjects(
  db: Kysely<Database>,
  ids: readonly string[],
): Promise<Map<string, BankTransferObject>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('bank_transfers')
    .selectAll()
    .select(
      sql<string[]>`coalesce((select array_agg(p.id order by p.created_at, p.id) from payments p
        where p.bank_transfer_id = bank_transfers.id), '{}')`.as('payment_ids'),
    )
    .where('id', 'in', [...ids])
    .execute();
  return new Map(
    rows.map((row) => [
      row.id,
      {
        object: 'bank_transfer',
        id: row.id,
        organizationId: row.organization_id,
        accountNumber: row.account_number,
        bankReference: row.bank_reference,
        currency: row.currency,
        amountMinor: row.amount_minor,
        receivedOn: row.received_on,
        memo: row.memo,
        amountAppliedMinor: row.applied_minor,
        amountCreditedMinor: row.credited_minor,
        paymentIds: row.payment_ids,
        createdAt: row.created_at,
      },
    ]),
  );
}
