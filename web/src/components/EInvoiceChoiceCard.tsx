import {
  Button,
  Card,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  Radio,
  RadioGroup,
  Subtitle2,
  Text,
  tokens,
} from '@fluentui/react-components';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { z } from 'zod';
import type { einvoiceBuyerChoiceSchema, einvoiceBuyerSchema } from '../../../src/contract/objects.js';
import { getJson, newIdempotencyKey, sendJson } from '../api.js';
import { useT } from '../i18n/use-t.js';
import { queryKeys } from '../query-keys.js';

type Choice = z.input<typeof einvoiceBuyerChoiceSchema>;
type Kind = Choice['kind'];
interface EInvoiceSettings {
  available: boolean;
  choice: Choice | null;
  buyer: z.input<typeof einvoiceBuyerSchema>;
}

const kinds: Kind[] = ['business', 'mobile_barcode', 'citizen_certificate', 'donation', 'member', 'print'];

/**
 * Where the organization's e-invoices (電子發票) go, on the Billing account page: its 統一編號 (B2B), a
 * mobile barcode or citizen certificate carrier, a donation code, the member carrier or print. Shown
 * only where the seller issues them and the organization pays in NT$; the server checks each code.
 */
export function EInvoiceChoiceCard(props: { taxId: string | null; editable: boolean; className?: string }) {
  const settings = useQuery({
    queryKey: queryKeys.einvoiceChoice,
    queryFn: () => getJson<EInvoiceSettings>('/api/billing/account/einvoice'),
  });
  if (!settings.data?.available) return null;
  return <ChoiceForm {...props} settings={settings.data} />;
}

function ChoiceForm(props: {
  settings: EInvoiceSettings;
  taxId: string | null;
  editable: boolean;
  className?: string;
}) {
  const t = useT();
  const queryClient = useQueryClient();
  const current = props.settings.buyer;
  const [kind, setKind] = useState<Kind>(current.kind);
  const [code, setCode] = useState('code' in current ? current.code : '');
  const [loveCode, setLoveCode] = useState('loveCode' in current ? current.loveCode : '');
  const choice = (): Choice =>
    kind === 'mobile_barcode' || kind === 'citizen_certificate'
      ? { kind, code }
      : kind === 'donation'
        ? { kind, loveCode }
        : { kind };
  const save = useMutation({
    mutationFn: () =>
      sendJson<{ einvoiceBuyer: Choice | null }>(
        'PUT',
        '/api/billing/account/einvoice',
        { einvoiceBuyer: choice() },
        newIdempotencyKey(),
      ),
    onSuccess: (saved) => {
      // The code as it was kept: capitals, no spaces (as the Ministry prints it).
      if (saved.einvoiceBuyer && 'code' in saved.einvoiceBuyer) setCode(saved.einvoiceBuyer.code);
      if (saved.einvoiceBuyer && 'loveCode' in saved.einvoiceBuyer) setLoveCode(saved.einvoiceBuyer.loveCode);
      void queryClient.invalidateQueries({ queryKey: queryKeys.einvoiceChoice });
    },
  });
  const offered = kinds.filter((each) => each !== 'business' || props.taxId);
  const error = save.error
    ? { validationState: 'error' as const, validationMessage: save.error.message }
    : {};
  return (
    <Card className={props.className} data-testid="einvoice-choice">
      <Subtitle2 as="h2">{t('account.einvoice.title')}</Subtitle2>
      <Text as="p" block style={{ color: tokens.colorNeutralForeground3, margin: 0 }}>
        {t('account.einvoice.description')}
      </Text>
      <form
        style={{ display: 'flex', flexDirection: 'column', gap: 12 }}
        onSubmit={(event) => {
          event.preventDefault();
          save.mutate();
        }}
      >
        <RadioGroup
          value={kind}
          disabled={!props.editable}
          aria-label={t('account.einvoice.title')}
          onChange={(_e, d) => {
            setKind(d.value as Kind);
            save.reset();
          }}
        >
          {offered.map((each) => (
            <Radio
              key={each}
              value={each}
              label={t(`account.einvoice.${each}`, { taxId: props.taxId ?? '' })}
              data-testid={`einvoice-${each}`}
            />
          ))}
        </RadioGroup>
        {kind === 'mobile_barcode' || kind === 'citizen_certificate' ? (
          <Field
            label={t('account.einvoice.code')}
            hint={kind === 'mobile_barcode' ? t('account.einvoice.codeHint') : undefined}
            {...error}
          >
            <Input
              value={code}
              readOnly={!props.editable}
              autoCapitalize="characters"
              onChange={(_e, d) => setCode(d.value)}
              data-testid="einvoice-code"
            />
          </Field>
        ) : null}
        {kind === 'donation' ? (
          <Field label={t('account.einvoice.loveCode')} {...error}>
            <Input
              value={loveCode}
              readOnly={!props.editable}
              inputMode="numeric"
              onChange={(_e, d) => setLoveCode(d.value)}
              data-testid="einvoice-love-code"
            />
          </Field>
        ) : null}
        {save.error && kind !== 'mobile_barcode' && kind !== 'citizen_certificate' && kind !== 'donation' ? (
          <MessageBar intent="error">
            <MessageBarBody>{save.error.message}</MessageBarBody>
          </MessageBar>
        ) : null}
        {save.isSuccess ? (
          <MessageBar intent="success" data-testid="einvoice-saved">
            <MessageBarBody>{t('account.einvoice.saved')}</MessageBarBody>
          </MessageBar>
        ) : null}
        {props.editable ? (
          <div>
            <Button appearance="primary" type="submit" disabled={save.isPending} data-testid="einvoice-save">
              {t('account.einvoice.save')}
            </Button>
          </div>
        ) : null}
      </form>
    </Card>
  );
}
