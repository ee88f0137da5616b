import { Button, Card, CardHeader, makeStyles, Radio, RadioGroup, Text } from '@fluentui/react-components';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { can } from '../../../../src/domain/permissions.js';
import { type Me, newIdempotencyKey, type SubscriptionDetails, sendJson } from '../../api.js';
import { useFormatDate } from '../../format.js';
import { useT } from '../../i18n/use-t.js';
import { refreshBilling } from '../../query-keys.js';
import { ActionDialog } from '../ActionDialog.js';

const useStyles = makeStyles({
  actions: { display: 'flex', gap: '8px', flexWrap: 'wrap' },
});

/** Cancel subscription and Reactivate this subscription, with what each will do, for those who manage billing. */
export function LifecycleCard(props: { subscription: SubscriptionDetails; me: Me }) {
  const styles = useStyles();
  const t = useT();
  const formatDate = useFormatDate();
  const queryClient = useQueryClient();
  const [dialog, setDialog] = useState<'cancel' | 'reactivate' | null>(null);
  const [when, setWhen] = useState<'period_end' | 'now'>('period_end');
  const { subscription } = props;
  const path = `/api/subscriptions/${subscription.id}`;
  const close = () => setDialog(null);
  const cancel = useMutation({
    mutationFn: () => sendJson('POST', `${path}/cancel`, { when }, newIdempotencyKey()),
    onSuccess: async () => {
      close();
      await refreshBilling(queryClient);
    },
  });
  const reactivate = useMutation({
    mutationFn: () => sendJson('POST', `${path}/reactivate`, {}, newIdempotencyKey()),
    onSuccess: async () => {
      close();
      await refreshBilling(queryClient);
    },
  });
  if (!can(props.me.role, 'billing.manage') || subscription.status === 'deleted') return null;
  const endsOn = formatDate(subscription.nextBillingDate);
  const active = subscription.status === 'active';
  const cancelable = active && subscription.recurringBilling;
  const owed = subscription.amountDueMinor > 0;
  const today = new Date().toISOString().slice(0, 10);
  const reactivateHint = active
    ? t('lifecycle.renewAgain', { date: endsOn })
    : subscription.nextBillingDate > today
      ? t('lifecycle.restOfTerm', { date: endsOn })
      : t('lifecycle.newTerm');
  return (
    <Card>
      <CardHeader
        header={
          <Text as="h2" weight="semibold" size={400}>
            {t('lifecycle.title')}
          </Text>
        }
      />
      {active && !subscription.recurringBilling ? (
        <Text data-testid="ends-on">{t('lifecycle.endsOn', { date: endsOn })}</Text>
      ) : null}
      {!active && owed ? <Text>{t('lifecycle.settleFirst')}</Text> : null}
      <div className={styles.actions}>
        {cancelable ? <Button onClick={() => setDialog('cancel')}>{t('lifecycle.cancel')}</Button> : null}
        {!cancelable && !owed ? (
          <Button appearance="primary" onClick={() => setDialog('reactivate')}>
            {t('lifecycle.reactivate')}
          </Button>
        ) : null}
      </div>
      <ActionDialog
        title={t('lifecycle.cancel')}
        open={dialog === 'cancel'}
        busy={cancel.isPending}
        error={cancel.error?.message ?? null}
        confirmLabel={t('lifecycle.cancel')}
        onConfirm={() => cancel.mutate()}
        onClose={close}
      >
        <RadioGroup
          aria-label={t('lifecycle.when')}
          value={when}
          onChange={(_e, data) => setWhen(data.value as 'period_end' | 'now')}
        >
          <Radio value="period_end" label={t('lifecycle.atEnd', { date: endsOn })} />
          <Radio value="now" label={t('lifecycle.now')} />
        </RadioGroup>
      </ActionDialog>
      <ActionDialog
        title={t('lifecycle.reactivate')}
        open={dialog === 'reactivate'}
        busy={reactivate.isPending}
        error={reactivate.error?.message ?? null}
        confirmLabel={t('lifecycle.reactivate')}
        onConfirm={() => reactivate.mutate()}
        onClose={close}
      >
        <Text>{reactivateHint}</Text>
      </ActionDialog>
    </Card>
  );
}
