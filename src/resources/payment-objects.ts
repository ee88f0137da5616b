import { type Kysely, sql } from 'kysely';
import { cardSummaryOf, type PaymentObject } from '../contract/objects.js';
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
      'method',
      'card_brand',
      'card_last4',
      'reference',
      'received_on',
      'created_by_user_id',
      'bank_transfer_id',
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
        method: row.method,
        card: cardSummaryOf(row.card_brand, row.card_last4),
        reference: row.reference,
        receivedOn: row.received_on,
        // Only a card is charged with or without its holder; money recorded outside a card is neither.
        offSession: row.method === 'card' && row.created_by_user_id === null,
        bankTransferId: row.bank_transfer_id,
        invoiceIds: row.invoice_ids,
        createdAt: row.created_at,
      },
    ]),
  );
}
