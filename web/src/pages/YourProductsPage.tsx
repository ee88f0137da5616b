import {
  Button,
  Link,
  MessageBar,
  MessageBarBody,
  makeStyles,
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
import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useIntl } from 'react-intl';
import { type BillingSummary, getJson, type SubscriptionPage } from '../api.js';
import { CreditBalanceBar } from '../components/CreditBalanceBar.js';
import { ListToolbar } from '../components/ListToolbar.js';
import { QueryStatus } from '../components/QueryStatus.js';
import { StackedList } from '../components/StackedList.js';
import { StatusBadge } from '../components/StatusBadge.js';
import { nextBilling } from '../components/subscription/next-billing.js';
import { TableScroll } from '../components/TableScroll.js';
import { useDebounced } from '../components/use-debounced.js';
import { useStackedLists } from '../components/use-narrow.js';
import { useSorted } from '../components/use-sorted.js';
import { downloadCsv } from '../csv.js';
import { useFormatDate, useFormatMoney } from '../format.js';
import { useT } from '../i18n/use-t.js';
import { queryKeys } from '../query-keys.js';
import { followInPlace } from '../router.js';

const useStyles = makeStyles({
  header: { display: 'flex', flexDirection: 'column', gap: '4px', marginBottom: '16px' },
  description: { color: tokens.colorNeutralForeground3 },
  table: { background: tokens.colorNeutralBackground1, marginTop: '16px' },
  amount: { textAlign: 'end', fontVariantNumeric: 'tabular-nums' },
  due: { color: tokens.colorPaletteRedForeground1, fontWeight: tokens.fontWeightSemibold },
});

export function YourProductsPage() {
  const styles = useStyles();
  const intl = useIntl();
  const formatMoney = useFormatMoney();
  const formatDate = useFormatDate();
  const [search, setSearch] = useState('');
  // The server searches the whole organization (not only the 50 rows loaded); while it answers, the
  // rows already here are filtered at once.
  const serverSearch = useDebounced(search.trim());
  const query = useInfiniteQuery({
    queryKey: [...queryKeys.subscriptionList, serverSearch],
    queryFn: ({ pageParam }) =>
      getJson<SubscriptionPage>(
        `/api/subscriptions?limit=50${serverSearch ? `&q=${encodeURIComponent(serverSearch)}` : ''}${
          pageParam ? `&after=${encodeURIComponent(pageParam)}` : ''
        }`,
      ),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
  // The whole organization's figures, not just the rows loaded so far.
  const summary = useQuery({
    queryKey: queryKeys.billingSummary,
    queryFn: () => getJson<BillingSummary>('/api/billing/summary'),
  });
  const items = query.data?.pages.flatMap((page) => page.items) ?? [];
  // "Nothing matches" only once the server has answered for what is typed now.
  const searching = serverSearch !== search.trim() || query.isFetching;
  const found = items.filter((item) =>
    item.productName.toLocaleLowerCase().includes(search.trim().toLocaleLowerCase()),
  );
  const stacked = useStackedLists();
  const { sorted, header, choice } = useSorted(
    found,
    {
      product: (item) => item.productName,
      licenses: (item) => item.licenses,
      frequency: (item) => item.billingFrequency,
      nextBilling: (item) => {
        const next = nextBilling(item);
        return next.kind === 'renews' ? next.date : '';
      },
      status: (item) => item.status,
      amountDue: (item) => item.amountDueMinor,
    },
    intl.locale,
  );
  const pastDue = summary.data?.pastDueSubscriptions ?? 0;
  const t = useT();
  // Each column's name, in the order of the table, the CSV and the phone's sort choices.
  const columns = {
    product: t('products.column.product'),
    licenses: t('products.column.licenses'),
    frequency: t('products.column.frequency'),
    nextBilling: t('products.column.nextBilling'),
    status: t('products.column.status'),
    amountDue: t('products.column.amountDue'),
  };
  const amountDue = (item: (typeof items)[number]) => (
    <span className={item.amountDueMinor > 0 && item.pastDueSince ? styles.due : undefined}>
      {formatMoney(item.amountDueMinor, item.currency)}
    </span>
  );
  /** Its next billing date; the day it ends when canceled at the period's end; a dash when it bills no more. */
  const billingText = (item: (typeof items)[number]) => {
    const next = nextBilling(item);
    if (next.kind === 'none') return '—';
    return next.kind === 'ends'
      ? t('products.endsOn', { date: formatDate(next.date) })
      : formatDate(next.date);
  };
  const exportCsv = () =>
    downloadCsv('subscriptions', [
      Object.values(columns),
      ...sorted.map((item) => [
        item.productName,
        String(item.licenses),
        t(`frequency.${item.billingFrequency}`),
        billingText(item),
        t.known(`status.${item.status}`) ?? item.status,
        formatMoney(item.amountDueMinor, item.currency),
      ]),
    ]);

  return (
    <section>
      <div className={styles.header}>
        <Title2 as="h1">{t('products.title')}</Title2>
        <Text className={styles.description}>{t('products.description')}</Text>
      </div>
      {pastDue > 0 ? (
        <MessageBar intent="warning" data-testid="past-due-banner">
          <MessageBarBody>
            {t('products.pastDueBanner', {
              count: pastDue,
              amount: formatMoney(summary.data?.outstandingMinor ?? 0, summary.data?.currency ?? 'USD'),
            })}
          </MessageBarBody>
        </MessageBar>
      ) : null}
      <CreditBalanceBar />
      <QueryStatus query={query} />
      {query.isSuccess && items.length === 0 && !serverSearch ? <Text>{t('products.empty')}</Text> : null}
      {items.length > 0 || search ? (
        <ListToolbar search={search} onSearch={setSearch} onExport={exportCsv} />
      ) : null}
      {query.isSuccess && !searching && (items.length > 0 || search) && sorted.length === 0 ? (
        <Text>{t('list.noMatch')}</Text>
      ) : null}
      {sorted.length > 0 && stacked ? (
        <StackedList
          label={t('products.title')}
          sort={choice(columns)}
          items={sorted.map((item) => ({
            key: item.id,
            testId: 'subscription-row',
            title: <ProductLink id={item.id} name={item.productName} />,
            badge: <StatusBadge subscription={item} />,
            fields: [
              { label: columns.amountDue, value: amountDue(item) },
              { label: columns.licenses, value: intl.formatNumber(item.licenses) },
              { label: columns.frequency, value: t(`frequency.${item.billingFrequency}`) },
              { label: columns.nextBilling, value: billingText(item) },
            ],
          }))}
        />
      ) : null}
      {sorted.length > 0 && !stacked ? (
        <TableScroll label={t('products.title')} minWidthPx={640}>
          <Table className={styles.table} aria-label={t('products.title')} sortable>
            <TableHeader>
              <TableRow>
                <TableHeaderCell {...header('product')}>{columns.product}</TableHeaderCell>
                <TableHeaderCell {...header('licenses')}>{columns.licenses}</TableHeaderCell>
                <TableHeaderCell {...header('frequency')}>{columns.frequency}</TableHeaderCell>
                <TableHeaderCell {...header('nextBilling')}>{columns.nextBilling}</TableHeaderCell>
                <TableHeaderCell {...header('status')}>{columns.status}</TableHeaderCell>
                <TableHeaderCell {...header('amountDue')} className={styles.amount}>
                  {columns.amountDue}
                </TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {sorted.map((item) => (
                <TableRow key={item.id} data-testid="subscription-row">
                  <TableCell>
                    <ProductLink id={item.id} name={item.productName} />
                  </TableCell>
                  <TableCell>{intl.formatNumber(item.licenses)}</TableCell>
                  <TableCell>{t(`frequency.${item.billingFrequency}`)}</TableCell>
                  <TableCell>{billingText(item)}</TableCell>
                  <TableCell>
                    <StatusBadge subscription={item} />
                  </TableCell>
                  <TableCell className={styles.amount}>{amountDue(item)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </TableScroll>
      ) : null}
      {query.hasNextPage ? (
        <Button
          style={{ marginTop: 12 }}
          onClick={() => query.fetchNextPage()}
          disabled={query.isFetchingNextPage}
        >
          {t('products.showMore')}
        </Button>
      ) : null}
    </section>
  );
}

/** A subscription's name, a link to it (it opens in a new tab too: a real address). */
function ProductLink(props: { id: string; name: string }) {
  return (
    <Link href={`/billing/products/${props.id}`} onClick={followInPlace(`/billing/products/${props.id}`)}>
      {props.name}
    </Link>
  );
}
