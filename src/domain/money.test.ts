import { describe, expect, it } from 'vitest';
import { addMoney, formatMoney, minorToJson, multiplyMoney, sumMoney } from './money.js';

describe('formatMoney', () => {
  it.each([
    { amountMinor: 198000n, currency: 'TWD', locale: 'zh-TW', expected: 'NT$1,980' },
    { amountMinor: 198000n, currency: 'TWD', locale: 'en-US', expected: 'NT$1,980' },
    { amountMinor: 198050n, currency: 'TWD', locale: 'zh-TW', expected: 'NT$1,980.50' },
    { amountMinor: 123456n, currency: 'USD', locale: 'en-US', expected: '$1,234.56' },
    { amountMinor: 123456n, currency: 'USD', locale: 'zh-TW', expected: 'US$1,234.56' },
    { amountMinor: 5n, currency: 'USD', locale: 'en-US', expected: '$0.05' },
    { amountMinor: -250n, currency: 'USD', locale: 'en-US', expected: '-$2.50' },
    { amountMinor: 1500n, currency: 'JPY', locale: 'en-US', expected: '¥1,500' },
    // Past 2^53 a float would lose the last cent; the string path keeps it.
    { amountMinor: 9007199254740993n, currency: 'USD', locale: 'en-US', expected: '$90,071,992,547,409.93' },
  ])('$amountMinor $currency in $locale is $expected', ({ amountMinor, currency, locale, expected }) => {
    expect(formatMoney({ amountMinor, currency }, locale)).toBe(expected);
  });
});

describe('arithmetic', () => {
  it('adds and sums in minor units', () => {
    expect(addMoney({ amountMinor: 10n, currency: 'USD' }, { amountMinor: 5n, currency: 'USD' })).toEqual({
      amountMinor: 15n,
      currency: 'USD',
    });
    expect(sumMoney('TWD', [])).toEqual({ amountMinor: 0n, currency: 'TWD' });
  });

  it('refuses to mix currencies', () => {
    expect(() =>
      addMoney({ amountMinor: 1n, currency: 'USD' }, { amountMinor: 1n, currency: 'TWD' }),
    ).toThrow(/currency mismatch/);
  });

  it('multiplies by whole quantities only', () => {
    expect(multiplyMoney({ amountMinor: 66000n, currency: 'TWD' }, 25).amountMinor).toBe(1650000n);
    expect(() => multiplyMoney({ amountMinor: 1n, currency: 'USD' }, 1.5)).toThrow(RangeError);
  });

  it('refuses to put unsafe integers in JSON', () => {
    expect(minorToJson(12345n)).toBe(12345);
    expect(() => minorToJson(2n ** 60n)).toThrow(RangeError);
  });
});
