import { sql } from 'kysely';
import type { Actor } from '../auth/actor.js';
import { productNameIn } from '../catalogue/product-name-sql.js';
import type { Db } from '../db/connect.js';
import type { InvoiceStatus, Locale } from '../db/schema.js';
import { decodeInvoiceCursor, encodeInvoiceCursor } from '../domain/cursor.js';
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
  /** What credit notes took off it. */
  amountCreditedMinor: bigint;
  /** Paid so far while it stays open (part paid outside a card); 0 once paid in full. */
  amountPaidMinor: bigint;
  status: InvoiceStatus;
  paidAt: Date | null;
  /** Its e-invoices (電子發票), oldest first: the original, and any reissued after a void. */
  einvoices: InvoiceEInvoice[];
}

export interface InvoiceEInvoice {
  id: string;
  number: string | null;
  randomCode: string | null;
  issuedAt: Date | null;
  status: 'pending' | 'unknown' | 'issued' | 'failed' | 'voided';
}

/** The organization's invoices, newest first, optionally within issue dates and of one status. */
export async function listInvoices(options: {
  db: Db;
  actor: Actor;
  from?: string | undefined;
  to?: string | undefined;
  status?: InvoiceStatus | undefined;
  limit: number;
  /** nextCursor of the previous page. */
  after?: string | undefined;
  /** The reader's language, for product names. */
  locale?: Locale | undefined;
}): Promise<{ items: InvoiceView[]; nextCursor: string | null }> {
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
      'invoices.credited_minor',
      'invoices.paid_minor',
      'invoices.status',
      'invoices.paid_at',
      // Never-issued ones canceled before issue are not the customer's business: nothing was issued.
      sql<InvoiceEInvoiceRow[] | null>`(select jsonb_agg(jsonb_build_object('id', e.id, 'number', e.number,
        'randomCode', e.random_code, 'issuedAt', e.issued_at, 'status', e.status) order by e.created_at, e.id)
        from einvoices e where e.invoice_id = invoices.id and e.status <> 'canceled')`.as('einvoices'),
    ])
    .where('invoices.organization_id', '=', actor.organizationId)
    .$if(Boolean(options.from), (q) => q.where('invoices.issued_on', '>=', options.from as string))
    .$if(Boolean(options.to), (q) => q.where('invoices.issued_on', '<=', options.to as string))
    .$if(Boolean(options.status), (q) => q.where('invoices.status', '=', options.status as InvoiceStatus))
    .$if(Boolean(options.after), (q) => {
      const [issuedOn, number, id] = decodeInvoiceCursor(options.after as string);
      return q.where(
        sql<boolean>`(invoices.issued_on, invoices.number, invoices.id) < (${issuedOn}, ${number}, ${id})`,
      );
    })
    .orderBy('invoices.issued_on', 'desc')
    .orderBy('invoices.number', 'desc')
    .orderBy('invoices.id', 'desc')
    .limit(options.limit + 1)
    .execute();
  const page = rows.slice(0, options.limit);
  const last = page.at(-1);
  const nextCursor =
    rows.length > options.limit && last ? encodeInvoiceCursor(last.issued_on, last.number, last.id) : null;
  return { items: page.map(toInvoiceView), nextCursor };
}

type InvoiceEInvoiceRow = Omit<InvoiceEInvoice, 'issuedAt'> & { issuedAt: string | null };

function toInvoiceView(row: {
  id: string;
  number: string;
  subscription_id: string;
  productName: string;
  issued_on: string;
  due_on: string;
  period_start: string;
  period_end: string;
  currency: string;
  amount_minor: bigint;
  tax_minor: bigint;
  credited_minor: bigint;
  paid_minor: bigint;
  status: InvoiceStatus;
  paid_at: Date | null;
  einvoices: InvoiceEInvoiceRow[] | null;
}): InvoiceView {
  return {
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
    amountCreditedMinor: row.credited_minor,
    amountPaidMinor: row.status === 'open' ? row.paid_minor : 0n,
    status: row.status,
    paidAt: row.paid_at,
    einvoices: (row.einvoices ?? []).map((einvoice) => ({
      ...einvoice,
      issuedAt: einvoice.issuedAt ? new Date(einvoice.issuedAt) : null,
    })),
  };
}
