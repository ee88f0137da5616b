import {
  Button,
  Field,
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
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useIntl } from 'react-intl';
import { type AuditEntry, getJson } from '../api.js';
import { DateRangeFields, rangeIsBackwards } from '../components/DateRangeFields.js';
import { QueryStatus } from '../components/QueryStatus.js';
import { StackedList } from '../components/StackedList.js';
import { TableScroll } from '../components/TableScroll.js';
import { useStackedLists } from '../components/use-narrow.js';
import { downloadCsv } from '../csv.js';
import { useCardExpiry, useCardLabel, useFormatMoney } from '../format.js';
import { useT } from '../i18n/use-t.js';
import { queryKeys } from '../query-keys.js';

const useStyles = makeStyles({
  description: { color: tokens.colorNeutralForeground3, margin: '4px 0 16px' },
  filters: { display: 'flex', gap: '16px', alignItems: 'end', flexWrap: 'wrap', margin: '0 0 16px' },
  table: { background: tokens.colorNeutralBackground1 },
  details: { color: tokens.colorNeutralForeground2, overflowWrap: 'anywhere' },
});

export function AuditLogPage(props: { currency: string }) {
  const styles = useStyles();
  const intl = useIntl();
  const t = useT();
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [action, setAction] = useState('');
  const [person, setPerson] = useState('');
  const stacked = useStackedLists();
  const backwards = rangeIsBackwards(from, to);
  const params = new URLSearchParams({
    limit: '500',
    ...(from && { from }),
    ...(to && { to }),
    ...(action && { action }),
    ...(person && { actorUserId: person }),
  });
  const entries = useQuery({
    queryKey: [...queryKeys.auditLog, from, to, action, person],
    queryFn: () => getJson<AuditEntry[]>(`/api/audit-log?${params}`),
    enabled: !backwards,
  });
  // The people and activities to filter by: those the log has shown (the unfiltered first page).
  const everyone = useQuery({
    queryKey: [...queryKeys.auditLog, 'choices'],
    queryFn: () => getJson<AuditEntry[]>('/api/audit-log?limit=500'),
  });
  const formatMoney = useFormatMoney();
  const cardLabel = useCardLabel();
  const actionLabel = (code: string) => t.known(`audit.action.${code}`) ?? code;
  const statusLabel = (value: unknown) =>
    (typeof value === 'string' ? t.known(`status.${value}`) : undefined) ?? String(value ?? '—');
  const frequencyLabel = (value: unknown) =>
    (typeof value === 'string' ? t.known(`frequency.${value}`) : undefined) ?? String(value ?? '—');
  const expires = useCardExpiry();
  /** An expiry change's "8/2028". */
  const expiry = (value: unknown) => {
    const [month, year] = String(value ?? '').split('/');
    return month && year ? expires(month, year) : '—';
  };
  const onOff = (value: unknown) => (value ? t('details.on') : t('details.off'));
  const settings = (frequency: unknown, recurring: unknown) =>
    t('audit.billingSettings', { frequency: frequencyLabel(frequency), recurring: onOff(recurring) });
  // What an admin needs to read, in their language; internal ids stay in the API for those who want them.
  const describe = (entry: AuditEntry) => {
    const { details } = entry;
    const parts: string[] = [];
    if (details.amountMinor !== undefined)
      parts.push(formatMoney(Number(details.amountMinor), String(details.currency ?? props.currency)));
    if (typeof details.failureCode === 'string')
      parts.push(t.known(`decline.${details.failureCode}`) ?? details.failureCode);
    if (details.fromFrequency !== undefined)
      parts.push(
        `${settings(details.fromFrequency, details.fromRecurring)} → ${settings(details.toFrequency, details.toRecurring)}`,
      );
    else if (entry.action === 'subscription.payment_method_changed') {
      // A card no longer on file (removed since) is still named by what the entry knew: nothing.
      const card = (id: unknown) => {
        const known = typeof id === 'string' ? entry.cards[id] : undefined;
        return known ? cardLabel(known) : '—';
      };
      parts.push(`${card(details.from)} → ${card(details.to)}`);
    } else if (entry.action === 'payment_method.expiry_changed')
      parts.push(`${expiry(details.from)} → ${expiry(details.to)}`);
    else if (details.from !== undefined || details.to !== undefined)
      parts.push(`${statusLabel(details.from)} → ${statusLabel(details.to)}`);
    // A card added or deleted: which one, beyond its brand and last digits.
    if (typeof details.expMonth === 'number' && typeof details.expYear === 'number')
      parts.push(expires(details.expMonth, details.expYear));
    if (typeof details.invoices === 'number')
      parts.push(intl.formatMessage({ id: 'audit.invoices' }, { count: details.invoices }));
    return parts.join(' · ');
  };
  const about = (entry: AuditEntry) =>
    entry.target.card ? cardLabel(entry.target.card) : (entry.target.name ?? '');
  const when = (entry: AuditEntry) => intl.formatDate(entry.at, { dateStyle: 'medium', timeStyle: 'short' });
  const who = (entry: AuditEntry) => entry.actorName ?? t('audit.system');

  const download = () =>
    downloadCsv('audit-log', [
      [
        t('audit.when'),
        t('audit.who'),
        t('audit.what'),
        t('audit.about'),
        t('audit.details'),
        t('audit.ip'),
        t('audit.userAgent'),
      ],
      ...(entries.data ?? []).map((entry) => [
        new Date(entry.at).toISOString(),
        who(entry),
        actionLabel(entry.action),
        about(entry),
        describe(entry),
        entry.ip ?? '',
        entry.userAgent ?? '',
      ]),
    ]);

  const people = new Map(
    (everyone.data ?? [])
      .filter((entry) => entry.actorUserId)
      .map((entry) => [entry.actorUserId as string, who(entry)]),
  );
  const actions = [...new Set((everyone.data ?? []).map((entry) => entry.action))].sort();
  return (
    <section>
      <Title2 as="h1">{t('audit.title')}</Title2>
      <Text as="p" block className={styles.description}>
        {t('audit.description')}
      </Text>
      <div className={styles.filters}>
        <DateRangeFields from={from} to={to} onFrom={setFrom} onTo={setTo} testIdPrefix="audit" />
        <Field label={t('audit.what')}>
          <Select value={action} onChange={(_e, d) => setAction(d.value)} data-testid="audit-action">
            <option value="">{t('audit.allActivities')}</option>
            {actions.map((code) => (
              <option key={code} value={code}>
                {actionLabel(code)}
              </option>
            ))}
          </Select>
        </Field>
        <Field label={t('audit.who')}>
          <Select value={person} onChange={(_e, d) => setPerson(d.value)} data-testid="audit-person">
            <option value="">{t('audit.everyone')}</option>
            {[...people].map(([id, name]) => (
              <option key={id} value={id}>
                {name}
              </option>
            ))}
          </Select>
        </Field>
        <Button icon={<ArrowDownload20Regular />} onClick={download} disabled={!entries.data?.length}>
          {t('audit.exportCsv')}
        </Button>
      </div>
      {backwards ? null : <QueryStatus query={entries} />}
      {entries.data?.length === 0 ? <Text>{t('audit.empty')}</Text> : null}
      {entries.data && entries.data.length > 0 && stacked ? (
        <StackedList
          label={t('audit.title')}
          items={entries.data.map((entry) => ({
            key: entry.id,
            testId: 'audit-row',
            title: <Text weight="semibold">{actionLabel(entry.action)}</Text>,
            fields: [
              { label: t('audit.when'), value: when(entry) },
              { label: t('audit.who'), value: who(entry) },
              { label: t('audit.about'), value: about(entry) },
              { label: t('audit.details'), value: describe(entry) },
            ].filter((field) => field.value !== ''),
          }))}
        />
      ) : null}
      {entries.data && entries.data.length > 0 && !stacked ? (
        <TableScroll label={t('audit.title')} minWidthPx={860}>
          <Table className={styles.table} aria-label={t('audit.title')}>
            <TableHeader>
              <TableRow>
                <TableHeaderCell>{t('audit.when')}</TableHeaderCell>
                <TableHeaderCell>{t('audit.who')}</TableHeaderCell>
                <TableHeaderCell>{t('audit.what')}</TableHeaderCell>
                <TableHeaderCell>{t('audit.about')}</TableHeaderCell>
                <TableHeaderCell>{t('audit.details')}</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {entries.data.map((entry) => (
                <TableRow key={entry.id} data-testid="audit-row">
                  <TableCell>{when(entry)}</TableCell>
                  <TableCell>{who(entry)}</TableCell>
                  <TableCell>{actionLabel(entry.action)}</TableCell>
                  <TableCell>{about(entry)}</TableCell>
                  <TableCell className={styles.details}>{describe(entry)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </TableScroll>
      ) : null}
    </section>
  );
}
