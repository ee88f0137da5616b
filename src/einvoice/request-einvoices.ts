import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { productNameIn } from '../catalogue/product-name-sql.js';
import type { Db } from '../db/connect.js';
import { einvoiceTaxMinor, resolveEInvoiceBuyer } from '../domain/einvoice.js';
import { enqueueTasks } from '../queue/enqueue-tasks.js';

/**
 * Asks for the e-invoices of invoices just paid, in the transaction that paid them (an outbox: the
 * queue issues them after the commit, outside it). Only where the seller issues Taiwan's e-invoices and
 * only for TWD invoices with something left to invoice once credits are taken off. An invoice has one
 * original e-invoice however often this is called: the second ask finds it.
 */
export async function requestEInvoices(tx: Db, options: { invoiceIds: readonly string[] }): Promise<void> {
  if (options.invoiceIds.length === 0) return;
  const seller = await tx
    .selectFrom('seller_profile')
    .select('einvoice_enabled')
    .where('id', '=', 1)
    .executeTakeFirst();
  if (!seller?.einvoice_enabled) return;
  const invoices = await tx
    .selectFrom('invoices')
    .innerJoin('organizations', 'organizations.id', 'invoices.organization_id')
    .innerJoin('subscriptions', 'subscriptions.id', 'invoices.subscription_id')
    .innerJoin('products', 'products.id', 'subscriptions.product_id')
    .select([
      'invoices.id',
      'invoices.organization_id',
      'invoices.amount_minor',
      'invoices.credited_minor',
      'invoices.period_start',
      'invoices.period_end',
      'organizations.name',
      'organizations.tax_id',
      'organizations.billing_address',
      'organizations.einvoice_buyer',
      productNameIn('zh-TW').as('product_name'),
      sql<string | null>`(select u.email from users u where u.organization_id = organizations.id
        and u.role in ('global_admin', 'billing_admin') and u.removed_at is null
        order by u.role = 'billing_admin' desc, u.created_at, u.id limit 1)`.as('admin_email'),
    ])
    .where('invoices.id', 'in', [...options.invoiceIds])
    .where('invoices.currency', '=', 'TWD')
    .where('invoices.status', '=', 'paid')
    .execute();
  const rows = invoices
    .map((invoice) => ({ invoice, amountMinor: invoice.amount_minor - invoice.credited_minor }))
    .filter(({ amountMinor }) => amountMinor > 0n)
    .map(({ invoice, amountMinor }) => ({
      id: randomUUID(),
      organization_id: invoice.organization_id,
      invoice_id: invoice.id,
      relate_number: '',
      status: 'pending' as const,
      buyer: JSON.stringify(
        resolveEInvoiceBuyer(invoice.einvoice_buyer, { name: invoice.name, taxId: invoice.tax_id }),
      ),
      buyer_email: invoice.admin_email ?? '',
      buyer_name: invoice.name,
      buyer_address: invoice.billing_address,
      amount_minor: amountMinor,
      tax_minor: einvoiceTaxMinor(amountMinor),
      item_name: `${invoice.product_name} ${invoice.period_start}～${invoice.period_end}`,
    }))
    .map((row) => ({ ...row, relate_number: relateNumberOf(row.id) }));
  if (rows.length === 0) return;
  const inserted = await tx
    .insertInto('einvoices')
    .values(rows)
    .onConflict((conflict) =>
      conflict.column('invoice_id').where('replaces_einvoice_id', 'is', null).doNothing(),
    )
    .returning('id')
    .execute();
  await enqueueTasks({ tx, topic: 'einvoice.issue', subjectIds: inserted.map((row) => row.id) });
}

/** The seller's id at the issuer (ECPay: ≤ 30 letters and digits): the e-invoice's id without its dashes. */
export function relateNumberOf(einvoiceId: string): string {
  return einvoiceId.replace(/-/g, '').slice(0, 30);
}
