import type { Kysely } from 'kysely';
import type { EInvoiceObject } from '../contract/objects.js';
import type { Database } from '../db/schema.js';
import { einvoicePeriodOf } from '../domain/einvoice.js';

/** E-invoices as the provider API's GET answers them, and as their events carry them, by id. */
export async function readEInvoiceObjects(
  db: Kysely<Database>,
  ids: readonly string[],
): Promise<Map<string, EInvoiceObject>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('einvoices')
    .innerJoin('invoices', 'invoices.id', 'einvoices.invoice_id')
    .leftJoin('einvoices as reissue', 'reissue.replaces_einvoice_id', 'einvoices.id')
    .selectAll('einvoices')
    .select(['invoices.number as invoice_number', 'reissue.id as reissue_id'])
    .where('einvoices.id', 'in', [...ids])
    .execute();
  const allowances = await db
    .selectFrom('einvoice_allowances')
    .selectAll()
    .where('einvoice_id', 'in', [...ids])
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return new Map(
    rows.map((row) => [
      row.id,
      {
        object: 'einvoice',
        id: row.id,
        organizationId: row.organization_id,
        invoiceId: row.invoice_id,
        invoiceNumber: row.invoice_number,
        status: row.status,
        number: row.number,
        randomCode: row.random_code,
        issuedAt: row.issued_at,
        period: row.issued_at ? einvoicePeriodOf(row.issued_at) : null,
        buyer: row.buyer,
        currency: 'TWD',
        amountMinor: row.amount_minor,
        taxMinor: row.tax_minor,
        replacesEInvoiceId: row.replaces_einvoice_id,
        reissuedAsEInvoiceId: row.reissue_id,
        failureCode: row.failure_code,
        failureMessage: row.failure_message,
        voidRequestedAt: row.void_requested_at,
        voidReason: row.void_reason,
        voidedAt: row.voided_at,
        allowances: allowances
          .filter((allowance) => allowance.einvoice_id === row.id)
          .map((allowance) => ({
            id: allowance.id,
            creditNoteId: allowance.credit_note_id,
            status: allowance.status,
            number: allowance.number,
            amountMinor: allowance.amount_minor,
            taxMinor: allowance.tax_minor,
            issuedAt: allowance.issued_at,
            failureCode: allowance.failure_code,
          })),
        createdAt: row.created_at,
      },
    ]),
  );
}
