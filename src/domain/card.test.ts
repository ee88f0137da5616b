import { describe, expect, it } from 'vitest';
import {
  containsCardNumber,
  detectBrand,
  isExpired,
  isPlausibleExpiry,
  maskCardNumbers,
  normalizeCardNumber,
  passesLuhn,
} from './card.js';

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

describe('a card number where it does not belong', () => {
  it.each([
    ['4242424242424242', true],
    ['key 4242 4242 4242 4242 here', true],
    ['4000-0000-0000-0002', true],
    ['4242424242424241', false], // fails the check digit
    ['5d479001-7c2e-4b8e-9c1a-000000000000', false], // a UUID
    ['key-a1b2c3d4-e5f6-a7bc-4242-424242424242', false], // a UUID whose digits pass the check by chance
    ['4242-4242-4242-4242-4242-4242', false], // too long to be a card
    ['key-4242424242424242', true],
    ['12345678901234567890123', false], // a longer run of digits, such as an id
    ['INV-2026-1001', false],
  ])('%s → %s', (text, expected) => {
    expect(containsCardNumber(text)).toBe(expected);
  });

  it('masks it in text for logs, and only it', () => {
    expect(maskCardNumbers('/api/x?q=4242424242424242&n=12')).toBe('/api/x?q=[card number removed]&n=12');
  });
});
