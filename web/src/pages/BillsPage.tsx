import {
  Button,
  Field,
  Link,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  makeStyles,
  Select,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  Title2,
  tokens,
} from '@fluentui/react-components';
import { ArrowDownload20Regular } from '@fluentui/react-icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useIntl } from 'react-intl';
import { can } from '../../../src/domain/permissions.js';
import { getJson, type Invoice, type Me, type PaymentResult, type SubscriptionDetails } from '../api.js';
import { BankTransferCard } from '../components/BankTransferCard.js';
import { CreditBalanceBar } from '../components/CreditBalanceBar.js';
import { CreditNotesSection } from '../components/CreditNotesSection.js';
import { DateRangeFields, rangeIsBackwards } from '../components/DateRangeFields.js';
import { EInvoiceLines } from '../components/EInvoiceLines.js';
import { InvoiceStatusBadge } from '../components/InvoiceStatusBadge.js';
import { ListToolbar } from '../components/ListToolbar.js';
import { QueryStatus } from '../components/QueryStatus.js';
import { SettleBalanceDrawer } from '../components/SettleBalanceDrawer.js';
import { StackedList } from '../components/StackedList.js';
import { TableScroll } from '../components/TableScroll.js';
import { useStackedLists } from '../components/use-narrow.js';
import { useSorted } from '../components/use-sorted.js';
import { downloadCsv } from '../csv.js';
import { useCardLabel, useFormatDate, useFormatMoney } from '../format.js';
import { useT } from '../i18n/use-t.js';
import { queryKeys, refreshBilling } from '../query-keys.js';

const useStyles = makeStyles({
  filters: { display: 'flex', gap: '16px', alignItems: 'end', margin: '16px 0', flexWrap: 'wrap' },
  table: { background: tokens.colorNeutralBackground1 },
  amount: { textAlign: 'end', fontVariantNumeric: 'tabular-nums' },
  description: { color: tokens.colorNeutralForeground3 },
  // Wide enough for Download PDF and Pay now side by side: the table is laid out fixed.
  actions: { width: '240px' },
  number: { width: '150px' },
});

export function BillsPage(props: { me: Me }) {
  const styles = useStyles();
  const queryClient = useQueryClient();
  const formatMoney = useFormatMoney();
  const formatDate = useFormatDate();
  const cardLabel = useCardLabel();
  const t = useT();
  const intl = useIntl();
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [status, setStatus] = useState('');
  const [paying, setPaying] = useState<SubscriptionDetails | null>(null);
  const [paid, setPaid] = useState<PaymentResult | null>(null);
  const params = new URLSearchParams({ ...(from && { from }), ...(to && { to }), ...(status && { status }) });
  const rangeBackwards = rangeIsBackwards(from, to);
  const invoices = useQuery({
    queryKey: queryKeys.invoices(from, to, status),
    queryFn: () => getJson<Invoice[]>(`/api/invoices?${params}`),
    enabled: !rangeBackwards,
  });
  const canPay = can(props.me.role, 'billing.manage');
  const [search, setSearch] = useState('');
  const needle = search.trim().toLocaleLowerCase();
  const found = (invoices.data ?? []).filter(
    (invoice) =>
      invoice.number.toLocaleLowerCase().includes(needle) ||
      invoice.productName.toLocaleLowerCase().includes(needle),
  );
  const stacked = useStackedLists();
  const { sorted, header, choice } = useSorted(
    found,
    {
      number: (invoice) => invoice.number,
      date: (invoice) => invoice.issuedOn,
      product: (invoice) => invoice.productName,
      period: (invoice) => invoice.periodStart,
      amount: (invoice) => invoice.amountMinor,
      status: (invoice) => invoice.status,
    },
    intl.locale,
  );
  // Each column's name, in the order of the table, the CSV and the phone's sort choices.
  const columns = {
    number: t('bills.column.number'),
    date: t('bills.column.date'),
    product: t('products.column.product'),
    period: t('bills.column.period'),
    amount: t('bills.column.amount'),
    status: t('products.column.status'),
  };
  const exportCsv = () =>
    downloadCsv('invoices', [
      Object.values(columns),
      ...sorted.map((invoice) => [
        invoice.number,
        formatDate(invoice.issuedOn),
        invoice.productName,
        period(invoice),
        formatMoney(invoice.amountMinor, invoice.currency),
        t.known(`bills.status.${invoice.status}`) ?? invoice.status,
      ]),
    ]);

  const payNow = async (invoice: Invoice) => {
    setPaid(null);
    // An invoice is paid as part of its subscription's whole outstanding balance: one charge, never two.
    setPaying(await getJson<SubscriptionDetails>(`/api/subscriptions/${invoice.subscriptionId}`));
  };

  const actions = (invoice: Invoice) => (
    <>
      <Link href={`/api/invoices/${invoice.id}/pdf`} download={`${invoice.number}.pdf`}>
        <ArrowDownload20Regular style={{ verticalAlign: 'middle' }} /> {t('bills.downloadPdf')}
      </Link>
      {invoice.status === 'open' && canPay ? (
        <Button size="small" appearance="primary" onClick={() => void payNow(invoice)}>
          {t('bills.payNow')}
        </Button>
      ) : null}
    </>
  );
  // What was billed, and under it what credit notes took off (the rest is what it owes).
  const amount = (invoice: Invoice) => (
    <>
      {formatMoney(invoice.amountMinor, invoice.currency)}
      {invoice.amountCreditedMinor > 0 ? (
        <Text as="span" block size={200} className={styles.description}>
          {t('bills.credited', { amount: formatMoney(invoice.amountCreditedMinor, invoice.currency) })}
        </Text>
      ) : null}
      {invoice.amountPaidMinor > 0 ? (
        <Text as="span" block size={200} className={styles.description}>
          {t('bills.partlyPaid', { amount: formatMoney(invoice.amountPaidMinor, invoice.currency) })}
        </Text>
      ) : null}
    </>
  );
  const period = (invoice: Invoice) =>
    `${formatDate(invoice.periodStart)} – ${formatDate(invoice.periodEnd)}`;

  return (
    <section>
      <Title2 as="h1">{t('bills.title')}</Title2>
      <Text as="p" block className={styles.description}>
        {t('bills.description')}
      </Text>
      {paid ? (
        <MessageBar intent="success" data-testid="bill-paid">
          <MessageBarBody>
            <MessageBarTitle>{t('details.settledTitle')}</MessageBarTitle>
            {t('details.settledBody', {
              amount: formatMoney(paid.amountMinor, paid.currency),
              card: cardLabel(paid.card),
            })}
          </MessageBarBody>
        </MessageBar>
      ) : null}
      <CreditBalanceBar />
      <BankTransferCard />
      <div className={styles.filters}>
        <DateRangeFields from={from} to={to} onFrom={setFrom} onTo={setTo} testIdPrefix="bills" />
        <Field label={t('bills.status')}>
          <Select value={status} onChange={(_e, d) => setStatus(d.value)} data-testid="bills-status">
            <option value="">{t('bills.status.all')}</option>
            <option value="open">{t('bills.status.open')}</option>
            <option value="paid">{t('bills.status.paid')}</option>
            <option value="void">{t('bills.status.void')}</option>
          </Select>
        </Field>
      </div>
      {rangeBackwards ? null : <QueryStatus query={invoices} />}
      {invoices.data?.length === 0 ? <Text>{t('bills.empty')}</Text> : null}
      {invoices.data && invoices.data.length > 0 ? (
        <ListToolbar search={search} onSearch={setSearch} onExport={exportCsv} />
      ) : null}
      {invoices.data && invoices.data.length > 0 && sorted.length === 0 ? (
        <Text>{t('list.noMatch')}</Text>
      ) : null}
      {sorted.length > 0 && stacked ? (
        <StackedList
          label={t('bills.invoices')}
          sort={choice(columns)}
          items={sorted.map((invoice) => ({
            key: invoice.id,
            testId: 'invoice-row',
            title: <Text weight="semibold">{invoice.number}</Text>,
            badge: <InvoiceStatusBadge status={invoice.status} />,
            fields: [
              { label: columns.amount, value: amount(invoice) },
              { label: columns.product, value: invoice.productName },
              { label: columns.date, value: formatDate(invoice.issuedOn) },
              { label: columns.period, value: period(invoice) },
              ...(invoice.einvoices.length > 0
                ? [
                    {
                      label: t('bills.column.einvoice'),
                      value: <EInvoiceLines einvoices={invoice.einvoices} />,
                    },
                  ]
                : []),
            ],
            actions: actions(invoice),
          }))}
        />
      ) : null}
      {sorted.length > 0 && !stacked ? (
        <TableScroll label={t('bills.invoices')} minWidthPx={880}>
          <Table className={styles.table} aria-label={t('bills.invoices')} sortable>
            <TableHeader>
              <TableRow>
                <TableHeaderCell {...header('number')} className={styles.number}>
                  {columns.number}
                </TableHeaderCell>
                <TableHeaderCell {...header('date')}>{columns.date}</TableHeaderCell>
                <TableHeaderCell {...header('product')}>{columns.product}</TableHeaderCell>
                <TableHeaderCell {...header('period')}>{columns.period}</TableHeaderCell>
                <TableHeaderCell {...header('amount')} className={styles.amount}>
                  {columns.amount}
                </TableHeaderCell>
                <TableHeaderCell {...header('status')}>{columns.status}</TableHeaderCell>
                <TableHeaderCell className={styles.actions}>{t('bills.column.actions')}</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {sorted.map((invoice) => (
                <TableRow key={invoice.id} data-testid="invoice-row">
                  <TableCell>
                    {invoice.number}
                    <EInvoiceLines einvoices={invoice.einvoices} className={styles.description} />
                  </TableCell>
                  <TableCell>{formatDate(invoice.issuedOn)}</TableCell>
                  <TableCell>{invoice.productName}</TableCell>
                  <TableCell>{period(invoice)}</TableCell>
                  <TableCell className={styles.amount}>{amount(invoice)}</TableCell>
                  <TableCell>
                    <InvoiceStatusBadge status={invoice.status} />
                  </TableCell>
                  <TableCell>
                    <span
                      style={{ display: 'inline-flex', gap: 8, alignItems: 'center', whiteSpace: 'nowrap' }}
                    >
                      {actions(invoice)}
                    </span>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </TableScroll>
      ) : null}
      <CreditNotesSection />
      {paying ? (
        <SettleBalanceDrawer
          open
          subscription={paying}
          me={props.me}
          onClose={() => setPaying(null)}
          onBalanceMoved={() => void refreshBilling(queryClient)}
          onSettled={(result) => {
            setPaying(null);
            setPaid(result);
            void refreshBilling(queryClient);
          }}
        />
      ) : null}
    </section>
  );
}
