import { Button, Card, CardHeader, Field, Input, makeStyles, Text, tokens } from '@fluentui/react-components';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useIntl } from 'react-intl';
import {
  ApiError,
  newIdempotencyKey,
  type PasskeyView,
  type SecuritySettings,
  sendDelete,
} from '../../api.js';
import { useT } from '../../i18n/use-t.js';
import { queryKeys } from '../../query-keys.js';
import { ActionDialog } from '../ActionDialog.js';
import { addPasskey } from './passkeys.js';
import { RecoveryCodesDialog } from './RecoveryCodesDialog.js';

const useStyles = makeStyles({
  card: { padding: '20px' },
  muted: { color: tokens.colorNeutralForeground3 },
  list: { listStyle: 'none', margin: 0, padding: 0 },
  row: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    justifyContent: 'space-between',
    gap: '8px 16px',
    padding: '10px 0',
    borderTop: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  what: { display: 'flex', flexDirection: 'column', gap: '2px', minWidth: 0 },
});

/** The user's passkeys: add one (the browser asks the authenticator), see when each was used, remove one. */
export function PasskeysCard(props: { settings: SecuritySettings }) {
  const styles = useStyles();
  const t = useT();
  const intl = useIntl();
  const queryClient = useQueryClient();
  const [naming, setNaming] = useState(false);
  const [name, setName] = useState('');
  const [removing, setRemoving] = useState<PasskeyView | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: queryKeys.security });
  const add = useMutation({
    mutationFn: () => addPasskey(name.trim() || t('passkey.defaultName')),
    onSuccess: async () => {
      setNaming(false);
      await refresh();
    },
  });
  const remove = useMutation({
    mutationFn: (id: string) =>
      sendDelete(`/api/me/security/passkeys/${encodeURIComponent(id)}`, newIdempotencyKey()),
    onSuccess: async () => {
      setRemoving(null);
      await refresh();
    },
  });
  const date = (iso: string) => intl.formatDate(iso, { dateStyle: 'medium' });
  // The browser's own refusal (cancelled, timed out) is not worth showing raw.
  const addError = add.error
    ? add.error instanceof ApiError
      ? add.error.message
      : t('passkey.failed')
    : null;
  return (
    <Card className={styles.card}>
      <CardHeader
        header={
          <Text as="h2" weight="semibold" size={400}>
            {t('passkey.title')}
          </Text>
        }
        description={
          <Text size={200} className={styles.muted}>
            {t('passkey.hint')}
          </Text>
        }
      />
      {props.settings.passkeys.length === 0 ? (
        <Text className={styles.muted}>{t('passkey.none')}</Text>
      ) : null}
      <ul className={styles.list} data-testid="passkeys">
        {props.settings.passkeys.map((passkey) => (
          <li key={passkey.id} className={styles.row}>
            <div className={styles.what}>
              <Text weight="semibold">{passkey.name}</Text>
              <Text size={200} className={styles.muted}>
                {t('passkey.added', { date: date(passkey.createdAt) })}
                {passkey.lastUsedAt ? ` · ${t('passkey.lastUsed', { date: date(passkey.lastUsedAt) })}` : ''}
              </Text>
            </div>
            <Button size="small" onClick={() => setRemoving(passkey)}>
              {t('passkey.remove')}
            </Button>
          </li>
        ))}
      </ul>
      <div>
        <Button
          appearance={props.settings.authenticatorApp ? 'secondary' : 'primary'}
          onClick={() => {
            setName(t('passkey.defaultName'));
            add.reset();
            setNaming(true);
          }}
        >
          {t('passkey.add')}
        </Button>
      </div>
      <ActionDialog
        title={t('passkey.add')}
        open={naming}
        busy={add.isPending}
        error={addError}
        confirmLabel={t('passkey.continue')}
        confirmDisabled={name.trim() === ''}
        onConfirm={() => add.mutate()}
        onClose={() => setNaming(false)}
      >
        <Field label={t('passkey.name')} hint={t('passkey.nameHint')} required>
          <Input value={name} maxLength={60} onChange={(_e, d) => setName(d.value)} />
        </Field>
      </ActionDialog>
      <ActionDialog
        title={t('passkey.remove')}
        open={removing !== null}
        busy={remove.isPending}
        error={remove.error?.message ?? null}
        confirmLabel={t('passkey.remove')}
        onConfirm={() => removing && remove.mutate(removing.id)}
        onClose={() => {
          setRemoving(null);
          remove.reset();
        }}
      >
        <Text>{t('passkey.removeConfirm', { name: removing?.name ?? '' })}</Text>
      </ActionDialog>
      <RecoveryCodesDialog codes={add.data?.recoveryCodes ?? null} onDone={() => add.reset()} />
    </Card>
  );
}
