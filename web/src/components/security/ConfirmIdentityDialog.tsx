import { Field, Input, Link, Text } from '@fluentui/react-components';
import { useMutation } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import {
  newIdempotencyKey,
  type ReauthenticateRequest,
  sendJson,
  setIdentityConfirmation,
} from '../../api.js';
import { useT } from '../../i18n/use-t.js';
import { ActionDialog } from '../ActionDialog.js';

/**
 * "Confirm it's you": opened by any change the server refuses with reauthentication_required (adding
 * a card, turning off a second factor, the organization's sign-in rule), which is then sent again.
 */
export function ConfirmIdentityDialog() {
  const t = useT();
  const [open, setOpen] = useState(false);
  const [useCode, setUseCode] = useState(false);
  const [answer, setAnswer] = useState('');
  const settle = useRef<((confirmed: boolean) => void) | null>(null);
  const confirm = useMutation({
    mutationFn: (proof: ReauthenticateRequest) =>
      sendJson('POST', '/api/auth/reauthenticate', proof, newIdempotencyKey()),
    onSuccess: () => close(true),
  });
  const close = (confirmed: boolean) => {
    setOpen(false);
    setAnswer('');
    confirm.reset();
    settle.current?.(confirmed);
    settle.current = null;
  };
  useEffect(() => {
    setIdentityConfirmation(
      () =>
        new Promise<boolean>((resolve) => {
          settle.current = resolve;
          setOpen(true);
        }),
    );
    return () => setIdentityConfirmation(null);
  }, []);
  return (
    <ActionDialog
      title={t('reauth.title')}
      open={open}
      busy={confirm.isPending}
      error={confirm.error?.message ?? null}
      confirmLabel={t('reauth.confirm')}
      confirmDisabled={answer.trim() === ''}
      onConfirm={() => confirm.mutate(useCode ? { code: answer.trim() } : { password: answer })}
      onClose={() => close(false)}
    >
      <Text>{t('reauth.hint')}</Text>
      <Field label={useCode ? t('signIn.code') : t('reauth.password')} required>
        <Input
          type={useCode ? 'text' : 'password'}
          autoComplete={useCode ? 'one-time-code' : 'current-password'}
          value={answer}
          onChange={(_e, d) => setAnswer(d.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter' && answer.trim() !== '')
              confirm.mutate(useCode ? { code: answer.trim() } : { password: answer });
          }}
        />
      </Field>
      <Link
        as="button"
        onClick={() => {
          setUseCode(!useCode);
          setAnswer('');
        }}
      >
        {useCode ? t('reauth.usePassword') : t('reauth.useCode')}
      </Link>
    </ActionDialog>
  );
}
