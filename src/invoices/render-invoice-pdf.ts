import { sql } from 'kysely';
import type { Actor } from '../auth/actor.js';
import { productNameIn } from '../catalogue/product-name-sql.js';
import type { Db } from '../db/connect.js';
import type { Locale } from '../db/schema.js';
import { cardBrandNames } from '../domain/card.js';
import { formatEInvoiceNumber, taiwanDay } from '../domain/einvoice.js';
import { AppError } from '../domain/errors.js';
import { invoiceOwedMinor } from '../domain/ledger.js';
import { can } from '../domain/permissions.js';
import { invoiceLabels } from '../i18n/invoice-labels.js';
import { footer, heading, newPdf, rule, tableRow, wordsIn } from './pdf-document.js';

/** A real invoice document, in the organization's language, for anyone who may read its billing. */
export async function renderInvoicePdf(options: {
  db: Db;
  /** An admin: their organization's only, for those who may read its billing. Absent: the provider's key. */
  actor?: Actor;
  invoiceId: string;
}): Promise<{ fileName: string; pdf: Buffer }> {
  const { db, actor } = options;
  if (actor && !can(actor.role, 'billing.read')) throw new AppError('permission_denied');
  const invoice = await db
    .selectFrom('invoices')
    .innerJoin('subscriptions', 'subscriptions.id', 'invoices.subscription_id')
    .innerJoin('products', 'products.id', 'subscriptions.product_id')
    .innerJoin('organizations', 'organizations.id', 'invoices.organization_id')
    .leftJoin('payments', 'payments.id', 'invoices.payment_id')
    .select([
      'invoices.number',
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
      'invoices.voided_at',
      'invoices.void_reason',
      'invoices.licenses',
      'invoices.unit_amount_minor',
      'subscriptions.licenses as currentLicenses',
      productNameIn(sql<Locale>`organizations.locale`).as('productName'),
      'organizations.name as organizationName',
      'organizations.locale',
      'organizations.billing_address',
      'organizations.tax_id',
      'organizations.collection_method',
      'organizations.transfer_account',
      'invoices.seller',
      'payments.card_brand',
      'payments.card_last4',
      'payments.method',
      'payments.reference',
    ])
    .where('invoices.id', '=', options.invoiceId)
    .$if(actor !== undefined, (q) => q.where('invoices.organization_id', '=', actor?.organizationId ?? ''))
    .executeTakeFirst();
  if (!invoice) throw new AppError('not_found');

  const words = wordsIn(invoice.locale, invoiceLabels[invoice.locale], invoice.currency);
  const { t, money, date } = words;
  const subtotal = invoice.amount_minor - invoice.tax_minor;
  // Invoices from before quantities were recorded show the whole subtotal as one line.
  const quantity = invoice.licenses ?? 1;
  const unit = invoice.unit_amount_minor ?? subtotal;
  const { doc, finish } = newPdf({
    title: `${t('title')} ${invoice.number}`,
    author: invoice.organizationName,
  });
  const seller = invoice.seller;
  heading(doc, words, seller, [
    [t('number'), invoice.number],
    [t('issued'), date(invoice.issued_on)],
    [t('due'), date(invoice.due_on)],
    [t('period'), `${date(invoice.period_start)} – ${date(invoice.period_end)}`],
    [t('billTo'), [invoice.organizationName, invoice.billing_address].filter(Boolean).join('\n')],
    ...(invoice.tax_id ? ([[t('taxId'), invoice.tax_id]] as [string, string][]) : []),
  ]);

  doc.moveDown(1.5);
  tableRow(doc, [t('description'), t('quantity'), t('unitPrice'), t('amount')], 'bold');
  rule(doc);
  tableRow(
    doc,
    [t('licenses', { product: invoice.productName }), String(quantity), money(unit), money(subtotal)],
    'regular',
  );
  rule(doc);
  tableRow(doc, ['', '', t('subtotal'), money(subtotal)], 'regular');
  tableRow(doc, ['', '', t('tax'), money(invoice.tax_minor)], 'regular');
  tableRow(doc, ['', '', t('total'), money(invoice.amount_minor)], 'bold');
  if (invoice.credited_minor > 0n)
    tableRow(doc, ['', '', t('credited'), `−${money(invoice.credited_minor)}`], 'regular');

  doc.moveDown(1.5).font('regular').fontSize(11);
  doc.x = 56;
  if (invoice.status === 'void' && invoice.voided_at) {
    // Kept, never deleted: the document says plainly that it is not owed, and why.
    doc
      .font('bold')
      .fillColor('#a4262c')
      .text(t('voided', { date: date(invoice.voided_at) }));
    doc
      .font('regular')
      .fillColor('#000000')
      .text(t('voidReason', { reason: invoice.void_reason ?? '' }));
  } else if (invoice.status === 'paid' && invoice.paid_at && !invoice.method) {
    doc.text(t('settledByCredit', { date: date(invoice.paid_at) }));
  } else if (invoice.status === 'paid' && invoice.paid_at && invoice.method !== 'card') {
    const method = t(`method.${invoice.method}`);
    doc.text(
      t('paidOffline', {
        date: date(invoice.paid_at),
        method: invoice.reference ? `${method} (${invoice.reference})` : method,
      }),
    );
  } else if (invoice.status === 'paid' && invoice.paid_at) {
    const brand = invoice.card_brand ? (cardBrandNames[invoice.card_brand] ?? invoice.card_brand) : '';
    const card = invoice.card_last4 ? `${brand} •••• ${invoice.card_last4}`.trim() : '';
    doc.text(t('paid', { date: date(invoice.paid_at), card }));
  } else {
    doc.font('bold').text(t('unpaid', { amount: money(invoiceOwedMinor(invoice)) }));
    const bank = seller?.bankTransfer;
    if (bank && seller && invoice.transfer_account && invoice.collection_method === 'send_invoice') {
      doc.moveDown(0.8).text(t('transferTitle')).font('regular');
      doc.text(t('transferBank', { code: bank.bankCode, name: bank.bankName }));
      doc.text(t('transferAccount', { account: invoice.transfer_account }));
      doc.text(t('transferName', { name: seller.legalName }));
      doc.text(t('transferNote'));
    }
  }
  await printEInvoices(doc, words, db, options.invoiceId);
  footer(doc, words, invoice.currency, seller);
  const pdf = await finish();
  return { fileName: `${invoice.number}.pdf`, pdf };
}

/** The invoice's e-invoices (電子發票): each number, its day in Taiwan and 隨機碼, a voided one so marked. */
async function printEInvoices(
  doc: PDFKit.PDFDocument,
  words: { t: (key: string, values?: Record<string, string>) => string; date: (day: string) => string },
  db: Db,
  invoiceId: string,
): Promise<void> {
  const einvoices = await db
    .selectFrom('einvoices')
    .select(['number', 'issued_at', 'random_code', 'status'])
    .where('invoice_id', '=', invoiceId)
    .where('status', 'in', ['issued', 'voided'])
    .where('number', 'is not', null)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  if (einvoices.length === 0) return;
  doc.moveDown(0.8);
  for (const einvoice of einvoices)
    doc.text(
      words.t(einvoice.status === 'voided' ? 'einvoiceVoided' : 'einvoice', {
        number: formatEInvoiceNumber(einvoice.number ?? ''),
        date: words.date(taiwanDay(einvoice.issued_at ?? new Date())),
        code: einvoice.random_code ?? '',
      }),
    );
}
