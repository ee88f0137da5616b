import { type Kysely, sql } from 'kysely';
import type { Actor } from '../auth/actor.js';
import type { Database, PaymentStatus } from '../db/schema.js';
import { AppError } from '../domain/errors.js';
import type { CurrencyCode } from '../domain/money.js';
import { prorateAddedLicenses, quoteRenewal, taxOf } from '../domain/pricing.js';

// What a change of license count bills: shared by previewLicenseChange and changeLicenses, so the
// preview and what is charged are one computation.

export interface LicenseChange {
  previousLicenses: number;
  licenses: number;
  currency: CurrencyCode;
  /** What is billed now for licenses added mid-period; zero when licenses are removed. */
  prorationTotalMinor: bigint;
  prorationTaxMinor: bigint;
  daysLeft: number;
  /** What each renewal will cost from the next one on. */
  renewalTotalMinor: bigint;
  payment: PaymentStatus | null;
}

export type SubscriptionForLicenses = Awaited<ReturnType<typeof readSubscription>>;

export async function readSubscription(
  db: Kysely<Database>,
  actor: Actor,
  subscriptionId: string,
  lock: boolean,
) {
  const subscription = await db
    .selectFrom('subscriptions')
    .innerJoin('organizations', 'organizations.id', 'subscriptions.organization_id')
    // Two prices: the current period's (it prices licenses added now) and the next renewal's.
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
      'subscriptions.status',
      'subscriptions.licenses',
      'subscriptions.current_period_start',
      'subscriptions.current_period_end',
      'organizations.currency',
      'organizations.tax_rate_bp',
      'period_price.unit_amount_minor as period_unit_amount_minor',
      'renewal_price.unit_amount_minor as renewal_unit_amount_minor',
    ])
    .where('subscriptions.id', '=', subscriptionId)
    .where('subscriptions.organization_id', '=', actor.organizationId)
    .where('subscriptions.status', '!=', 'deleted')
    .$if(lock, (q) => q.forUpdate('subscriptions'))
    .executeTakeFirst();
  if (!subscription) throw new AppError('subscription_not_found');
  return subscription;
}

export function quote(subscription: SubscriptionForLicenses, licenses: number, today: string) {
  const added = licenses - subscription.licenses;
  // A past-due subscription may shrink, but not grow, until its balance is settled.
  if (added > 0 && subscription.status !== 'active') throw new AppError('subscription_past_due');
  const proration = prorateAddedLicenses({
    unitAmountMinor: subscription.period_unit_amount_minor,
    currency: subscription.currency,
    addedLicenses: added,
    periodStart: subscription.current_period_start,
    periodEnd: subscription.current_period_end,
    today,
  });
  const prorationTaxMinor = taxOf(proration.subtotalMinor, subscription.tax_rate_bp, subscription.currency);
  const change: LicenseChange = {
    previousLicenses: subscription.licenses,
    licenses,
    currency: subscription.currency,
    prorationTotalMinor: proration.subtotalMinor + prorationTaxMinor,
    prorationTaxMinor,
    daysLeft: proration.daysLeft,
    renewalTotalMinor: quoteRenewal({
      unitAmountMinor: subscription.renewal_unit_amount_minor,
      currency: subscription.currency,
      licenses,
      taxRateBp: subscription.tax_rate_bp,
    }).totalMinor,
    payment: null,
  };
  return { change, added, unitProratedMinor: proration.unitProratedMinor };
}
