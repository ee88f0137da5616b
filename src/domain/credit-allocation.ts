import { type CurrencyCode, divideToBillingPrecision, minMinor } from './money.js';

// What a credit takes off each invoice: pure, so the rule is one and tested alone.

export interface CreditableInvoice {
  id: string;
  /** The invoice's total and tax, as issued. */
  amountMinor: bigint;
  taxMinor: bigint;
  /** What may still be credited on it (its amount less earlier credits). */
  creditableMinor: bigint;
}

export interface CreditLine {
  invoiceId: string;
  amountMinor: bigint;
  /** The line's share of tax, in the invoice's proportion, to the currency's billing precision. */
  taxMinor: bigint;
}

/**
 * Spreads a credit over invoices in the order given (oldest first), each taking what it can; throws
 * when they cannot take it all (the caller checked the bound and should never ask for more).
 */
export function allocateCredit(
  amountMinor: bigint,
  invoices: readonly CreditableInvoice[],
  currency: CurrencyCode,
): CreditLine[] {
  if (amountMinor <= 0n) throw new RangeError(`a credit must be positive, got ${amountMinor}`);
  const lines: CreditLine[] = [];
  let left = amountMinor;
  for (const invoice of invoices) {
    if (left === 0n) break;
    const taken = minMinor(left, invoice.creditableMinor);
    if (taken <= 0n) continue;
    const taxMinor =
      invoice.amountMinor === 0n
        ? 0n
        : divideToBillingPrecision(taken * invoice.taxMinor, invoice.amountMinor, currency);
    lines.push({ invoiceId: invoice.id, amountMinor: taken, taxMinor: minMinor(taxMinor, taken) });
    left -= taken;
  }
  if (left > 0n) throw new RangeError(`${left} of the credit has no invoice to go on`);
  return lines;
}
