import { type Kysely, sql } from 'kysely';
import type { PaymentObject } from '../contract/objects.js';
import type { Database } from '../db/schema.js';

/** Payments as the provider API's GET answers them, and as their events carry them, by id. */
export async function readPaymentObjects(
  db: Kysely<Database>,
  ids: readonly string[],
): Promise<Map<string, PaymentObject>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('payments')
    .select([
      'id',
      'organization_id',
      'subscription_id',
      'status',
      'currency',
      'amount_minor',
      'failure_code',
      'card_brand',
      'card_last4',
      'created_by_user_id',
      'created_at',
      sql<string>`coalesce((select sum(r.amount_minor) from refunds r
        where r.payment_id = payments.id and r.status = 'succeeded'), 0)::text`.as('refunded_minor'),
      sql<string[]>`coalesce((select array_agg(pi.invoice_id order by pi.invoice_id) from payment_invoices pi
        where pi.payment_id = payments.id), '{}')`.as('invoice_ids'),
    ])
    .where('id', 'in', [...ids])
    .execute();
  return new Map(
    rows.map((row) => [
      row.id,
      {
        object: 'payment',
        id: row.id,
        organizationId: row.organization_id,
        subscriptionId: row.subscription_id,
        status: row.status,
        currency: row.currency,
        amountMinor: row.amount_minor,
        amountRefundedMinor: BigInt(row.refunded_minor),
        failureCode: row.failure_code,
        card: { brand: row.card_brand, last4: row.card_last4 },
        offSession: row.created_by_user_id === null,
        invoiceIds: row.invoice_ids,
        createdAt: row.created_at,
      },
    ]),
  );
}
