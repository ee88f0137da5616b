import { describe, expect, it } from 'vitest';
import { detectBrand, isExpired, isPlausibleExpiry, normalizeCardNumber, passesLuhn } from './card.js';

describe('card checks', () => {
  it.each([
    ['4242424242424242', true],
    ['4242 4242 4242 4241', false],
    ['4000000000000002', true],
    ['5555555555554444', true],
    ['1234', false],
    ['abcd', false],
  ])('luhn(%s) is %s', (input, expected) => {
    expect(passesLuhn(normalizeCardNumber(input))).toBe(expected);
  });

  it.each([
    ['4242424242424242', 'visa'],
    ['5555555555554444', 'mastercard'],
    ['378282246310005', 'amex'],
    ['3566002020360505', 'jcb'],
    ['6011111111111117', 'unknown'],
  ])('brand of %s is %s', (digits, brand) => {
    expect(detectBrand(digits)).toBe(brand);
  });

  const now = new Date('2026-11-25T00:00:00Z');
  it.each([
    [{ expMonth: 11, expYear: 2026 }, false],
    [{ expMonth: 10, expYear: 2026 }, true],
    [{ expMonth: 1, expYear: 2027 }, false],
    [{ expMonth: 12, expYear: 2025 }, true],
  ])('expiry %o expired: %s', (expiry, expected) => {
    expect(isExpired(expiry, now)).toBe(expected);
  });

  it('rejects impossible months and far-future years', () => {
    expect(isPlausibleExpiry({ expMonth: 13, expYear: 2027 }, now)).toBe(false);
    expect(isPlausibleExpiry({ expMonth: 0, expYear: 2027 }, now)).toBe(false);
    expect(isPlausibleExpiry({ expMonth: 5, expYear: 2060 }, now)).toBe(false);
    expect(isPlausibleExpiry({ expMonth: 5, expYear: 2030 }, now)).toBe(true);
  });
});
