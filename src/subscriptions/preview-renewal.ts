import type { Actor } from '../auth/actor.js';
import { findActivePrice } from '../catalogue/find-active-price.js';
import type { Db } from '../db/connect.js';
import type { BillingFrequency } from '../db/schema.js';
import { AppError } from '../domain/errors.js';
import type { CurrencyCode } from '../domain/money.js';
import { periodEndAfter } from '../domain/periods.js';
import { can } from '../domain/permissions.js';
import { quoteRenewal } from '../domain/pricing.js';

export interface RenewalPreview {
  recurringBilling: boolean;
  billingFrequency: BillingFrequency;
  /** When the next invoice comes; null when recurring billing is off and the subscription ends instead. */
  nextInvoiceDate: string | null;
  periodEnd: string | null;
  currency: CurrencyCode;
  subtotalMinor: bigint;
  taxMinor: bigint;
  totalMinor: bigint;
}

/** What the next invoice would be with the given settings, before anything is saved. */
export async function previewRenewal(options: {
  db: Db;
  actor: Actor;
  subscriptionId: string;
  billingFrequency?: BillingFrequency | undefined;
  recurringBilling?: boolean | undefined;
}): Promise<RenewalPreview> {
  const { db, actor } = options;
  if (!can(actor.role, 'billing.read')) throw new AppError('permission_denied');
  const subscription = await db
    .selectFrom('subscriptions')
    .innerJoin('organizations', 'organizations.id', 'subscriptions.organization_id')
    .select([
      'subscriptions.product_id',
      'subscriptions.price_id',
      'subscriptions.licenses',
      'subscriptions.billing_frequency',
      'subscriptions.recurring_billing',
      'subscriptions.current_period_end',
      'subscriptions.billing_anchor_day',
      'organizations.currency',
      'organizations.tax_rate_bp',
    ])
    .where('subscriptions.id', '=', options.subscriptionId)
    .where('subscriptions.organization_id', '=', actor.organizationId)
    .where('subscriptions.status', '!=', 'deleted')
    .executeTakeFirst();
  if (!subscription) throw new AppError('subscription_not_found');
  const billingFrequency = options.billingFrequency ?? subscription.billing_frequency;
  const recurringBilling = options.recurringBilling ?? subscription.recurring_billing;
  // The same frequency renews at the subscription's own price (even one the catalogue has since
  // replaced); another frequency at what the catalogue sells it at today.
  const price =
    billingFrequency === subscription.billing_frequency
      ? await db
          .selectFrom('prices')
          .select('unit_amount_minor as unitAmountMinor')
          .where('id', '=', subscription.price_id)
          .executeTakeFirst()
      : await findActivePrice(db, {
          productId: subscription.product_id,
          currency: subscription.currency,
          billingFrequency,
        });
  if (!price) throw new AppError('validation_failed', { field: 'billingFrequency' });
  const quote = quoteRenewal({
    unitAmountMinor: price.unitAmountMinor,
    licenses: subscription.licenses,
    taxRateBp: subscription.tax_rate_bp,
    currency: subscription.currency,
  });
  return {
    recurringBilling,
    billingFrequency,
    nextInvoiceDate: recurringBilling ? subscription.current_period_end : null,
    periodEnd: recurringBilling
      ? periodEndAfter(subscription.current_period_end, billingFrequency, subscription.billing_anchor_day)
      : null,
    currency: subscription.currency,
    ...quote,
  };
}
