import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CurrencyCode, supportedCurrencies } from './money.js';
import { periodEndAfter } from './periods.js';
import { prorateAddedLicenses, quoteRenewal, taxOf } from './pricing.js';

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
    expect(quoteRenewal({ unitAmountMinor: unit, licenses, taxRateBp: bp, currency: 'USD' })).toEqual({
      subtotalMinor: subtotal,
      taxMinor: tax,
      totalMinor: subtotal + tax,
    });
  });
  it('refuses impossible inputs', () => {
    expect(() => quoteRenewal({ unitAmountMinor: 1n, licenses: 0, taxRateBp: 0, currency: 'USD' })).toThrow(
      RangeError,
    );
    expect(() =>
      quoteRenewal({ unitAmountMinor: 1n, licenses: 1, taxRateBp: 10_001, currency: 'USD' }),
    ).toThrow(RangeError);
  });
});

describe("periodEndAfter: on the anchor day, or the month's last day when shorter", () => {
  it.each([
    ['2027-01-15', 'monthly', 15, '2027-02-15'],
    ['2027-01-31', 'monthly', 31, '2027-02-28'],
    ['2027-02-28', 'monthly', 31, '2027-03-31'],
    ['2027-03-31', 'monthly', 31, '2027-04-30'],
    ['2027-04-30', 'monthly', 31, '2027-05-31'],
    ['2027-02-28', 'monthly', 30, '2027-03-30'],
    ['2028-01-31', 'monthly', 31, '2028-02-29'],
    ['2028-02-29', 'monthly', 29, '2028-03-29'],
    ['2027-12-15', 'monthly', 15, '2028-01-15'],
    ['2027-01-15', 'annual', 15, '2028-01-15'],
    ['2028-02-29', 'annual', 29, '2029-02-28'],
    ['2029-02-28', 'annual', 29, '2030-02-28'],
    ['2031-02-28', 'annual', 29, '2032-02-29'],
  ] as const)('%s + %s anchored on %i = %s', (from, frequency, anchorDay, expected) => {
    expect(periodEndAfter(from, frequency, anchorDay)).toBe(expected);
  });

  it("without an anchor, takes the start's day", () => {
    expect(periodEndAfter('2027-01-31', 'monthly')).toBe('2027-02-28');
  });
});

describe('prorateAddedLicenses', () => {
  it.each([
    // 5 licenses at NT$99 with 15 of 30 days left: NT$49.50 each.
    {
      unit: 9900n,
      added: 5,
      start: '2027-01-01',
      end: '2027-01-31',
      today: '2027-01-16',
      daysLeft: 15,
      each: 4950n,
    },
    // A whole period left costs the whole price.
    {
      unit: 1250n,
      added: 2,
      start: '2027-01-15',
      end: '2027-02-15',
      today: '2027-01-15',
      daysLeft: 31,
      each: 1250n,
    },
    // 1 of 31 days: 1250 / 31 = 40.32 → 40.
    {
      unit: 1250n,
      added: 1,
      start: '2027-01-15',
      end: '2027-02-15',
      today: '2027-02-14',
      daysLeft: 1,
      each: 40n,
    },
    // 10 of 365 days of an annual price: 15000 × 10 / 365 = 410.96 → 411.
    {
      unit: 15000n,
      added: 3,
      start: '2027-01-01',
      end: '2028-01-01',
      today: '2027-12-22',
      daysLeft: 10,
      each: 411n,
    },
    // Period over, or licenses removed: nothing to bill now.
    {
      unit: 1250n,
      added: 4,
      start: '2027-01-15',
      end: '2027-02-15',
      today: '2027-02-15',
      daysLeft: 0,
      each: 0n,
    },
    {
      unit: 1250n,
      added: -3,
      start: '2027-01-15',
      end: '2027-02-15',
      today: '2027-01-20',
      daysLeft: 26,
      each: 0n,
    },
  ])(
    '$added × $unit, $daysLeft days left → $each each',
    ({ unit, added, start, end, today, daysLeft, each }) => {
      const result = prorateAddedLicenses({
        unitAmountMinor: unit,
        currency: 'USD',
        addedLicenses: added,
        periodStart: start,
        periodEnd: end,
        today,
      });
      expect(result.daysLeft).toBe(daysLeft);
      expect(result.unitProratedMinor).toBe(each);
      expect(result.subtotalMinor).toBe(added > 0 ? each * BigInt(added) : 0n);
    },
  );
});

describe('billing precision per currency', () => {
  it('prorates New Taiwan dollars to whole dollars, half up: NT$260 × 27/31 is NT$226 (not NT$226.45)', () => {
    const result = prorateAddedLicenses({
      unitAmountMinor: 26_000n,
      currency: 'TWD',
      addedLicenses: 1,
      periodStart: '2027-01-01',
      periodEnd: '2027-02-01',
      today: '2027-01-05',
    });
    expect(result).toMatchObject({ daysLeft: 27, daysInPeriod: 31, unitProratedMinor: 22_600n });
    // The same in US dollars keeps its cents: $260 × 27/31 = $226.45.
    expect(
      prorateAddedLicenses({
        unitAmountMinor: 26_000n,
        currency: 'USD',
        addedLicenses: 1,
        periodStart: '2027-01-01',
        periodEnd: '2027-02-01',
        today: '2027-01-05',
      }).unitProratedMinor,
    ).toBe(22_645n);
  });

  it.each([
    ['TWD', 33_000n, 500, 1_700n], // NT$330 × 5% = NT$16.5 → NT$17
    ['TWD', 32_900n, 500, 1_600n], // NT$329 × 5% = NT$16.45 → NT$16
    ['USD', 33_000n, 500, 1_650n],
    ['JPY', 333n, 1000, 33n], // ¥33.3 → ¥33
  ] as const)('tax in %s on %s minor units at %s bp is %s', (currency, subtotal, bp, tax) => {
    expect(taxOf(subtotal, bp, currency)).toBe(tax);
  });

  it('every computed amount is a whole billing step, and an invoice’s lines add up to its total', () => {
    const whole = (amount: bigint, currency: CurrencyCode) =>
      currency === 'TWD' ? amount % 100n === 0n : true;
    fc.assert(
      fc.property(
        fc.constantFrom(...supportedCurrencies),
        fc.integer({ min: 1, max: 100_000 }),
        fc.integer({ min: 1, max: 500 }),
        fc.integer({ min: 0, max: 10_000 }),
        fc.integer({ min: 0, max: 30 }),
        (currency, unitWhole, licenses, bp, dayOffset) => {
          // Catalogue prices are whole billing steps themselves (a TWD price has no cents).
          const unit = BigInt(unitWhole) * (currency === 'TWD' ? 100n : 1n);
          const quote = quoteRenewal({ unitAmountMinor: unit, licenses, taxRateBp: bp, currency });
          expect(whole(quote.taxMinor, currency) && whole(quote.subtotalMinor, currency)).toBe(true);
          expect(quote.totalMinor).toBe(quote.subtotalMinor + quote.taxMinor);
          const today = new Date(Date.UTC(2027, 0, 1 + dayOffset)).toISOString().slice(0, 10);
          const proration = prorateAddedLicenses({
            unitAmountMinor: unit,
            currency,
            addedLicenses: licenses,
            periodStart: '2027-01-01',
            periodEnd: '2027-02-01',
            today,
          });
          expect(whole(proration.unitProratedMinor, currency)).toBe(true);
          expect(proration.subtotalMinor).toBe(proration.unitProratedMinor * BigInt(licenses));
          expect(proration.unitProratedMinor <= unit).toBe(true);
        },
      ),
    );
  });
});
