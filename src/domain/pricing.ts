import { AppError } from './errors.js';
import { type CurrencyCode, divideToBillingPrecision, maxAmountMinor } from './money.js';

// The amount of one renewal invoice. The billing run computes the same in SQL, set-based; this is
// the rule in one place for previews and tests.

export interface RenewalQuote {
  subtotalMinor: bigint;
  taxMinor: bigint;
  totalMinor: bigint;
}

/** Tax as basis points of a subtotal, rounded half up to the currency's billing precision. */
export function taxOf(subtotalMinor: bigint, taxRateBp: number, currency: CurrencyCode): bigint {
  if (!Number.isInteger(taxRateBp) || taxRateBp < 0 || taxRateBp > 10_000)
    throw new RangeError('bad tax rate');
  return divideToBillingPrecision(subtotalMinor * BigInt(taxRateBp), 10_000n, currency);
}

/** Tax in basis points of the subtotal, rounded half up to the currency's billing precision. */
export function quoteRenewal(options: {
  unitAmountMinor: bigint;
  licenses: number;
  taxRateBp: number;
  currency: CurrencyCode;
}): RenewalQuote {
  if (!Number.isSafeInteger(options.licenses) || options.licenses <= 0)
    throw new RangeError('licenses must be a positive integer');
  const subtotalMinor = options.unitAmountMinor * BigInt(options.licenses);
  const taxMinor = taxOf(subtotalMinor, options.taxRateBp, options.currency);
  const totalMinor = subtotalMinor + taxMinor;
  // Checked before anything is written: an invoice past the largest amount would be saved, then fail
  // to be answered (amounts travel as safe JSON integers) and break every list that shows it.
  if (totalMinor > maxAmountMinor)
    throw new AppError('validation_failed', { field: 'licenses', reason: 'amount_too_large' });
  return { subtotalMinor, taxMinor, totalMinor };
}

const dayMs = 86_400_000;

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / dayMs);
}

/**
 * Licenses added mid-period are billed now for the days left in the period: each added license costs
 * its price × days left ÷ days in the period, rounded half up to the minor unit. Licenses removed
 * take effect at the next renewal, with no credit.
 */
export function prorateAddedLicenses(options: {
  unitAmountMinor: bigint;
  currency: CurrencyCode;
  addedLicenses: number;
  periodStart: string;
  periodEnd: string;
  today: string;
}): { daysLeft: number; daysInPeriod: number; unitProratedMinor: bigint; subtotalMinor: bigint } {
  const daysInPeriod = daysBetween(options.periodStart, options.periodEnd);
  const daysLeft = Math.max(0, Math.min(daysInPeriod, daysBetween(options.today, options.periodEnd)));
  if (options.addedLicenses <= 0 || daysInPeriod <= 0 || daysLeft === 0) {
    return { daysLeft, daysInPeriod, unitProratedMinor: 0n, subtotalMinor: 0n };
  }
  const unitProratedMinor = divideToBillingPrecision(
    options.unitAmountMinor * BigInt(daysLeft),
    BigInt(daysInPeriod),
    options.currency,
  );
  return {
    daysLeft,
    daysInPeriod,
    unitProratedMinor,
    subtotalMinor: unitProratedMinor * BigInt(options.addedLicenses),
  };
}

/**
 * Switching a subscription's price now, mid-period: the difference between the two prices for the days
 * left, per license, as added licenses are prorated (the same rounding). Up, it is billed now; down, it
 * is the customer's credit. Tax on it at the organization's rate.
 */
export function quotePriceSwitch(options: {
  fromUnitAmountMinor: bigint;
  toUnitAmountMinor: bigint;
  licenses: number;
  currency: CurrencyCode;
  taxRateBp: number;
  periodStart: string;
  periodEnd: string;
  today: string;
}): {
  direction: 'charge' | 'credit' | 'none';
  subtotalMinor: bigint;
  taxMinor: bigint;
  totalMinor: bigint;
  daysLeft: number;
  unitProratedMinor: bigint;
} {
  const difference = options.toUnitAmountMinor - options.fromUnitAmountMinor;
  const prorated = prorateAddedLicenses({
    unitAmountMinor: difference < 0n ? -difference : difference,
    currency: options.currency,
    addedLicenses: options.licenses,
    periodStart: options.periodStart,
    periodEnd: options.periodEnd,
    today: options.today,
  });
  const taxMinor = taxOf(prorated.subtotalMinor, options.taxRateBp, options.currency);
  const totalMinor = prorated.subtotalMinor + taxMinor;
  return {
    direction: totalMinor === 0n ? 'none' : difference > 0n ? 'charge' : 'credit',
    subtotalMinor: prorated.subtotalMinor,
    taxMinor,
    totalMinor,
    daysLeft: prorated.daysLeft,
    unitProratedMinor: prorated.unitProratedMinor,
  };
}
