import type { Actor } from '../auth/actor.js';
import type { PaymentStatus } from '../db/schema.js';
import { AppError } from '../domain/errors.js';
import type { CurrencyCode } from '../domain/money.js';
import { prorateAddedLicenses, quoteRenewal, taxOf } from '../domain/pricing.js';
import type { SubscriptionForChange } from './read-subscription-for-change.js';

// What a change of license count bills: shared by previewLicenseChange and changeLicenses, so the
// preview and what is charged are one computation.

/** Who changes a subscription: one of its organization's admins, or the provider through an API key. */
export type ChangedBy = { actor: Actor } | { apiKeyName: string };

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

export function quote(subscription: SubscriptionForChange, licenses: number, today: string) {
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
