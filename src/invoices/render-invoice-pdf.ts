import { createRequire } from 'node:module';
import { sql } from 'kysely';
import PDFDocument from 'pdfkit';
import type { Actor } from '../auth/actor.js';
import { productNameIn } from '../catalogue/product-name-sql.js';
import type { Db } from '../db/connect.js';
import type { Locale } from '../db/schema.js';
import { cardBrandNames } from '../domain/card.js';
import { AppError } from '../domain/errors.js';
import { formatMoney } from '../domain/money.js';
import { can } from '../domain/permissions.js';
import { invoiceLabels } from '../i18n/invoice-labels.js';

// Noto Sans TC covers Latin and Traditional Chinese; pdfkit embeds only the glyphs an invoice uses.
const require = createRequire(import.meta.url);
const fonts = {
  regular: require.resolve('@expo-google-fonts/noto-sans-tc/400Regular/NotoSansTC_400Regular.ttf'),
  bold: require.resolve('@expo-google-fonts/noto-sans-tc/700Bold/NotoSansTC_700Bold.ttf'),
};

/** A real invoice document, in the organization's language, for anyone who may read its billing. */
export async function renderInvoicePdf(options: {
  db: Db;
  actor: Actor;
  invoiceId: string;
}): Promise<{ fileName: string; pdf: Buffer }> {
  const { db, actor } = options;
  if (!can(actor.role, 'billing.read')) throw new AppError('permission_denied');
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
      'invoices.seller',
      'payments.card_brand',
      'payments.card_last4',
    ])
    .where('invoices.id', '=', options.invoiceId)
    .where('invoices.organization_id', '=', actor.organizationId)
    .executeTakeFirst();
  if (!invoice) throw new AppError('not_found');

  const locale = invoice.locale;
  const labels = invoiceLabels[locale];
  const t = (key: string, values: Record<string, string> = {}) =>
    (labels[key] ?? key).replace(/\{(\w+)\}/g, (_, name: string) => values[name] ?? '');
  const money = (amountMinor: bigint) => formatMoney({ amountMinor, currency: invoice.currency }, locale);
  const date = (iso: string | Date) =>
    new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(
      typeof iso === 'string' ? new Date(`${iso}T12:00:00Z`) : iso,
    );
  const subtotal = invoice.amount_minor - invoice.tax_minor;
  // Invoices from before quantities were recorded show the whole subtotal as one line.
  const quantity = invoice.licenses ?? 1;
  const unit = invoice.unit_amount_minor ?? subtotal;

  const doc = new PDFDocument({
    size: 'A4',
    margin: 56,
    info: { Title: `${t('title')} ${invoice.number}`, Author: invoice.organizationName },
  });
  doc.registerFont('regular', fonts.regular);
  doc.registerFont('bold', fonts.bold);
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<void>((resolve) => doc.on('end', () => resolve()));

  doc.font('bold').fontSize(22).text(t('title'));
  doc.moveDown(0.5).font('regular').fontSize(10);
  // Who sells, as it was when the invoice was issued.
  const seller = invoice.seller;
  if (seller) {
    doc.font('bold').text(t('seller')).font('regular').text(seller.legalName);
    doc.text(seller.address);
    if (seller.taxId) doc.text(`${t('taxId')}${t('separator')}${seller.taxId}`);
    doc.moveDown(0.8);
  }
  const facts: [string, string][] = [
    [t('number'), invoice.number],
    [t('issued'), date(invoice.issued_on)],
    [t('due'), date(invoice.due_on)],
    [t('period'), `${date(invoice.period_start)} – ${date(invoice.period_end)}`],
    [t('billTo'), [invoice.organizationName, invoice.billing_address].filter(Boolean).join('\n')],
    ...(invoice.tax_id ? ([[t('taxId'), invoice.tax_id]] as [string, string][]) : []),
  ];
  for (const [label, value] of facts)
    doc
      .font('bold')
      .text(`${label}${t('separator')}`, { continued: true })
      .font('regular')
      .text(value);

  doc.moveDown(1.5);
  const columns = [56, 300, 370, 460];
  const header = [t('description'), t('quantity'), t('unitPrice'), t('amount')];
  // A row is as tall as its tallest cell: a description that wraps pushes the next rule down below
  // it instead of the rule striking through its second line.
  const row = (cells: string[], font: 'regular' | 'bold') => {
    const y = doc.y;
    let bottom = y;
    doc.font(font);
    cells.forEach((cell, index) => {
      doc.text(cell, columns[index] ?? 56, y, {
        width: index === 0 ? 230 : 90,
        align: index === 0 ? 'left' : 'right',
      });
      bottom = Math.max(bottom, doc.y);
    });
    doc.y = bottom;
    doc.moveDown(0.6);
  };
  row(header, 'bold');
  doc.moveTo(56, doc.y).lineTo(550, doc.y).stroke('#cccccc').moveDown(0.4);
  row(
    [t('licenses', { product: invoice.productName }), String(quantity), money(unit), money(subtotal)],
    'regular',
  );
  doc.moveTo(56, doc.y).lineTo(550, doc.y).stroke('#cccccc').moveDown(0.4);
  row(['', '', t('subtotal'), money(subtotal)], 'regular');
  row(['', '', t('tax'), money(invoice.tax_minor)], 'regular');
  row(['', '', t('total'), money(invoice.amount_minor)], 'bold');

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
  } else if (invoice.status === 'paid' && invoice.paid_at) {
    const brand = invoice.card_brand ? (cardBrandNames[invoice.card_brand] ?? invoice.card_brand) : '';
    const card = invoice.card_last4 ? `${brand} •••• ${invoice.card_last4}`.trim() : '';
    doc.text(t('paid', { date: date(invoice.paid_at), card }));
  } else {
    doc.font('bold').text(t('unpaid', { amount: money(invoice.amount_minor) }));
  }
  doc
    .moveDown(2)
    .font('regular')
    .fontSize(9)
    .fillColor('#666666')
    .text(t('footer', { currency: invoice.currency }));
  if (seller)
    doc.text(
      t('support', { contact: [seller.supportEmail, seller.supportPhone].filter(Boolean).join(' · ') }),
    );
  doc.end();
  await done;
  return { fileName: `${invoice.number}.pdf`, pdf: Buffer.concat(chunks) };
}
