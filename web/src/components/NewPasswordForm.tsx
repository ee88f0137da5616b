import { Button, Field, Input, MessageBar, MessageBarBody } from '@fluentui/react-components';
import { useState } from 'react';
import { useT } from '../i18n/use-t.js';

/** A new password typed twice; the server says whether it is good enough. */
export function NewPasswordForm(props: {
  email?: string;
  submitLabel: string;
  busy: boolean;
  error: string | null;
  onSubmit: (password: string) => void;
}) {
  const t = useT();
  const [password, setPassword] = useState('');
  const [again, setAgain] = useState('');
  const [mismatch, setMismatch] = useState(false);
  return (
    <form
      style={{ display: 'flex', flexDirection: 'column', gap: 12 }}
      onSubmit={(event) => {
        event.preventDefault();
        setMismatch(password !== again);
        if (password === again) props.onSubmit(password);
      }}
    >
      {/* For password managers: which account this password is for. */}
      {props.email ? (
        <input type="hidden" name="username" autoComplete="username" value={props.email} />
      ) : null}
      <Field label={t('password.new')} hint={t('password.rules')} required>
        <Input
          type="password"
          autoComplete="new-password"
          value={password}
          onChange={(_e, d) => setPassword(d.value)}
        />
      </Field>
      <Field
        label={t('password.again')}
        required
        validationState={mismatch ? 'error' : 'none'}
        validationMessage={mismatch ? t('password.mismatch') : undefined}
      >
        <Input
          type="password"
          autoComplete="new-password"
          value={again}
          onChange={(_e, d) => setAgain(d.value)}
        />
      </Field>
      {props.error ? (
        <MessageBar intent="error" layout="multiline">
          <MessageBarBody>{props.error}</MessageBarBody>
        </MessageBar>
      ) : null}
      <Button appearance="primary" type="submit" disabled={props.busy || password === '' || again === ''}>
        {props.submitLabel}
      </Button>
    </form>
  );
}
