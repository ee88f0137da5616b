import type { Db } from '../db/connect.js';
import type { BillingFrequency } from '../db/schema.js';
import { AppError } from '../domain/errors.js';
import type { CurrencyCode } from '../domain/money.js';
import { quotePriceSwitch, quoteRenewal } from '../domain/pricing.js';
import { readSubscriptionForChange } from './read-subscription-for-change.js';

// What switching a subscription's price does, shared by the preview and the switch: one computation.

export interface PriceSwitch {
  when: 'now' | 'period_end';
  fromPriceId: string;
  toPriceId: string;
  currency: CurrencyCode;
  /** Now: billed for the days left (charge), or credited to the customer's balance (credit). */
  direction: 'charge' | 'credit' | 'none';
  amountMinor: bigint;
  taxMinor: bigint;
  daysLeft: number;
  /** What each renewal costs from the next one on, tax included. */
  renewalTotalMinor: bigint;
  billingFrequency: BillingFrequency;
}

/**
 * Reads the subscription (locked when switching) and the price asked for, checks the switch can be
 * made, and quotes it. Now: a price of the same frequency as the period being billed (the period's
 * length stays), any product. At the period's end: a price of the same product, any frequency (the
 * renewal is what changes, as an admin's frequency change).
 */
export async function quoteSwitch(
  tx: Db,
  options: {
    subscriptionId: string;
    priceId: string;
    when: 'now' | 'period_end';
    today: string;
    lock: boolean;
  },
) {
  const subscription = await readSubscriptionForChange(tx, {
    subscriptionId: options.subscriptionId,
    lock: options.lock,
  });
  const price = await tx
    .selectFrom('prices')
    .select(['id', 'product_id', 'currency', 'billing_frequency', 'unit_amount_minor'])
    .where('id', '=', options.priceId)
    .executeTakeFirst();
  if (!price) throw new AppError('not_found');
  if (price.currency !== subscription.currency)
    throw new AppError('currency_mismatch', { currency: subscription.currency });
  // Its own price already: nothing to switch (asked again, the answer is the same).
  const unchanged = price.id === subscription.price_id;
  if (!unchanged && options.when === 'now' && price.billing_frequency !== subscription.period_frequency)
    throw new AppError('validation_failed', { field: 'priceId', reason: 'frequency_changes_at_period_end' });
  if (!unchanged && options.when === 'period_end' && price.product_id !== subscription.product_id)
    throw new AppError('validation_failed', { field: 'priceId', reason: 'another_product_switches_now' });
  // Growing a past-due subscription waits for its balance, as adding licenses does.
  if (!unchanged && options.when === 'now' && subscription.status !== 'active')
    throw new AppError('subscription_past_due');
  const quoted = quotePriceSwitch({
    fromUnitAmountMinor: subscription.period_unit_amount_minor,
    toUnitAmountMinor: price.unit_amount_minor,
    licenses: subscription.licenses,
    currency: subscription.currency,
    taxRateBp: subscription.tax_rate_bp,
    periodStart: subscription.current_period_start,
    periodEnd: subscription.current_period_end,
    today: options.today,
  });
  const renewal = quoteRenewal({
    unitAmountMinor: price.unit_amount_minor,
    licenses: subscription.licenses,
    taxRateBp: subscription.tax_rate_bp,
    currency: subscription.currency,
  });
  const change: PriceSwitch = {
    when: options.when,
    fromPriceId: subscription.price_id,
    toPriceId: price.id,
    currency: subscription.currency,
    direction: options.when === 'now' && !unchanged ? quoted.direction : 'none',
    amountMinor: options.when === 'now' && !unchanged ? quoted.totalMinor : 0n,
    taxMinor: options.when === 'now' && !unchanged ? quoted.taxMinor : 0n,
    daysLeft: quoted.daysLeft,
    renewalTotalMinor: renewal.totalMinor,
    billingFrequency: price.billing_frequency,
  };
  return { subscription, price, change, unchanged, unitProratedMinor: quoted.unitProratedMinor };
}
