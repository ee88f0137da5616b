import { MessageBar, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';
import { useQuery } from '@tanstack/react-query';
import { type BillingSummary, getJson } from '../api.js';
import { useFormatMoney } from '../format.js';
import { useT } from '../i18n/use-t.js';
import { queryKeys } from '../query-keys.js';

/** The organization's credit balance, when it has one: kept for its next invoices, before any card. */
export function CreditBalanceBar() {
  const t = useT();
  const formatMoney = useFormatMoney();
  const summary = useQuery({
    queryKey: queryKeys.billingSummary,
    queryFn: () => getJson<BillingSummary>('/api/billing/summary'),
  });
  const credit = summary.data?.creditBalanceMinor ?? 0;
  if (!summary.data || credit <= 0) return null;
  return (
    <MessageBar intent="success" layout="multiline" data-testid="credit-balance" style={{ margin: '12px 0' }}>
      <MessageBarBody>
        <MessageBarTitle>
          {t('credit.title', { amount: formatMoney(credit, summary.data.currency) })}
        </MessageBarTitle>
        {t('credit.body')}
      </MessageBarBody>
    </MessageBar>
  );
}
