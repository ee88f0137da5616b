import {
  Link,
  makeStyles,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  Title3,
  tokens,
} from '@fluentui/react-components';
import { ArrowDownload20Regular } from '@fluentui/react-icons';
import { useQuery } from '@tanstack/react-query';
import { type CreditNote, getJson } from '../api.js';
import { useFormatDate, useFormatMoney } from '../format.js';
import { useT } from '../i18n/use-t.js';
import { queryKeys } from '../query-keys.js';
import { StackedList } from './StackedList.js';
import { TableScroll } from './TableScroll.js';
import { useStackedLists } from './use-narrow.js';

const useStyles = makeStyles({
  section: { marginTop: '32px' },
  table: { background: tokens.colorNeutralBackground1 },
  amount: { textAlign: 'end', fontVariantNumeric: 'tabular-nums' },
});

/**
 * Bills & payments' credit notes: what the seller took back from what was billed (a refund to the card,
 * or an invoice that owes less), each a numbered document to download. Shown once there is one.
 */
export function CreditNotesSection() {
  const styles = useStyles();
  const t = useT();
  const formatMoney = useFormatMoney();
  const formatDate = useFormatDate();
  const stacked = useStackedLists();
  const notes = useQuery({
    queryKey: queryKeys.creditNotes,
    queryFn: () => getJson<CreditNote[]>('/api/credit-notes'),
  });
  if (!notes.data || notes.data.length === 0) return null;
  // A credit to the balance is on no invoice.
  const invoicesOf = (note: CreditNote) => note.lines.map((line) => line.invoiceNumber).join(', ') || '—';
  const download = (note: CreditNote) => (
    <Link href={`/api/credit-notes/${note.id}/pdf`} download={`${note.number}.pdf`}>
      <ArrowDownload20Regular style={{ verticalAlign: 'middle' }} /> {t('bills.downloadPdf')}
    </Link>
  );
  const columns = {
    number: t('creditNotes.column.number'),
    date: t('creditNotes.column.date'),
    invoices: t('creditNotes.column.invoices'),
    kind: t('creditNotes.column.kind'),
    amount: t('creditNotes.column.amount'),
  };
  return (
    <section className={styles.section} aria-labelledby="credit-notes-title">
      <Title3 as="h2" id="credit-notes-title">
        {t('creditNotes.title')}
      </Title3>
      <Text as="p" block>
        {t('creditNotes.description')}
      </Text>
      {stacked ? (
        <StackedList
          label={t('creditNotes.title')}
          items={notes.data.map((note) => ({
            key: note.id,
            testId: 'credit-note-row',
            title: <Text weight="semibold">{note.number}</Text>,
            fields: [
              { label: columns.amount, value: formatMoney(note.amountMinor, note.currency) },
              { label: columns.kind, value: t(`creditNotes.kind.${note.kind}`) },
              { label: columns.invoices, value: invoicesOf(note) },
              { label: columns.date, value: formatDate(note.issuedOn) },
            ],
            actions: download(note),
          }))}
        />
      ) : (
        <TableScroll label={t('creditNotes.title')} minWidthPx={760}>
          <Table className={styles.table} aria-label={t('creditNotes.title')}>
            <TableHeader>
              <TableRow>
                <TableHeaderCell>{columns.number}</TableHeaderCell>
                <TableHeaderCell>{columns.date}</TableHeaderCell>
                <TableHeaderCell>{columns.invoices}</TableHeaderCell>
                <TableHeaderCell>{columns.kind}</TableHeaderCell>
                <TableHeaderCell className={styles.amount}>{columns.amount}</TableHeaderCell>
                <TableHeaderCell>{t('bills.column.actions')}</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {notes.data.map((note) => (
                <TableRow key={note.id} data-testid="credit-note-row">
                  <TableCell>{note.number}</TableCell>
                  <TableCell>{formatDate(note.issuedOn)}</TableCell>
                  <TableCell>{invoicesOf(note)}</TableCell>
                  <TableCell>{t(`creditNotes.kind.${note.kind}`)}</TableCell>
                  <TableCell className={styles.amount}>
                    {formatMoney(note.amountMinor, note.currency)}
                  </TableCell>
                  <TableCell>{download(note)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </TableScroll>
      )}
    </section>
  );
}
