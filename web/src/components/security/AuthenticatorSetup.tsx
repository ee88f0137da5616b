import {
  Button,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  makeStyles,
  Spinner,
  Text,
} from '@fluentui/react-components';
import { useMutation } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { newIdempotencyKey, sendJson, type TotpSetup } from '../../api.js';
import { useT } from '../../i18n/use-t.js';
import { RecoveryCodes } from './RecoveryCodes.js';

const useStyles = makeStyles({
  column: { display: 'flex', flexDirection: 'column', gap: '12px' },
  qr: { width: '180px', height: '180px', alignSelf: 'center' },
  key: { fontFamily: 'monospace', wordBreak: 'break-all' },
});

/**
 * Turning on an authenticator app: scan the QR code (or type the key), prove it with a code, then
 * keep the recovery codes, which are shown only here.
 */
export function AuthenticatorSetup(props: { onDone: () => void }) {
  const styles = useStyles();
  const t = useT();
  const [code, setCode] = useState('');
  const setup = useMutation({
    mutationFn: () =>
      sendJson<TotpSetup>('POST', '/api/me/security/authenticator-app/setup', {}, newIdempotencyKey()),
  });
  const confirm = useMutation({
    mutationFn: () =>
      sendJson<{ recoveryCodes: string[] | null }>(
        'POST',
        '/api/me/security/authenticator-app/confirm',
        { code: code.trim() },
        newIdempotencyKey(),
      ),
    // With a passkey already, the codes the user has stay: nothing to show.
    onSuccess: (reply) => {
      if (!reply.recoveryCodes) props.onDone();
    },
  });
  // One secret per set-up: a second request (React's development double effects) would replace it.
  const started = useRef(false);
  const start = setup.mutate;
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    start();
  }, [start]);

  if (confirm.data?.recoveryCodes)
    return <RecoveryCodes codes={confirm.data.recoveryCodes} onDone={props.onDone} />;
  if (setup.error)
    return (
      <MessageBar intent="error" layout="multiline">
        <MessageBarBody>{setup.error.message}</MessageBarBody>
      </MessageBar>
    );
  if (!setup.data) return <Spinner size="small" />;
  return (
    <form
      className={styles.column}
      onSubmit={(event) => {
        event.preventDefault();
        confirm.mutate();
      }}
    >
      <Text>{t('mfa.scan')}</Text>
      <img
        className={styles.qr}
        src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(setup.data.qrCodeSvg)}`}
        alt={t('mfa.qrAlt')}
      />
      <Text size={200} className={styles.key}>
        {t('mfa.manualKey', { secret: setup.data.secret })}
      </Text>
      <Field label={t('mfa.confirmCode')} required>
        <Input
          name="one-time-code"
          autoComplete="one-time-code"
          inputMode="numeric"
          value={code}
          onChange={(_e, d) => setCode(d.value)}
        />
      </Field>
      {confirm.error ? (
        <MessageBar intent="error" layout="multiline">
          <MessageBarBody>{confirm.error.message}</MessageBarBody>
        </MessageBar>
      ) : null}
      <Button appearance="primary" type="submit" disabled={confirm.isPending || code.trim().length < 6}>
        {t('mfa.turnOn')}
      </Button>
    </form>
  );
}
