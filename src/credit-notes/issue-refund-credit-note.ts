import type { Db } from '../db/connect.js';
import type { RefundReason } from '../db/schema.js';
import { allocateCredit } from '../domain/credit-allocation.js';
import type { CurrencyCode } from '../domain/money.js';
import { issueCreditNote } from './issue-credit-note.js';

/**
 * The document for a refund the processor gave back, in the transaction that records it: a credit note
 * on the invoices the payment paid, oldest first, each up to what is left to credit on it. The money's
 * journal is the refund's own.
 */
export async function issueRefundCreditNote(
  tx: Db,
  refund: {
    id: string;
    organization_id: string;
    subscriptionId: string;
    payment_id: string;
    amount_minor: bigint;
    currency: CurrencyCode;
    reason: RefundReason;
    note: string | null;
    requested_by: string | null;
    now: Date;
  },
): Promise<string> {
  const paid = await tx
    .selectFrom('payment_invoices')
    .innerJoin('invoices', 'invoices.id', 'payment_invoices.invoice_id')
    .select(['invoices.id', 'invoices.amount_minor', 'invoices.tax_minor', 'invoices.credited_minor'])
    .where('payment_invoices.payment_id', '=', refund.payment_id)
    .orderBy('invoices.issued_on')
    .orderBy('invoices.number')
    .forUpdate()
    .execute();
  return issueCreditNote(tx, {
    organizationId: refund.organization_id,
    subscriptionId: refund.subscriptionId,
    kind: 'refund',
    refundId: refund.id,
    currency: refund.currency,
    lines: allocateCredit(
      refund.amount_minor,
      paid.map((invoice) => ({
        id: invoice.id,
        amountMinor: invoice.amount_minor,
        taxMinor: invoice.tax_minor,
        creditableMinor: invoice.amount_minor - invoice.credited_minor,
      })),
      refund.currency,
    ),
    // Settle's own refunds of unrecorded charges document nothing billed, and never come here.
    reason: refund.reason === 'unrecorded_charge' ? 'other' : refund.reason,
    note: refund.note,
    now: refund.now,
    apiKeyName: refund.requested_by,
  });
}
