import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import type { Locale, SellerSnapshot } from '../db/schema.js';
import { type CurrencyCode, formatMoney } from '../domain/money.js';

// What the seller's documents (invoices, credit notes) share: the fonts, the words in the reader's
// language, the seller's block, the facts, the table's rows and the footer.

// Noto Sans TC covers Latin and Traditional Chinese; pdfkit embeds only the glyphs a document uses.
const require = createRequire(import.meta.url);
const fonts = {
  regular: require.resolve('@expo-google-fonts/noto-sans-tc/400Regular/NotoSansTC_400Regular.ttf'),
  bold: require.resolve('@expo-google-fonts/noto-sans-tc/700Bold/NotoSansTC_700Bold.ttf'),
};

export type Pdf = InstanceType<typeof PDFDocument>;

/** A4 with the fonts registered, and the bytes collected until `finish`. */
export function newPdf(info: { title: string; author: string }): { doc: Pdf; finish: () => Promise<Buffer> } {
  const doc = new PDFDocument({ size: 'A4', margin: 56, info: { Title: info.title, Author: info.author } });
  doc.registerFont('regular', fonts.regular);
  doc.registerFont('bold', fonts.bold);
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<void>((resolve) => doc.on('end', () => resolve()));
  return {
    doc,
    finish: async () => {
      doc.end();
      await done;
      return Buffer.concat(chunks);
    },
  };
}

/** The document's words, money and dates in the reader's language. */
export function wordsIn(locale: Locale, labels: Record<string, string>, currency: CurrencyCode) {
  return {
    t: (key: string, values: Record<string, string> = {}) =>
      (labels[key] ?? key).replace(/\{(\w+)\}/g, (_, name: string) => values[name] ?? ''),
    money: (amountMinor: bigint) => formatMoney({ amountMinor, currency }, locale),
    date: (iso: string | Date) =>
      new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(
        typeof iso === 'string' ? new Date(`${iso}T12:00:00Z`) : iso,
      ),
  };
}

type Words = ReturnType<typeof wordsIn>;

/** The title, who sells (as it was when the document was issued), then its facts, label: value. */
export function heading(doc: Pdf, words: Words, seller: SellerSnapshot | null, facts: [string, string][]) {
  const { t } = words;
  doc.font('bold').fontSize(22).text(t('title'));
  doc.moveDown(0.5).font('regular').fontSize(10);
  if (seller) {
    doc.font('bold').text(t('seller')).font('regular').text(seller.legalName);
    doc.text(seller.address);
    if (seller.taxId) doc.text(`${t('taxId')}${t('separator')}${seller.taxId}`);
    doc.moveDown(0.8);
  }
  for (const [label, value] of facts)
    doc
      .font('bold')
      .text(`${label}${t('separator')}`, { continued: true })
      .font('regular')
      .text(value);
}

/**
 * A table row: a description and three amounts. A row is as tall as its tallest cell: a description
 * that wraps pushes the next rule down below it instead of the rule striking through its second line.
 */
export function tableRow(doc: Pdf, cells: string[], font: 'regular' | 'bold'): void {
  const columns = [56, 300, 370, 460];
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
}

export function rule(doc: Pdf): void {
  doc.moveTo(56, doc.y).lineTo(550, doc.y).stroke('#cccccc').moveDown(0.4);
}

/** The small print: the currency, and whom to ask. */
export function footer(doc: Pdf, words: Words, currency: CurrencyCode, seller: SellerSnapshot | null): void {
  const { t } = words;
  doc.moveDown(2).font('regular').fontSize(9).fillColor('#666666').text(t('footer', { currency }));
  if (seller)
    doc.text(
      t('support', { contact: [seller.supportEmail, seller.supportPhone].filter(Boolean).join(' · ') }),
    );
}
