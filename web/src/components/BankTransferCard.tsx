import { Card, makeStyles, Subtitle2, Text, tokens } from '@fluentui/react-components';
import { useQuery } from '@tanstack/react-query';
import { type BillingSummary, getJson } from '../api.js';
import { useFormatMoney } from '../format.js';
import { useT } from '../i18n/use-t.js';
import { queryKeys } from '../query-keys.js';

const useStyles = makeStyles({
  card: { margin: '12px 0', maxWidth: '560px' },
  title: { margin: 0 },
  facts: {
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    columnGap: '16px',
    rowGap: '4px',
    margin: 0,
    '@media (max-width: 480px)': { gridTemplateColumns: '1fr' },
  },
  term: { color: tokens.colorNeutralForeground2 },
  value: { margin: 0, overflowWrap: 'anywhere' },
  account: { fontFamily: tokens.fontFamilyMonospace, fontWeight: tokens.fontWeightSemibold },
});

/** For an organization that pays its invoices itself: its own account at the seller's bank. */
export function BankTransferCard() {
  const t = useT();
  const styles = useStyles();
  const formatMoney = useFormatMoney();
  const summary = useQuery({
    queryKey: queryKeys.billingSummary,
    queryFn: () => getJson<BillingSummary>('/api/billing/summary'),
  });
  const bank = summary.data?.bankTransfer;
  if (!summary.data || !bank) return null;
  const owed = summary.data.outstandingMinor;
  const facts: [string, string, string?][] = [
    [t('transfer.bank'), `${bank.bankCode} ${bank.bankName}`],
    [t('transfer.account'), bank.accountNumber, styles.account],
    [t('transfer.name'), bank.accountName],
    ...(owed > 0
      ? ([[t('transfer.owed'), formatMoney(owed, summary.data.currency)]] as [string, string][])
      : []),
  ];
  return (
    <Card className={styles.card} data-testid="bank-transfer" aria-labelledby="bank-transfer-title">
      <Subtitle2 as="h2" id="bank-transfer-title" className={styles.title}>
        {t('transfer.title')}
      </Subtitle2>
      <dl className={styles.facts}>
        {facts.map(([term, value, className]) => (
          <div key={term} style={{ display: 'contents' }}>
            <dt className={styles.term}>{term}</dt>
            <dd className={`${styles.value} ${className ?? ''}`}>{value}</dd>
          </div>
        ))}
      </dl>
      <Text>{t('transfer.note')}</Text>
    </Card>
  );
}
