// The amount of one renewal invoice. The billing run computes the same in SQL, set-based; this is
// the rule in one place for previews and tests.

export interface RenewalQuote {
  subtotalMinor: bigint;
  taxMinor: bigint;
  totalMinor: bigint;
}

/** Tax in basis points of the subtotal, rounded half up to the minor unit. */
export function quoteRenewal(options: {
  unitAmountMinor: bigint;
  licenses: number;
  taxRateBp: number;
}): RenewalQuote {
  if (!Number.isSafeInteger(options.licenses) || options.licenses <= 0)
    throw new RangeError('licenses must be a positive integer');
  if (!Number.isInteger(options.taxRateBp) || options.taxRateBp < 0 || options.taxRateBp > 10_000)
    throw new RangeError('bad tax rate');
  const subtotalMinor = options.unitAmountMinor * BigInt(options.licenses);
  const taxMinor = (subtotalMinor * BigInt(options.taxRateBp) + 5000n) / 10_000n;
  return { subtotalMinor, taxMinor, totalMinor: subtotalMinor + taxMinor };
}

/** The day after a period of one month or one year from `from` ('YYYY-MM-DD'), as PostgreSQL adds intervals. */
export function addBillingPeriod(from: string, frequency: 'monthly' | 'annual'): string {
  const [year = 0, month = 1, day = 1] = from.split('-').map(Number);
  const targetMonth = frequency === 'annual' ? month - 1 + 12 : month;
  const lastDay = new Date(Date.UTC(year, targetMonth + 1, 0)).getUTCDate();
  return new Date(Date.UTC(year, targetMonth, Math.min(day, lastDay))).toISOString().slice(0, 10);
}
