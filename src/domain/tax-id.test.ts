import { describe, expect, it } from 'vitest';
import { isValidTaiwanBusinessNumber } from './tax-id.js';

describe('統一編號, the Ministry of Finance checksum as it stands since April 2023', () => {
  it.each([
    ['04595257', 'a real number, total divisible by 10 as well'],
    ['22099131', 'a real number'],
    ['10458575', 'the 7th digit is 7 (28 counts 10): total 30'],
    ['10458574', 'the 7th digit is 7 (28 counts 1): total 29, + 1 divisible'],
    ['00000005', 'divisible by 5 but not by 10: valid only under the 2023 rule'],
  ])('accepts %s (%s)', (number) => {
    expect(isValidTaiwanBusinessNumber(number)).toBe(true);
  });

  it.each([
    ['04595258', 'one digit changed'],
    ['1234567', 'seven digits'],
    ['123456789', 'nine digits'],
    ['0459525A', 'a letter'],
    ['', 'empty'],
    ['00000001', 'total 1'],
    ['10458573', 'the 7th digit is 7 but neither total nor total + 1 divisible'],
  ])('refuses %s (%s)', (number) => {
    expect(isValidTaiwanBusinessNumber(number)).toBe(false);
  });
});
