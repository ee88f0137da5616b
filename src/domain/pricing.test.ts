import { describe, expect, it } from 'vitest';
import { addBillingPeriod, quoteRenewal } from './pricing.js';

describe('quoteRenewal', () => {
  it.each([
    { unit: 1250n, licenses: 20, bp: 500, subtotal: 25000n, tax: 1250n },
    { unit: 66000n, licenses: 25, bp: 0, subtotal: 1650000n, tax: 0n },
    // 333 × 5% = 16.65 → 17 (half up)
    { unit: 333n, licenses: 1, bp: 500, subtotal: 333n, tax: 17n },
    // 330 × 5% = 16.5 → 17
    { unit: 330n, licenses: 1, bp: 500, subtotal: 330n, tax: 17n },
    { unit: 329n, licenses: 1, bp: 500, subtotal: 329n, tax: 16n },
  ])('$licenses × $unit at $bp bp', ({ unit, licenses, bp, subtotal, tax }) => {
    expect(quoteRenewal({ unitAmountMinor: unit, licenses, taxRateBp: bp })).toEqual({
      subtotalMinor: subtotal,
      taxMinor: tax,
      totalMinor: subtotal + tax,
    });
  });
  it('refuses impossible inputs', () => {
    expect(() => quoteRenewal({ unitAmountMinor: 1n, licenses: 0, taxRateBp: 0 })).toThrow(RangeError);
    expect(() => quoteRenewal({ unitAmountMinor: 1n, licenses: 1, taxRateBp: 10_001 })).toThrow(RangeError);
  });
});

describe('addBillingPeriod (as PostgreSQL adds an interval)', () => {
  it.each([
    ['2027-01-15', 'monthly', '2027-02-15'],
    ['2027-01-31', 'monthly', '2027-02-28'],
    ['2028-01-31', 'monthly', '2028-02-29'],
    ['2027-12-15', 'monthly', '2028-01-15'],
    ['2027-01-15', 'annual', '2028-01-15'],
    ['2028-02-29', 'annual', '2029-02-28'],
  ] as const)('%s + %s = %s', (from, frequency, expected) => {
    expect(addBillingPeriod(from, frequency)).toBe(expected);
  });
});
