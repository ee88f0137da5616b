import { describe, expect, it } from 'vitest';
import { findLedgerProblems, invoiceIssuedPostings, invoicePaidPostings, type LedgerRow } from './ledger.js';

function journal(
  journalId: string,
  invoiceId: string,
  postings: ReturnType<typeof invoiceIssuedPostings>,
): LedgerRow[] {
  return postings.map((p) => ({ journalId, invoiceId, subscriptionId: 's1', ...p }));
}

describe('postings', () => {
  it.each([invoiceIssuedPostings(1000n), invoicePaidPostings(1000n)])('balance to zero', (...postings) => {
    expect(postings.reduce((sum, p) => sum + p.amountMinor, 0n)).toBe(0n);
  });
  it('refuse zero and negative amounts', () => {
    expect(() => invoiceIssuedPostings(0n)).toThrow(RangeError);
    expect(() => invoicePaidPostings(-5n)).toThrow(RangeError);
  });
});

describe('findLedgerProblems', () => {
  const issued = [
    ...journal('j1', 'i1', invoiceIssuedPostings(1000n)),
    ...journal('j2', 'i2', invoiceIssuedPostings(500n)),
  ];
  it.each([
    {
      name: 'two open invoices',
      rows: issued,
      invoices: [
        { id: 'i1', subscriptionId: 's1', amountMinor: 1000n, status: 'open' as const },
        { id: 'i2', subscriptionId: 's1', amountMinor: 500n, status: 'open' as const },
      ],
      problems: 0,
    },
    {
      name: 'one paid with its money',
      rows: [...issued, ...journal('j3', 'i1', invoicePaidPostings(1000n))],
      invoices: [
        { id: 'i1', subscriptionId: 's1', amountMinor: 1000n, status: 'paid' as const },
        { id: 'i2', subscriptionId: 's1', amountMinor: 500n, status: 'open' as const },
      ],
      problems: 0,
    },
    {
      name: 'paid without its money',
      rows: issued,
      invoices: [
        { id: 'i1', subscriptionId: 's1', amountMinor: 1000n, status: 'paid' as const },
        { id: 'i2', subscriptionId: 's1', amountMinor: 500n, status: 'open' as const },
      ],
      problems: 2,
    },
    {
      name: 'an unbalanced journal',
      rows: [
        ...issued,
        {
          journalId: 'j9',
          account: 'revenue' as const,
          amountMinor: 7n,
          subscriptionId: 's1',
          invoiceId: null,
        },
      ],
      invoices: [
        { id: 'i1', subscriptionId: 's1', amountMinor: 1000n, status: 'open' as const },
        { id: 'i2', subscriptionId: 's1', amountMinor: 500n, status: 'open' as const },
      ],
      problems: 1,
    },
  ])('$name: $problems problems', ({ rows, invoices, problems }) => {
    expect(findLedgerProblems(rows, invoices)).toHaveLength(problems);
  });
});
