// Double-entry postings. Debits are positive, credits negative: every journal sums to zero.
// The receivable account of a subscription is its outstanding balance.

/**
 * gateway_clearing: money a card processor holds for the seller; bank_receipts: money that came outside a
 * card; customer_credit: what the seller owes a customer back, kept for its next invoices (a liability:
 * its balance is the negative of the sum).
 */
export type LedgerAccount =
  | 'receivable'
  | 'revenue'
  | 'gateway_clearing'
  | 'bank_receipts'
  | 'customer_credit';

export interface Posting {
  account: LedgerAccount;
  amountMinor: bigint;
}

export function invoiceIssuedPostings(amountMinor: bigint): Posting[] {
  assertPositive(amountMinor);
  return [
    { account: 'receivable', amountMinor },
    { account: 'revenue', amountMinor: -amountMinor },
  ];
}

export function invoicePaidPostings(amountMinor: bigint): Posting[] {
  assertPositive(amountMinor);
  return [
    { account: 'gateway_clearing', amountMinor },
    { account: 'receivable', amountMinor: -amountMinor },
  ];
}

/** Voiding an open invoice: the exact reverse of its issue, so the customer no longer owes it. */
export function invoiceVoidedPostings(amountMinor: bigint): Posting[] {
  return invoiceIssuedPostings(amountMinor).map((posting) => ({
    ...posting,
    amountMinor: -posting.amountMinor,
  }));
}

/**
 * Money given back on a payment: it leaves the processor's clearing account, and the revenue it was
 * is reduced. The invoice stays paid (what was billed was billed); the receivable does not move.
 */
export function refundPostings(amountMinor: bigint): Posting[] {
  assertPositive(amountMinor);
  return [
    { account: 'revenue', amountMinor },
    { account: 'gateway_clearing', amountMinor: -amountMinor },
  ];
}

function assertPositive(amountMinor: bigint): void {
  if (amountMinor <= 0n) throw new RangeError(`posting amount must be positive, got ${amountMinor}`);
}

export interface LedgerRow {
  journalId: string;
  account: LedgerAccount;
  amountMinor: bigint;
  /** Null only off the receivable (a credit to the customer's balance). */
  subscriptionId: string | null;
  invoiceId: string | null;
}

export interface InvoiceFact {
  id: string;
  subscriptionId: string;
  amountMinor: bigint;
  status: 'open' | 'paid' | 'void';
}

/** Every broken invariant, in words an operator can act on; empty when the books are sound. */
export function findLedgerProblems(rows: readonly LedgerRow[], invoices: readonly InvoiceFact[]): string[] {
  const problems: string[] = [];
  const journals = new Map<string, bigint>();
  const receivableBySubscription = new Map<string, bigint>();
  const receivableByInvoice = new Map<string, bigint>();
  for (const row of rows) {
    journals.set(row.journalId, (journals.get(row.journalId) ?? 0n) + row.amountMinor);
    if (row.account !== 'receivable') continue;
    const subscriptionId = row.subscriptionId ?? 'none';
    receivableBySubscription.set(
      subscriptionId,
      (receivableBySubscription.get(subscriptionId) ?? 0n) + row.amountMinor,
    );
    if (row.invoiceId) {
      receivableByInvoice.set(
        row.invoiceId,
        (receivableByInvoice.get(row.invoiceId) ?? 0n) + row.amountMinor,
      );
    }
  }
  for (const [journalId, total] of journals) {
    if (total !== 0n) problems.push(`journal ${journalId} does not balance (off by ${total})`);
  }
  const openBySubscription = new Map<string, bigint>();
  for (const invoice of invoices) {
    const expected = invoice.status === 'open' ? invoice.amountMinor : 0n;
    const actual = receivableByInvoice.get(invoice.id) ?? 0n;
    if (actual !== expected) {
      problems.push(
        `invoice ${invoice.id} is ${invoice.status} but its receivable is ${actual}, not ${expected}`,
      );
    }
    openBySubscription.set(
      invoice.subscriptionId,
      (openBySubscription.get(invoice.subscriptionId) ?? 0n) + expected,
    );
  }
  const subscriptionIds = new Set([...openBySubscription.keys(), ...receivableBySubscription.keys()]);
  for (const subscriptionId of subscriptionIds) {
    const fromLedger = receivableBySubscription.get(subscriptionId) ?? 0n;
    const fromInvoices = openBySubscription.get(subscriptionId) ?? 0n;
    if (fromLedger !== fromInvoices) {
      problems.push(
        `subscription ${subscriptionId}: ledger says ${fromLedger} outstanding, open invoices say ${fromInvoices}`,
      );
    }
  }
  return problems;
}

/** What an invoice still owes: its amount less what credit notes took off and payments paid, while open. */
export function invoiceOwedMinor(invoice: {
  status: 'open' | 'paid' | 'void';
  amount_minor: bigint;
  credited_minor: bigint;
  paid_minor: bigint;
}): bigint {
  return invoice.status === 'open' ? invoice.amount_minor - invoice.credited_minor - invoice.paid_minor : 0n;
}

/** Money that arrived outside a card (a bank transfer, a cheque, cash), put against an invoice. */
export function offlinePaymentPostings(amountMinor: bigint): Posting[] {
  assertPositive(amountMinor);
  return [
    { account: 'bank_receipts', amountMinor },
    { account: 'receivable', amountMinor: -amountMinor },
  ];
}

/** A credit note to the customer's balance: revenue given back, owed to the customer until applied. */
export function balanceCreditPostings(amountMinor: bigint): Posting[] {
  assertPositive(amountMinor);
  return [
    { account: 'revenue', amountMinor },
    { account: 'customer_credit', amountMinor: -amountMinor },
  ];
}

/** Money received beyond what the invoice owed: kept as the customer's credit. */
export function overpaymentPostings(amountMinor: bigint): Posting[] {
  assertPositive(amountMinor);
  return [
    { account: 'bank_receipts', amountMinor },
    { account: 'customer_credit', amountMinor: -amountMinor },
  ];
}

/** The customer's credit applied to an invoice: it owes that much less. */
export function creditAppliedPostings(amountMinor: bigint): Posting[] {
  assertPositive(amountMinor);
  return [
    { account: 'customer_credit', amountMinor },
    { account: 'receivable', amountMinor: -amountMinor },
  ];
}
