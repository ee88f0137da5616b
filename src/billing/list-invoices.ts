import type { Actor } from '../auth/actor.js';
import { productNameIn } from '../catalogue/product-name-sql.js';
import type { Db } from '../db/connect.js';
import type { InvoiceStatus, Locale } from '../db/schema.js';
import { AppError } from '../domain/errors.js';
import { can } from '../domain/permissions.js';

export interface InvoiceView {
  id: string;
  number: string;
  subscriptionId: string;
  productName: string;
  issuedOn: string;
  dueOn: string;
  periodStart: string;
  periodEnd: string;
  currency: string;
  amountMinor: bigint;
  taxMinor: bigint;
  status: InvoiceStatus;
  paidAt: Date | null;
}

/** The organization's invoices, newest first, optionally within issue dates and of one status. */
export async function listInvoices(options: {
  db: Db;
  actor: Actor;
  from?: string | undefined;
  to?: string | undefined;
  status?: InvoiceStatus | undefined;
  limit: number;
  /** The reader's language, for product names. */
  locale?: Locale | undefined;
}): Promise<InvoiceView[]> {
  const { db, actor } = options;
  if (!can(actor.role, 'billing.read')) throw new AppError('permission_denied');
  if (options.from && options.to && options.from > options.to)
    throw new AppError('validation_failed', { field: 'from' });
  const rows = await db
    .selectFrom('invoices')
    .innerJoin('subscriptions', 'subscriptions.id', 'invoices.subscription_id')
    .innerJoin('products', 'products.id', 'subscriptions.product_id')
    .select([
      'invoices.id',
      'invoices.number',
      'invoices.subscription_id',
      productNameIn(options.locale ?? actor.savedLocale ?? actor.organizationLocale).as('productName'),
      'invoices.issued_on',
      'invoices.due_on',
      'invoices.period_start',
      'invoices.period_end',
      'invoices.currency',
      'invoices.amount_minor',
      'invoices.tax_minor',
      'invoices.status',
      'invoices.paid_at',
    ])
    .where('invoices.organization_id', '=', actor.organizationId)
    .$if(Boolean(options.from), (q) => q.where('invoices.issued_on', '>=', options.from as string))
    .$if(Boolean(options.to), (q) => q.where('invoices.issued_on', '<=', options.to as string))
    .$if(Boolean(options.status), (q) => q.where('invoices.status', '=', options.status as InvoiceStatus))
    .orderBy('invoices.issued_on', 'desc')
    .orderBy('invoices.number', 'desc')
    .limit(options.limit)
    .execute();
  return rows.map((row) => ({
    id: row.id,
    number: row.number,
    subscriptionId: row.subscription_id,
    productName: row.productName,
    issuedOn: row.issued_on,
    dueOn: row.due_on,
    periodStart: row.period_start,
    periodEnd: row.period_end,
    currency: row.currency,
    amountMinor: row.amount_minor,
    taxMinor: row.tax_minor,
    status: row.status,
    paidAt: row.paid_at,
  }));
}
