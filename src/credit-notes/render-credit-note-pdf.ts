import type { Actor } from '../auth/actor.js';
import type { Db } from '../db/connect.js';
import { AppError } from '../domain/errors.js';
import { can } from '../domain/permissions.js';
import { creditNoteLabels } from '../i18n/invoice-labels.js';
import { footer, heading, newPdf, rule, tableRow, wordsIn } from '../invoices/pdf-document.js';

/**
 * A credit note as a document, in the organization's language: who sells, to whom, what it takes off
 * which invoice (tax included, its tax shown), and how the money went (a refund to the card, or less
 * owed on the invoice).
 */
export async function renderCreditNotePdf(options: {
  db: Db;
  creditNoteId: string;
  /** An admin: their organization's only, for those who may read its billing. Absent: the provider's key. */
  actor?: Actor;
}): Promise<{ fileName: string; pdf: Buffer }> {
  const { db, actor } = options;
  if (actor && !can(actor.role, 'billing.read')) throw new AppError('permission_denied');
  let query = db
    .selectFrom('credit_notes')
    .innerJoin('organizations', 'organizations.id', 'credit_notes.organization_id')
    .select([
      'credit_notes.id',
      'credit_notes.number',
      'credit_notes.kind',
      'credit_notes.currency',
      'credit_notes.amount_minor',
      'credit_notes.tax_minor',
      'credit_notes.reason',
      'credit_notes.note',
      'credit_notes.issued_on',
      'credit_notes.seller',
      'organizations.name as organizationName',
      'organizations.locale',
      'organizations.billing_address',
      'organizations.tax_id',
    ])
    .where('credit_notes.id', '=', options.creditNoteId);
  if (actor) query = query.where('credit_notes.organization_id', '=', actor.organizationId);
  const note = await query.executeTakeFirst();
  if (!note) throw new AppError('not_found');
  const lines = await db
    .selectFrom('credit_note_lines')
    .innerJoin('invoices', 'invoices.id', 'credit_note_lines.invoice_id')
    .select([
      'invoices.number',
      'invoices.issued_on',
      'credit_note_lines.amount_minor',
      'credit_note_lines.tax_minor',
    ])
    .where('credit_note_lines.credit_note_id', '=', note.id)
    .orderBy('invoices.number')
    .execute();

  const words = wordsIn(note.locale, creditNoteLabels[note.locale], note.currency);
  const { t, money, date } = words;
  const { doc, finish } = newPdf({ title: `${t('title')} ${note.number}`, author: note.organizationName });
  heading(doc, words, note.seller, [
    [t('number'), note.number],
    [t('issued'), date(note.issued_on)],
    [t('reason'), t(`reason.${note.reason}`)],
    [t('billTo'), [note.organizationName, note.billing_address].filter(Boolean).join('\n')],
    ...(note.tax_id ? ([[t('taxId'), note.tax_id]] as [string, string][]) : []),
  ]);
  doc.moveDown(1.5);
  tableRow(doc, [t('invoice'), t('issuedOn'), t('tax'), t('amount')], 'bold');
  rule(doc);
  for (const line of lines)
    tableRow(
      doc,
      [line.number, date(line.issued_on), money(line.tax_minor), money(line.amount_minor)],
      'regular',
    );
  rule(doc);
  tableRow(doc, ['', '', t('subtotal'), money(note.amount_minor - note.tax_minor)], 'regular');
  tableRow(doc, ['', '', t('tax'), money(note.tax_minor)], 'regular');
  tableRow(doc, ['', '', t('total'), money(note.amount_minor)], 'bold');
  doc.moveDown(1.5).font('regular').fontSize(11);
  doc.x = 56;
  const how = { refund: 'refunded', invoice_reduction: 'reduced', customer_balance: 'toBalance' } as const;
  doc.text(t(how[note.kind], { amount: money(note.amount_minor) }));
  if (note.note) doc.text(t('note', { note: note.note }));
  footer(doc, words, note.currency, note.seller);
  return { fileName: `${note.number}.pdf`, pdf: await finish() };
}
