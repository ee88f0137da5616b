import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema.js';
import { AppError } from '../domain/errors.js';

/**
 * What a change to a subscription is quoted from (licenses, a price switch; admin's or provider's): the
 * subscription, its organization's billing terms, and two prices: the current period's (it prices what
 * is added now) and the next renewal's. Locked when the change is being made. Scoped to one
 * organization for an admin; the provider sees all its customers'.
 */
export async function readSubscriptionForChange(
  db: Kysely<Database>,
  options: { subscriptionId: string; organizationId?: string | undefined; lock: boolean },
) {
  const subscription = await db
    .selectFrom('subscriptions')
    .innerJoin('organizations', 'organizations.id', 'subscriptions.organization_id')
    .innerJoin('prices as period_price', (join) =>
      join.on(
        'period_price.id',
        '=',
        sql<string>`coalesce(subscriptions.period_price_id, subscriptions.price_id)`,
      ),
    )
    .innerJoin('prices as renewal_price', 'renewal_price.id', 'subscriptions.price_id')
    .select([
      'subscriptions.id',
      'subscriptions.organization_id',
      'subscriptions.product_id',
      'subscriptions.price_id',
      'subscriptions.status',
      'subscriptions.licenses',
      'subscriptions.current_period_start',
      'subscriptions.current_period_end',
      'period_price.billing_frequency as period_frequency',
      'period_price.unit_amount_minor as period_unit_amount_minor',
      'renewal_price.unit_amount_minor as renewal_unit_amount_minor',
      'organizations.currency',
      'organizations.tax_rate_bp',
      'organizations.collection_method',
      'organizations.days_until_due',
    ])
    .where('subscriptions.id', '=', options.subscriptionId)
    .where('subscriptions.status', '!=', 'deleted')
    .$if(options.organizationId !== undefined, (q) =>
      q.where('subscriptions.organization_id', '=', options.organizationId ?? ''),
    )
    .$if(options.lock, (q) => q.forUpdate('subscriptions'))
    .executeTakeFirst();
  if (!subscription) throw new AppError('subscription_not_found');
  return subscription;
}

export type SubscriptionForChange = Awaited<ReturnType<typeof readSubscriptionForChange>>;
