import type { Kysely, Selectable } from 'kysely';
import type { SubscriptionObject } from '../contract/objects.js';
import type { Database, SubscriptionTable } from '../db/schema.js';

/** A subscription as the provider API's GET answers it, and as its events carry it. */
export function toSubscriptionObject(row: Selectable<SubscriptionTable>): SubscriptionObject {
  return {
    object: 'subscription',
    id: row.id,
    organizationId: row.organization_id,
    productId: row.product_id,
    priceId: row.price_id,
    licenses: row.licenses,
    billingFrequency: row.billing_frequency,
    status: row.status,
    recurringBilling: row.recurring_billing,
    currentPeriodStart: row.current_period_start,
    currentPeriodEnd: row.current_period_end,
    pastDueSince: row.past_due_since,
    createdAt: row.created_at,
  };
}

/** The objects of these subscriptions, by id (one query, whatever their number). */
export async function readSubscriptionObjects(
  db: Kysely<Database>,
  ids: readonly string[],
): Promise<Map<string, SubscriptionObject>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('subscriptions')
    .selectAll()
    .where('id', 'in', [...ids])
    .execute();
  return new Map(rows.map((row) => [row.id, toSubscriptionObject(row)]));
}
