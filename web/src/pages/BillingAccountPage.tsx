import {
  Button,
  Card,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  makeStyles,
  Text,
  Textarea,
  Title2,
  tokens,
} from '@fluentui/react-components';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { can } from '../../../src/domain/permissions.js';
import { getJson, type Me, newIdempotencyKey, type Organization, sendJson } from '../api.js';
import { EInvoiceChoiceCard } from '../components/EInvoiceChoiceCard.js';
import { QueryStatus } from '../components/QueryStatus.js';
import { useT } from '../i18n/use-t.js';
import { queryKeys } from '../query-keys.js';

const useStyles = makeStyles({
  description: { color: tokens.colorNeutralForeground3, margin: '4px 0 16px' },
  card: { padding: '20px', maxWidth: '720px', display: 'flex', flexDirection: 'column', gap: '12px' },
  facts: {
    display: 'grid',
    gridTemplateColumns: 'minmax(120px, max-content) 1fr',
    gap: '8px 24px',
    margin: 0,
  },
  term: { color: tokens.colorNeutralForeground3 },
  value: { margin: 0 },
  einvoice: {
    padding: '20px',
    maxWidth: '720px',
    display: 'flex',
    flexDirection: 'column',
    gap: '12px',
    marginTop: '16px',
  },
});

/** The billing account: who invoices are addressed to; Global and Billing admins keep address and tax ID current. */
export function BillingAccountPage(props: { me: Me }) {
  const styles = useStyles();
  const t = useT();
  const account = useQuery({
    queryKey: queryKeys.billingAccount,
    queryFn: () => getJson<Organization>('/api/billing/account'),
  });
  return (
    <section>
      <Title2 as="h1">{t('account.title')}</Title2>
      <Text as="p" block className={styles.description}>
        {t('account.description')}
      </Text>
      <QueryStatus query={account} />
      {account.data ? (
        <Card className={styles.card}>
          <dl className={styles.facts}>
            <dt className={styles.term}>{t('account.legalName')}</dt>
            <dd className={styles.value}>{account.data.name}</dd>
            <dt className={styles.term}>{t('account.country')}</dt>
            <dd className={styles.value}>{account.data.country ?? '—'}</dd>
            <dt className={styles.term}>{t('account.currency')}</dt>
            <dd className={styles.value}>{account.data.currency}</dd>
            <dt className={styles.term}>{t('account.paysBy')}</dt>
            <dd className={styles.value}>
              {account.data.collectionMethod === 'send_invoice'
                ? t('account.sendInvoice', { days: account.data.daysUntilDue ?? 30 })
                : t('account.chargeAutomatically')}
            </dd>
          </dl>
          <BillingDetailsForm account={account.data} editable={can(props.me.role, 'billing.manage')} />
        </Card>
      ) : null}
      {account.data ? (
        <EInvoiceChoiceCard
          taxId={account.data.taxId}
          editable={can(props.me.role, 'billing.manage')}
          className={styles.einvoice}
        />
      ) : null}
    </section>
  );
}

function BillingDetailsForm(props: { account: Organization; editable: boolean }) {
  const t = useT();
  const queryClient = useQueryClient();
  const [address, setAddress] = useState(props.account.billingAddress ?? '');
  const [taxId, setTaxId] = useState(props.account.taxId ?? '');
  const save = useMutation({
    mutationFn: () =>
      sendJson(
        'PUT',
        '/api/billing/account',
        { billingAddress: address.trim() || null, taxId: taxId.trim() || null },
        newIdempotencyKey(),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.billingAccount }),
  });
  return (
    <form
      style={{ display: 'flex', flexDirection: 'column', gap: 12 }}
      onSubmit={(event) => {
        event.preventDefault();
        save.mutate();
      }}
    >
      <Field label={t('account.address')}>
        <Textarea
          value={address}
          readOnly={!props.editable}
          resize="vertical"
          onChange={(_e, d) => setAddress(d.value)}
        />
      </Field>
      <Field
        label={t('account.taxId')}
        hint={props.account.country === 'TW' ? t('account.taxIdHint') : undefined}
        validationState={save.error ? 'error' : 'none'}
        validationMessage={save.error?.message}
      >
        <Input value={taxId} readOnly={!props.editable} onChange={(_e, d) => setTaxId(d.value)} />
      </Field>
      {save.isSuccess ? (
        <MessageBar intent="success">
          <MessageBarBody>{t('account.saved')}</MessageBarBody>
        </MessageBar>
      ) : null}
      {props.editable ? (
        <div>
          <Button appearance="primary" type="submit" disabled={save.isPending}>
            {t('account.save')}
          </Button>
        </div>
      ) : null}
    </form>
  );
}
