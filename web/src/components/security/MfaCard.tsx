import {
  Button,
  Card,
  CardHeader,
  Dialog,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  DialogTrigger,
  MessageBar,
  MessageBarBody,
  makeStyles,
  Text,
  tokens,
} from '@fluentui/react-components';
import { Dismiss24Regular } from '@fluentui/react-icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { newIdempotencyKey, type SecuritySettings, sendDelete, sendJson } from '../../api.js';
import { useT } from '../../i18n/use-t.js';
import { queryKeys } from '../../query-keys.js';
import { ActionDialog } from '../ActionDialog.js';
import { AuthenticatorSetup } from './AuthenticatorSetup.js';
import { ConfirmIdentitySlot } from './ConfirmIdentityDialog.js';
import { RecoveryCodesDialog } from './RecoveryCodesDialog.js';

const useStyles = makeStyles({
  card: { padding: '20px' },
  body: { display: 'flex', flexDirection: 'column', gap: '8px', alignItems: 'flex-start' },
  actions: { display: 'flex', gap: '8px', flexWrap: 'wrap' },
  muted: { color: tokens.colorNeutralForeground3 },
});

/** The authenticator app (on or off) and the recovery codes that stand in for any second factor. */
export function MfaCard(props: { settings: SecuritySettings }) {
  const styles = useStyles();
  const t = useT();
  const queryClient = useQueryClient();
  const [dialog, setDialog] = useState<'setup' | 'remove' | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: queryKeys.security });
  const remove = useMutation({
    mutationFn: () => sendDelete('/api/me/security/authenticator-app', newIdempotencyKey()),
    onSuccess: async () => {
      setDialog(null);
      await refresh();
    },
  });
  const newCodes = useMutation({
    mutationFn: () =>
      sendJson<{ recoveryCodes: string[] }>(
        'POST',
        '/api/me/security/recovery-codes',
        {},
        newIdempotencyKey(),
      ),
    onSuccess: refresh,
  });
  const { settings } = props;
  const anyFactor = settings.authenticatorApp || settings.passkeys.length > 0;
  const closeSetup = () => {
    setDialog(null);
    void refresh();
  };
  return (
    <Card className={styles.card}>
      <CardHeader
        header={
          <Text as="h2" weight="semibold" size={400}>
            {t('security.mfaTitle')}
          </Text>
        }
      />
      <div className={styles.body}>
        {settings.requiredForMe ? <Text>{t('security.requiredForYou')}</Text> : null}
        <Text weight="semibold" data-testid="mfa-status">
          {settings.authenticatorApp ? t('security.appOn') : t('security.appOff')}
        </Text>
        {settings.authenticatorApp ? (
          <Button onClick={() => setDialog('remove')}>{t('security.remove')}</Button>
        ) : settings.authenticatorAppAvailable ? (
          <>
            <Text className={styles.muted}>{t('security.appOffHint')}</Text>
            <Button appearance="primary" onClick={() => setDialog('setup')}>
              {t('security.setUp')}
            </Button>
          </>
        ) : (
          <Text className={styles.muted}>{t('security.unavailable')}</Text>
        )}
        {anyFactor ? (
          <div className={styles.actions}>
            <Text className={styles.muted}>
              {t('security.codesLeft', { count: settings.recoveryCodesLeft })}
            </Text>
            <Button size="small" onClick={() => newCodes.mutate()} disabled={newCodes.isPending}>
              {t('security.newCodes')}
            </Button>
          </div>
        ) : null}
        {newCodes.error ? (
          <MessageBar intent="error">
            <MessageBarBody>{newCodes.error.message}</MessageBarBody>
          </MessageBar>
        ) : null}
      </div>
      <Dialog open={dialog === 'setup'} onOpenChange={(_e, data) => !data.open && closeSetup()}>
        <DialogSurface>
          <DialogBody>
            <DialogTitle
              action={
                // Something to focus from the start: the set-up's own fields arrive a moment later.
                <DialogTrigger action="close">
                  <Button appearance="subtle" aria-label={t('settle.close')} icon={<Dismiss24Regular />} />
                </DialogTrigger>
              }
            >
              {t('security.setUp')}
            </DialogTitle>
            <DialogContent>
              {dialog === 'setup' ? <AuthenticatorSetup onDone={closeSetup} /> : null}
            </DialogContent>
          </DialogBody>
          <ConfirmIdentitySlot />
        </DialogSurface>
      </Dialog>
      <RecoveryCodesDialog codes={newCodes.data?.recoveryCodes ?? null} onDone={() => newCodes.reset()} />
      <ActionDialog
        title={t('security.remove')}
        open={dialog === 'remove'}
        busy={remove.isPending}
        error={remove.error?.message ?? null}
        confirmLabel={t('security.remove')}
        onConfirm={() => remove.mutate()}
        onClose={() => {
          setDialog(null);
          remove.reset();
        }}
      >
        <Text>{t('security.removeConfirm')}</Text>
      </ActionDialog>
    </Card>
  );
}
