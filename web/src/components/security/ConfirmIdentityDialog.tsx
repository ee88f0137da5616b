import { Button, Field, Input, Link, Text } from '@fluentui/react-components';
import { Key20Regular } from '@fluentui/react-icons';
import { useMutation } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { ApiError, newIdempotencyKey, type ReauthenticateRequest, sendJson } from '../../api.js';
import { useT } from '../../i18n/use-t.js';
import { ActionDialog } from '../ActionDialog.js';
import { addSlot, answerIdentity, useIdentityPrompt } from './identity-prompt.js';
import { signWithPasskey } from './passkeys.js';

/**
 * Where "Confirm it's you" may be drawn (see identity-prompt.ts): one in the app's root, one in each
 * dialog and drawer. It is asked for when the server refuses a change with reauthentication_required
 * (adding a card, a second factor, the organization's sign-in rule); the change is then sent again.
 */
export function ConfirmIdentitySlot() {
  const [slot] = useState(() => Symbol('identity prompt slot'));
  useEffect(() => addSlot(slot), [slot]);
  const prompt = useIdentityPrompt();
  return prompt.asking && prompt.innermost === slot ? <ConfirmIdentityDialog /> : null;
}

function ConfirmIdentityDialog() {
  const t = useT();
  const [useCode, setUseCode] = useState(false);
  const [answer, setAnswer] = useState('');
  const confirm = useMutation({
    mutationFn: async (proof: ReauthenticateRequest | 'passkey') =>
      sendJson(
        'POST',
        '/api/auth/reauthenticate',
        proof === 'passkey'
          ? {
              passkey: await signWithPasskey((url, body) => sendJson('POST', url, body, newIdempotencyKey())),
            }
          : proof,
        newIdempotencyKey(),
      ),
    onSuccess: () => close(true),
  });
  const error = confirm.error
    ? confirm.error instanceof ApiError
      ? confirm.error.message
      : t('passkey.failed')
    : null;
  const close = (confirmed: boolean) => answerIdentity(confirmed);
  return (
    <ActionDialog
      title={t('reauth.title')}
      open
      identityPrompt={false}
      busy={confirm.isPending}
      error={error}
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
      <Button icon={<Key20Regular />} onClick={() => confirm.mutate('passkey')} disabled={confirm.isPending}>
        {t('passkey.use')}
      </Button>
    </ActionDialog>
  );
}
