import type { Kysely } from 'kysely';
import type { RefundObject } from '../contract/objects.js';
import type { Database } from '../db/schema.js';

/** Refunds as the provider API's GET answers them, and as their events carry them, by id. */
export async function readRefundObjects(
  db: Kysely<Database>,
  ids: readonly string[],
): Promise<Map<string, RefundObject>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('refunds')
    .innerJoin('payments', 'payments.id', 'refunds.payment_id')
    .select([
      'refunds.id',
      'refunds.payment_id',
      'refunds.organization_id',
      'payments.subscription_id',
      'refunds.status',
      'refunds.currency',
      'refunds.amount_minor',
      'refunds.reason',
      'refunds.note',
      'refunds.failure_code',
      'refunds.created_at',
      'refunds.succeeded_at',
    ])
    .where('refunds.id', 'in', [...ids])
    .execute();
  return new Map(rows.map((row) => [row.id, toRefundObject(row)]));
}

function toRefundObject(row: {
  id: string;
  payment_id: string;
  organization_id: string;
  subscription_id: string;
  status: RefundObject['status'];
  currency: RefundObject['currency'];
  amount_minor: bigint;
  reason: RefundObject['reason'];
  note: string | null;
  failure_code: string | null;
  created_at: Date;
  succeeded_at: Date | null;
}): RefundObject {
  return {
    object: 'refund',
    id: row.id,
    paymentId: row.payment_id,
    organizationId: row.organization_id,
    subscriptionId: row.subscription_id,
    status: row.status,
    currency: row.currency,
    amountMinor: row.amount_minor,
    reason: row.reason,
    note: row.note,
    failureCode: row.failure_code,
    createdAt: row.created_at,
    succeededAt: row.succeeded_at,
  };
}
