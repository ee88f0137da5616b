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
import { RecoveryCodes } from './RecoveryCodes.js';

const useStyles = makeStyles({
  card: { padding: '20px' },
  body: { display: 'flex', flexDirection: 'column', gap: '8px', alignItems: 'flex-start' },
  actions: { display: 'flex', gap: '8px', flexWrap: 'wrap' },
  muted: { color: tokens.colorNeutralForeground3 },
});

/** The user's second factor: turn the authenticator app on or off, and renew recovery codes. */
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
  return (
    <>
      <Card className={styles.card}>
        <CardHeader
          header={
            <Text as="h2" weight="semibold" size={400}>
              {t('security.mfaTitle')}
            </Text>
          }
        />
        <div className={styles.body}>
          <Text weight="semibold" data-testid="mfa-status">
            {settings.authenticatorApp ? t('security.appOn') : t('security.appOff')}
          </Text>
          {settings.requiredForMe ? <Text>{t('security.requiredForYou')}</Text> : null}
          {settings.authenticatorApp ? (
            <>
              <Text className={styles.muted}>
                {t('security.codesLeft', { count: settings.recoveryCodesLeft })}
              </Text>
              <div className={styles.actions}>
                <Button onClick={() => newCodes.mutate()} disabled={newCodes.isPending}>
                  {t('security.newCodes')}
                </Button>
                {settings.requiredForMe ? null : (
                  <Button onClick={() => setDialog('remove')}>{t('security.remove')}</Button>
                )}
              </div>
            </>
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
          {newCodes.error ? (
            <MessageBar intent="error">
              <MessageBarBody>{newCodes.error.message}</MessageBarBody>
            </MessageBar>
          ) : null}
        </div>
      </Card>
      <Dialog
        open={dialog === 'setup' || newCodes.data !== undefined}
        onOpenChange={(_e, data) => {
          if (data.open) return;
          setDialog(null);
          newCodes.reset();
          void refresh();
        }}
      >
        <DialogSurface>
          <DialogBody>
            <DialogTitle
              action={
                <DialogTrigger action="close">
                  <Button appearance="subtle" aria-label={t('settle.close')} icon={<Dismiss24Regular />} />
                </DialogTrigger>
              }
            >
              {newCodes.data ? t('mfa.recoveryTitle') : t('security.setUp')}
            </DialogTitle>
            <DialogContent>
              {newCodes.data ? (
                <RecoveryCodes
                  codes={newCodes.data.recoveryCodes}
                  onDone={() => {
                    newCodes.reset();
                    void refresh();
                  }}
                />
              ) : (
                <AuthenticatorSetup
                  onDone={() => {
                    setDialog(null);
                    void refresh();
                  }}
                />
              )}
            </DialogContent>
          </DialogBody>
        </DialogSurface>
      </Dialog>
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
    </>
  );
}
