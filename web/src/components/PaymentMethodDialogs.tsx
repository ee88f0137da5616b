import { Field, Radio, RadioGroup, Select, Text } from '@fluentui/react-components';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useIntl } from 'react-intl';
import {
  ApiError,
  getJson,
  type Locale,
  newIdempotencyKey,
  type PaymentMethod,
  type SubscriptionPage,
  sendDelete,
  sendJson,
} from '../api.js';
import { useCardLabel } from '../format.js';
import { useT } from '../i18n/use-t.js';
import { queryKeys } from '../query-keys.js';
import { ActionDialog } from './ActionDialog.js';
import { ExpiryPicker } from './ExpiryPicker.js';
import {
  CardFieldErrors,
  emptyNewCard,
  type NewCardErrors,
  NewCardForm,
  tokenizeNewCard,
  useNewCardMessages,
} from './NewCardForm.js';

function errorText(error: unknown, fallback: string): string {
  return error instanceof ApiError ? error.message : fallback;
}

export function AddCardDialog(props: { open: boolean; onClose: () => void; onDone: () => void }) {
  const intl = useIntl();
  const t = useT();
  const [card, setCard] = useState(emptyNewCard);
  const [errors, setErrors] = useState<NewCardErrors>({});
  const cardMessages = useNewCardMessages();
  const add = useMutation({
    mutationFn: async () => {
      try {
        const token = await tokenizeNewCard(card, cardMessages, intl.locale as Locale);
        await sendJson('POST', '/api/payment-methods', { token }, newIdempotencyKey());
      } catch (error) {
        if (error instanceof CardFieldErrors) return setErrors(error.fields);
        throw error;
      }
      setCard(emptyNewCard);
      props.onDone();
    },
    onMutate: () => setErrors({}),
  });
  return (
    <ActionDialog
      title={t('methods.add')}
      open={props.open}
      busy={add.isPending}
      error={add.error ? errorText(add.error, t('common.error')) : null}
      confirmLabel={t('settle.save')}
      onConfirm={() => add.mutate()}
      onClose={props.onClose}
    >
      <NewCardForm value={card} errors={errors} onChange={setCard} />
    </ActionDialog>
  );
}

export function EditExpiryDialog(props: { card: PaymentMethod; onClose: () => void; onDone: () => void }) {
  const t = useT();
  const thisYear = new Date().getFullYear();
  const [expiry, setExpiry] = useState({
    expMonth: props.card.expMonth,
    expYear: Math.max(props.card.expYear, thisYear),
  });
  const save = useMutation({
    mutationFn: () => sendJson('PATCH', `/api/payment-methods/${props.card.id}`, expiry, newIdempotencyKey()),
    onSuccess: props.onDone,
  });
  return (
    <ActionDialog
      title={t('settle.changeExpiration')}
      open
      busy={save.isPending}
      error={save.error ? errorText(save.error, t('common.error')) : null}
      confirmLabel={t('settle.save')}
      onConfirm={() => save.mutate()}
      onClose={props.onClose}
    >
      <Text>{useCardLabel()(props.card)}</Text>
      <ExpiryPicker value={expiry} onChange={setExpiry} />
    </ActionDialog>
  );
}

export function ReplaceDialog(props: { card: PaymentMethod; onClose: () => void; onDone: () => void }) {
  const intl = useIntl();
  const t = useT();
  const subscriptions = useQuery({
    queryKey: queryKeys.subscriptionsForReplace,
    queryFn: () => getJson<SubscriptionPage>('/api/subscriptions?limit=200'),
  });
  const [scope, setScope] = useState<'one' | 'all'>('all');
  const [subscriptionId, setSubscriptionId] = useState('');
  const chosen = subscriptionId || subscriptions.data?.items[0]?.id || '';
  const replace = useMutation({
    mutationFn: () =>
      sendJson(
        'POST',
        `/api/payment-methods/${props.card.id}/replace`,
        { subscriptionIds: scope === 'all' ? 'all' : [chosen] },
        newIdempotencyKey(),
      ),
    onSuccess: props.onDone,
  });
  return (
    <ActionDialog
      title={t('methods.replace')}
      open
      busy={replace.isPending}
      error={replace.error ? errorText(replace.error, t('common.error')) : null}
      confirmLabel={t('settle.save')}
      onConfirm={() => replace.mutate()}
      onClose={props.onClose}
    >
      <Text>{intl.formatMessage({ id: 'methods.replaceWith' }, { card: useCardLabel()(props.card) })}</Text>
      <RadioGroup value={scope} onChange={(_e, d) => setScope(d.value as 'one' | 'all')}>
        <Radio value="all" label={t('methods.replaceAll')} />
        <Radio value="one" label={t('methods.replaceOne')} />
      </RadioGroup>
      {scope === 'one' ? (
        <Field label={t('products.column.product')}>
          <Select value={chosen} onChange={(_e, d) => setSubscriptionId(d.value)}>
            {(subscriptions.data?.items ?? []).map((subscription) => (
              <option key={subscription.id} value={subscription.id}>
                {subscription.productName}
              </option>
            ))}
          </Select>
        </Field>
      ) : null}
    </ActionDialog>
  );
}

export function DeleteCardDialog(props: { card: PaymentMethod; onClose: () => void; onDone: () => void }) {
  const intl = useIntl();
  const t = useT();
  const remove = useMutation({
    mutationFn: () => sendDelete(`/api/payment-methods/${props.card.id}`, newIdempotencyKey()),
    onSuccess: props.onDone,
  });
  return (
    <ActionDialog
      title={t('methods.delete')}
      open
      busy={remove.isPending}
      error={remove.error ? errorText(remove.error, t('common.error')) : null}
      confirmLabel={t('methods.delete')}
      onConfirm={() => remove.mutate()}
      onClose={props.onClose}
    >
      <Text>{intl.formatMessage({ id: 'methods.deleteConfirm' }, { card: useCardLabel()(props.card) })}</Text>
    </ActionDialog>
  );
}
