import { describe, expect, it } from 'vitest';
import { allocateCredit } from './credit-allocation.js';

const invoice = (id: string, amountMinor: bigint, taxMinor: bigint, creditableMinor = amountMinor) => ({
  id,
  amountMinor,
  taxMinor,
  creditableMinor,
});

describe('allocateCredit', () => {
  it('takes what each invoice can, oldest first, with its share of tax', () => {
    const lines = allocateCredit(
      150_000n,
      [invoice('a', 105_000n, 5_000n), invoice('b', 105_000n, 5_000n)],
      'TWD',
    );
    expect(lines).toEqual([
      { invoiceId: 'a', amountMinor: 105_000n, taxMinor: 5_000n },
      // 45,000 of 105,000 with 5,000 tax: 2,142.86 → NT$21 in whole dollars.
      { invoiceId: 'b', amountMinor: 45_000n, taxMinor: 2_100n },
    ]);
  });

  it('skips what was already credited and refuses a credit the invoices cannot take', () => {
    expect(
      allocateCredit(100n, [invoice('a', 1_000n, 0n, 0n), invoice('b', 1_000n, 0n, 300n)], 'USD'),
    ).toEqual([{ invoiceId: 'b', amountMinor: 100n, taxMinor: 0n }]);
    expect(() => allocateCredit(400n, [invoice('b', 1_000n, 0n, 300n)], 'USD')).toThrow(RangeError);
    expect(() => allocateCredit(0n, [invoice('b', 1_000n, 0n)], 'USD')).toThrow(RangeError);
  });
});
