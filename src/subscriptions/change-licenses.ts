import { type Kysely, sql } from 'kysely';
import { recordAudit } from '../audit/record-audit.js';
import type { Actor } from '../auth/actor.js';
import { chargeSubscriptionCard } from '../billing/charge-subscription-card.js';
import { issueInvoice } from '../billing/issue-invoice.js';
import type { Db } from '../db/connect.js';
import type { BillingFrequency, Database, PaymentStatus } from '../db/schema.js';
import { AppError } from '../domain/errors.js';
import type { CurrencyCode } from '../domain/money.js';
import { can } from '../domain/permissions.js';
import { prorateAddedLicenses, quoteRenewal, taxOf } from '../domain/pricing.js';
import type { PaymentGateway } from '../gateway/payment-gateway.js';

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

/**
 * Sets a subscription's license count. Added licenses are invoiced now, prorated to the days left in
 * the period, and charged to the subscription's card; removed ones take effect at the next renewal.
 * With `preview`, nothing is saved: the same figures, before the admin confirms. Applying reads the
 * subscription under its row lock, so two changes at once are applied one after the other, each
 * billing only what it adds to the count it found.
 */
export async function changeLicenses(options: {
  db: Db;
  gateway: PaymentGateway;
  actor: Actor;
  subscriptionId: string;
  licenses: number;
  preview?: boolean;
  now?: Date;
}): Promise<LicenseChange> {
  const { db, actor } = options;
  const now = options.now ?? new Date();
  const today = now.toISOString().slice(0, 10);
  if (!can(actor.role, options.preview ? 'billing.read' : 'billing.manage'))
    throw new AppError('permission_denied');
  if (options.preview) {
    const subscription = await readSubscription(db, actor, options.subscriptionId, false);
    return quote(subscription, options.licenses, today).change;
  }

  const result = await db.transaction().execute(async (tx) => {
    const subscription = await readSubscription(tx, actor, options.subscriptionId, true);
    const quoted = quote(subscription, options.licenses, today);
    if (quoted.added === 0) return { ...quoted, invoiced: false };
    await tx
      .updateTable('subscriptions')
      .set({ licenses: options.licenses })
      .where('id', '=', subscription.id)
      .execute();
    await recordAudit({
      tx,
      organizationId: actor.organizationId,
      actorUserId: actor.userId,
      action: 'subscription.licenses_changed',
      targetType: 'subscription',
      targetId: subscription.id,
      details: {
        from: subscription.licenses,
        to: options.licenses,
        amountMinor: quoted.change.prorationTotalMinor,
        currency: subscription.currency,
      },
    });
    if (quoted.change.prorationTotalMinor === 0n) return { ...quoted, invoiced: false };
    const number = await sql<{
      number: string;
    }>`select 'INV-' || nextval('invoice_number_seq') as number`.execute(tx);
    await issueInvoice({
      tx,
      organizationId: actor.organizationId,
      subscriptionId: subscription.id,
      number: number.rows[0]?.number ?? '',
      currency: subscription.currency,
      amountMinor: quoted.change.prorationTotalMinor,
      licenses: quoted.added,
      unitAmountMinor: quoted.unitProratedMinor,
      taxMinor: quoted.change.prorationTaxMinor,
      kind: 'proration',
      issuedOn: today,
      dueOn: today,
      periodStart: today,
      periodEnd: subscription.current_period_end,
    });
    return { ...quoted, invoiced: true };
  });
  if (result.invoiced) {
    const payment = await chargeSubscriptionCard({
      db,
      gateway: options.gateway,
      subscriptionId: options.subscriptionId,
      now,
    });
    result.change.payment = payment?.status ?? null;
  }
  return result.change;
}

type SubscriptionForLicenses = Awaited<ReturnType<typeof readSubscription>>;

async function readSubscription(db: Kysely<Database>, actor: Actor, subscriptionId: string, lock: boolean) {
  const subscription = await db
    .selectFrom('subscriptions')
    .innerJoin('organizations', 'organizations.id', 'subscriptions.organization_id')
    // Two prices: the current period's (it prices licenses added now) and the next renewal's.
    .innerJoin('prices as period_price', (join) =>
      join
        .onRef('period_price.product_id', '=', 'subscriptions.product_id')
        .on(
          'period_price.billing_frequency',
          '=',
          sql<BillingFrequency>`coalesce(subscriptions.period_billing_frequency, subscriptions.billing_frequency)`,
        )
        .onRef('period_price.currency', '=', 'organizations.currency'),
    )
    .innerJoin('prices as renewal_price', (join) =>
      join
        .onRef('renewal_price.product_id', '=', 'subscriptions.product_id')
        .onRef('renewal_price.billing_frequency', '=', 'subscriptions.billing_frequency')
        .onRef('renewal_price.currency', '=', 'organizations.currency'),
    )
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

function quote(subscription: SubscriptionForLicenses, licenses: number, today: string) {
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
