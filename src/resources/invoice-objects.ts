import type { Kysely } from 'kysely';
import type { InvoiceObject } from '../contract/objects.js';
import type { Database } from '../db/schema.js';
import { invoiceOwedMinor } from '../domain/ledger.js';

/** Invoices as the provider API's GET answers them, and as their events carry them, by id. */
export async function readInvoiceObjects(
  db: Kysely<Database>,
  ids: readonly string[],
): Promise<Map<string, InvoiceObject>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('invoices')
    .select([
      'id',
      'number',
      'organization_id',
      'subscription_id',
      'kind',
      'status',
      'currency',
      'amount_minor',
      'tax_minor',
      'credited_minor',
      'paid_minor',
      'issued_on',
      'due_on',
      'period_start',
      'period_end',
      'paid_at',
      'payment_id',
      'voided_at',
      'void_reason',
    ])
    .where('id', 'in', [...ids])
    .execute();
  return new Map(
    rows.map((row) => [
      row.id,
      {
        object: 'invoice',
        id: row.id,
        number: row.number,
        organizationId: row.organization_id,
        subscriptionId: row.subscription_id,
        kind: row.kind,
        status: row.status,
        currency: row.currency,
        amountMinor: row.amount_minor,
        taxMinor: row.tax_minor,
        amountCreditedMinor: row.credited_minor,
        amountPaidMinor: row.paid_minor,
        amountDueMinor: invoiceOwedMinor(row),
        issuedOn: row.issued_on,
        dueOn: row.due_on,
        periodStart: row.period_start,
        periodEnd: row.period_end,
        paidAt: row.paid_at,
        paymentId: row.payment_id,
        voidedAt: row.voided_at,
        voidReason: row.void_reason,
      },
    ]),
  );
}
