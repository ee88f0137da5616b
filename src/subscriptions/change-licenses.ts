import { sql } from 'kysely';
import { recordAudit } from '../audit/record-audit.js';
import type { Actor } from '../auth/actor.js';
import { issueInvoice } from '../billing/issue-invoice.js';
import type { Db } from '../db/connect.js';
import type { PaymentStatus } from '../db/schema.js';
import type { CurrencyCode } from '../domain/money.js';
import { can } from '../domain/permissions.js';
import { prorateAddedLicenses, quoteRenewal } from '../domain/pricing.js';
import type { PaymentGateway } from '../gateway/payment-gateway.js';
import { AppError } from '../http/errors.js';
import { chargeSubscriptionCard } from '../payments/charge-subscription-card.js';

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
 * Changes a subscription's license count. Added licenses are invoiced now, prorated to the days left
 * in the period, and charged to the subscription's card; removed ones take effect at the next renewal.
 * With `preview`, nothing is saved: the same figures, before the admin confirms.
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
  if (!can(actor.role, options.preview ? 'billing.read' : 'billing.manage'))
    throw new AppError('permission_denied');
  const subscription = await db
    .selectFrom('subscriptions')
    .innerJoin('organizations', 'organizations.id', 'subscriptions.organization_id')
    .innerJoin('prices', (join) =>
      join
        .onRef('prices.product_id', '=', 'subscriptions.product_id')
        .onRef('prices.billing_frequency', '=', 'subscriptions.billing_frequency')
        .onRef('prices.currency', '=', 'organizations.currency'),
    )
    .select([
      'subscriptions.id',
      'subscriptions.status',
      'subscriptions.licenses',
      'subscriptions.current_period_start',
      'subscriptions.current_period_end',
      'organizations.currency',
      'organizations.tax_rate_bp',
      'prices.unit_amount_minor',
    ])
    .where('subscriptions.id', '=', options.subscriptionId)
    .where('subscriptions.organization_id', '=', actor.organizationId)
    .where('subscriptions.status', '!=', 'deleted')
    .executeTakeFirst();
  if (!subscription) throw new AppError('subscription_not_found');
  const added = options.licenses - subscription.licenses;
  // A past-due subscription may shrink, but not grow, until its balance is settled.
  if (added > 0 && subscription.status !== 'active') throw new AppError('subscription_past_due');
  const today = now.toISOString().slice(0, 10);
  const proration = prorateAddedLicenses({
    unitAmountMinor: subscription.unit_amount_minor,
    addedLicenses: added,
    periodStart: subscription.current_period_start,
    periodEnd: subscription.current_period_end,
    today,
  });
  const prorationTaxMinor = (proration.subtotalMinor * BigInt(subscription.tax_rate_bp) + 5000n) / 10_000n;
  const change: LicenseChange = {
    previousLicenses: subscription.licenses,
    licenses: options.licenses,
    currency: subscription.currency,
    prorationTotalMinor: proration.subtotalMinor + prorationTaxMinor,
    prorationTaxMinor,
    daysLeft: proration.daysLeft,
    renewalTotalMinor: quoteRenewal({
      unitAmountMinor: subscription.unit_amount_minor,
      licenses: options.licenses,
      taxRateBp: subscription.tax_rate_bp,
    }).totalMinor,
    payment: null,
  };
  if (options.preview || added === 0) return change;

  const invoiced = await db.transaction().execute(async (tx) => {
    const locked = await tx
      .selectFrom('subscriptions')
      .select('licenses')
      .where('id', '=', subscription.id)
      .forUpdate()
      .executeTakeFirstOrThrow();
    // Someone else changed the count since it was read: their change stands, this one is refused.
    if (locked.licenses !== subscription.licenses) throw new AppError('licenses_changed');
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
        amountMinor: change.prorationTotalMinor,
        currency: subscription.currency,
      },
    });
    if (change.prorationTotalMinor === 0n) return false;
    const number = await sql<{
      number: string;
    }>`select 'INV-' || nextval('invoice_number_seq') as number`.execute(tx);
    await issueInvoice({
      tx,
      organizationId: actor.organizationId,
      subscriptionId: subscription.id,
      number: number.rows[0]?.number ?? '',
      currency: subscription.currency,
      amountMinor: change.prorationTotalMinor,
      licenses: added,
      unitAmountMinor: proration.unitProratedMinor,
      taxMinor: prorationTaxMinor,
      kind: 'proration',
      issuedOn: today,
      dueOn: today,
      periodStart: today,
      periodEnd: subscription.current_period_end,
    });
    return true;
  });
  if (invoiced) {
    const payment = await chargeSubscriptionCard({
      db,
      gateway: options.gateway,
      subscriptionId: subscription.id,
      now,
    });
    change.payment = payment?.status ?? null;
  }
  return change;
}
