import { Field, Input, MessageBar, MessageBarBody, Spinner } from '@fluentui/react-components';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import {
  ApiError,
  getJson,
  type LicenseChange,
  newIdempotencyKey,
  type SubscriptionDetails,
  sendJson,
} from '../api.js';
import { useFormatMoney } from '../format.js';
import { useT } from '../i18n/use-t.js';
import { queryKeys } from '../query-keys.js';
import { ActionDialog } from './ActionDialog.js';

/** Change the license count, seeing what is charged now (prorated) and at each renewal before saving. */
export function LicensesDialog(props: {
  subscription: SubscriptionDetails;
  onClose: () => void;
  onSaved: () => void;
}) {
  const formatMoney = useFormatMoney();
  const t = useT();
  const [text, setText] = useState(String(props.subscription.licenses));
  const licenses = Number(text);
  const valid = Number.isInteger(licenses) && licenses >= 1 && licenses <= 100_000;
  const preview = useQuery({
    queryKey: queryKeys.licenses(props.subscription.id, licenses),
    queryFn: () =>
      getJson<LicenseChange>(`/api/subscriptions/${props.subscription.id}/licenses?licenses=${licenses}`),
    enabled: valid,
    retry: false,
  });
  const save = useMutation({
    mutationFn: () =>
      sendJson<LicenseChange>(
        'PUT',
        `/api/subscriptions/${props.subscription.id}/licenses`,
        { licenses },
        newIdempotencyKey(),
      ),
    onSuccess: props.onSaved,
  });
  const p = preview.data;
  const added = p ? p.licenses - p.previousLicenses : 0;
  let explanation = '';
  if (p && added > 0) {
    explanation = t('licenses.previewAdd', {
      added,
      now: formatMoney(p.prorationTotalMinor, p.currency),
      days: p.daysLeft,
      renewal: formatMoney(p.renewalTotalMinor, p.currency),
    });
  } else if (p && added < 0) {
    explanation = t('licenses.previewRemove', {
      removed: -added,
      renewal: formatMoney(p.renewalTotalMinor, p.currency),
    });
  }
  const error = save.error ?? preview.error;
  return (
    <ActionDialog
      title={t('licenses.title')}
      open
      busy={save.isPending}
      error={error ? (error instanceof ApiError ? error.message : t('common.error')) : null}
      confirmLabel={t('settle.save')}
      confirmDisabled={!valid || !p || added === 0}
      onConfirm={() => save.mutate()}
      onClose={props.onClose}
    >
      <Field
        label={t('products.column.licenses')}
        validationMessage={valid ? undefined : t('licenses.invalid')}
      >
        <Input
          type="number"
          min={1}
          max={100000}
          value={text}
          onChange={(_e, d) => setText(d.value)}
          data-testid="licenses-input"
        />
      </Field>
      {preview.isFetching ? <Spinner size="tiny" /> : null}
      {explanation ? (
        <MessageBar intent="info" layout="multiline" data-testid="licenses-preview">
          <MessageBarBody>{explanation}</MessageBarBody>
        </MessageBar>
      ) : null}
    </ActionDialog>
  );
}
