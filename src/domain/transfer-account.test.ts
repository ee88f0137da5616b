import { describe, expect, it } from 'vitest';
import { isTransferAccountNumber, transferAccountNumber } from './transfer-account.js';

describe('transfer account numbers', () => {
  it('are fourteen digits under the bank’s prefix, with a Luhn check digit', () => {
    const number = transferAccountNumber('9921', 17n);
    expect(number).toMatch(/^9921000000017\d$/);
    expect(isTransferAccountNumber(number)).toBe(true);
    // 7992739871 is Luhn's own example, whose check digit is 3.
    expect(isTransferAccountNumber('79927398713'.padStart(14, '0'))).toBe(true);
  });

  it('refuse a number with one digit changed or two neighbours swapped', () => {
    const number = transferAccountNumber('812', 12345n);
    for (let i = 0; i < number.length; i += 1) {
      const changed = `${number.slice(0, i)}${(Number(number[i]) + 1) % 10}${number.slice(i + 1)}`;
      expect(isTransferAccountNumber(changed)).toBe(false);
    }
    expect(isTransferAccountNumber(`${number.slice(0, 5)}${number[6]}${number[5]}${number.slice(7)}`)).toBe(
      number[5] === number[6],
    );
  });

  it('refuse prefixes and serials that do not fit', () => {
    expect(() => transferAccountNumber('12', 1n)).toThrow(RangeError);
    expect(() => transferAccountNumber('123456', 10_000_000n)).toThrow(RangeError);
    expect(() => transferAccountNumber('123', 0n)).toThrow(RangeError);
    expect(isTransferAccountNumber('1234')).toBe(false);
  });
});
