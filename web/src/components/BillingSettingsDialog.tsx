import {
  MessageBar,
  MessageBarBody,
  Radio,
  RadioGroup,
  Spinner,
  Switch,
  Text,
} from '@fluentui/react-components';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import {
  ApiError,
  getJson,
  newIdempotencyKey,
  type RenewalPreview,
  type SubscriptionDetails,
  sendJson,
} from '../api.js';
import { useFormatDate, useFormatMoney } from '../format.js';
import { useT } from '../i18n/use-t.js';
import { queryKeys } from '../query-keys.js';
import { ActionDialog } from './ActionDialog.js';

/** Recurring billing and billing frequency, with what the next invoice will be before anything is saved. */
export function BillingSettingsDialog(props: {
  subscription: SubscriptionDetails;
  onClose: () => void;
  onSaved: () => void;
}) {
  const formatMoney = useFormatMoney();
  const formatDate = useFormatDate();
  const t = useT();
  const [frequency, setFrequency] = useState(props.subscription.billingFrequency);
  const [recurring, setRecurring] = useState(props.subscription.recurringBilling);
  const preview = useQuery({
    queryKey: queryKeys.renewal(props.subscription.id, frequency, recurring),
    queryFn: () =>
      getJson<RenewalPreview>(
        `/api/subscriptions/${props.subscription.id}/renewal?billingFrequency=${frequency}&recurringBilling=${recurring}`,
      ),
  });
  const save = useMutation({
    mutationFn: () =>
      sendJson(
        'PATCH',
        `/api/subscriptions/${props.subscription.id}`,
        { billingFrequency: frequency, recurringBilling: recurring },
        newIdempotencyKey(),
      ),
    onSuccess: props.onSaved,
  });
  const p = preview.data;
  return (
    <ActionDialog
      title={t('settings.title')}
      open
      busy={save.isPending}
      error={save.error ? (save.error instanceof ApiError ? save.error.message : t('common.error')) : null}
      confirmLabel={t('settle.save')}
      confirmDisabled={!p}
      onConfirm={() => save.mutate()}
      onClose={props.onClose}
    >
      <Switch
        checked={recurring}
        onChange={(_e, d) => setRecurring(d.checked)}
        label={t('details.recurringBilling')}
        data-testid="recurring-switch"
      />
      <RadioGroup
        value={frequency}
        onChange={(_e, d) => setFrequency(d.value as 'monthly' | 'annual')}
        aria-label={t('details.billingFrequency')}
      >
        <Radio value="monthly" label={t('frequency.monthly')} />
        <Radio value="annual" label={t('frequency.annual')} />
      </RadioGroup>
      {preview.isPending ? <Spinner size="tiny" /> : null}
      {p ? (
        <MessageBar intent="info" layout="multiline" data-testid="renewal-preview">
          <MessageBarBody>
            {p.recurringBilling && p.nextInvoiceDate && p.periodEnd
              ? t('settings.preview', {
                  date: formatDate(p.nextInvoiceDate),
                  total: formatMoney(p.totalMinor, p.currency),
                  tax: formatMoney(p.taxMinor, p.currency),
                  until: formatDate(p.periodEnd),
                })
              : t('settings.previewOff', { date: formatDate(props.subscription.nextBillingDate) })}
          </MessageBarBody>
        </MessageBar>
      ) : null}
      <Text size={200}>{t('settings.fromNextRenewal')}</Text>
    </ActionDialog>
  );
}
