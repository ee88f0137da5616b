import {
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
import { useQuery } from '@tanstack/react-query';
import { useIntl } from 'react-intl';
import { type AuditEntry, getJson } from '../api.js';
import { QueryStatus } from '../components/QueryStatus.js';
import { TableScroll } from '../components/TableScroll.js';
import { useFormatMoney } from '../format.js';
import { useT } from '../i18n/use-t.js';
import { queryKeys } from '../query-keys.js';

const useStyles = makeStyles({
  description: { color: tokens.colorNeutralForeground3, margin: '4px 0 16px' },
  table: { background: tokens.colorNeutralBackground1 },
  details: { color: tokens.colorNeutralForeground2, overflowWrap: 'anywhere' },
});

export function AuditLogPage(props: { currency: string }) {
  const styles = useStyles();
  const intl = useIntl();
  const t = useT();
  const entries = useQuery({
    queryKey: queryKeys.auditLog,
    queryFn: () => getJson<AuditEntry[]>('/api/audit-log?limit=200'),
  });
  const formatMoney = useFormatMoney();
  const actionLabel = (action: string) => t.known(`audit.action.${action}`) ?? action;
  const statusLabel = (value: unknown) =>
    (typeof value === 'string' ? t.known(`status.${value}`) : undefined) ?? String(value ?? '—');
  // What an admin needs to read; internal ids stay in the API for those who want them.
  const describe = (details: Record<string, unknown>) => {
    const parts: string[] = [];
    if (details.amountMinor !== undefined) {
      parts.push(formatMoney(Number(details.amountMinor), String(details.currency ?? props.currency)));
    }
    if (typeof details.failureCode === 'string') {
      parts.push(t.known(`decline.${details.failureCode}`) ?? details.failureCode);
    }
    if (details.from !== undefined || details.to !== undefined)
      parts.push(`${statusLabel(details.from)} → ${statusLabel(details.to)}`);
    if (typeof details.invoices === 'number')
      parts.push(intl.formatMessage({ id: 'audit.invoices' }, { count: details.invoices }));
    return parts.join(' · ');
  };
  return (
    <section>
      <Title2 as="h1">{t('audit.title')}</Title2>
      <Text as="p" block className={styles.description}>
        {t('audit.description')}
      </Text>
      <QueryStatus query={entries} />
      {entries.data ? (
        <TableScroll label={t('audit.title')} minWidthPx={720}>
          <Table className={styles.table} aria-label={t('audit.title')}>
            <TableHeader>
              <TableRow>
                <TableHeaderCell>{t('audit.when')}</TableHeaderCell>
                <TableHeaderCell>{t('audit.who')}</TableHeaderCell>
                <TableHeaderCell>{t('audit.what')}</TableHeaderCell>
                <TableHeaderCell>{t('audit.details')}</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {entries.data.map((entry) => (
                <TableRow key={entry.id} data-testid="audit-row">
                  <TableCell>
                    {intl.formatDate(entry.at, { dateStyle: 'medium', timeStyle: 'short' })}
                  </TableCell>
                  <TableCell>{entry.actorName ?? t('audit.system')}</TableCell>
                  <TableCell>{actionLabel(entry.action)}</TableCell>
                  <TableCell className={styles.details}>{describe(entry.details)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </TableScroll>
      ) : null}
    </section>
  );
}
