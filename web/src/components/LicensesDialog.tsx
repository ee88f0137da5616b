import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  Spinner,
} from '@fluentui/react-components';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useIntl } from 'react-intl';
import { ApiError, getJson, newIdempotencyKey, type SubscriptionDetails, sendJson } from '../api.js';
import { useFormatMoney } from '../format.js';

interface LicenseChange {
  previousLicenses: number;
  licenses: number;
  currency: string;
  prorationTotalMinor: number;
  prorationTaxMinor: number;
  daysLeft: number;
  renewalTotalMinor: number;
  payment: string | null;
}

/** Change the license count, seeing what is charged now (prorated) and at each renewal before saving. */
export function LicensesDialog(props: {
  subscription: SubscriptionDetails;
  onClose: () => void;
  onSaved: () => void;
}) {
  const intl = useIntl();
  const formatMoney = useFormatMoney();
  const t = (id: string, values?: Record<string, string | number>) => intl.formatMessage({ id }, values);
  const [text, setText] = useState(String(props.subscription.licenses));
  const licenses = Number(text);
  const valid = Number.isInteger(licenses) && licenses >= 1 && licenses <= 100_000;
  const preview = useQuery({
    queryKey: ['licenses', props.subscription.id, licenses],
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
    <Dialog open onOpenChange={(_e, data) => !data.open && !save.isPending && props.onClose()}>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>{t('licenses.title')}</DialogTitle>
          <DialogContent style={{ display: 'flex', flexDirection: 'column', gap: 12 }}>
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
            {error ? (
              <MessageBar intent="error" layout="multiline">
                <MessageBarBody>
                  {error instanceof ApiError ? error.message : t('common.error')}
                </MessageBarBody>
              </MessageBar>
            ) : null}
          </DialogContent>
          <DialogActions>
            <Button
              appearance="primary"
              onClick={() => save.mutate()}
              disabled={!valid || !p || added === 0 || save.isPending}
            >
              {t('settle.save')}
            </Button>
            <Button onClick={props.onClose} disabled={save.isPending}>
              {t('settle.cancel')}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
