import { Button, Field, Input, Link, MessageBar, MessageBarBody } from '@fluentui/react-components';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import type { Locale } from '../api.js';
import { PublicCard } from '../components/PublicCard.js';
import { postPublic } from '../components/post-public.js';
import { useT } from '../i18n/use-t.js';
import { navigate } from '../router.js';

/** "Forgot password": a reset link by email, if an account uses that address (the page never says). */
export function ForgotPasswordPage(props: { locale: Locale; onLocaleChange: (locale: Locale) => void }) {
  const t = useT();
  const [email, setEmail] = useState('');
  const request = useMutation({
    mutationFn: () => postPublic('/api/auth/password-reset/request', { email }, props.locale),
  });
  return (
    <PublicCard title={t('forgot.title')} locale={props.locale} onLocaleChange={props.onLocaleChange}>
      {request.isSuccess ? (
        <MessageBar intent="success" layout="multiline">
          <MessageBarBody>{t('forgot.sent')}</MessageBarBody>
        </MessageBar>
      ) : (
        <form
          style={{ display: 'flex', flexDirection: 'column', gap: 12 }}
          onSubmit={(event) => {
            event.preventDefault();
            request.mutate();
          }}
        >
          <p>{t('forgot.hint')}</p>
          <Field label={t('signIn.email')} required>
            <Input
              type="email"
              autoComplete="username"
              value={email}
              onChange={(_e, d) => setEmail(d.value)}
            />
          </Field>
          {request.error ? (
            <MessageBar intent="error">
              <MessageBarBody>{request.error.message}</MessageBarBody>
            </MessageBar>
          ) : null}
          <Button appearance="primary" type="submit" disabled={request.isPending || email === ''}>
            {t('forgot.submit')}
          </Button>
        </form>
      )}
      <Link
        href="/"
        onClick={(event) => {
          event.preventDefault();
          navigate('/');
        }}
      >
        {t('forgot.back')}
      </Link>
    </PublicCard>
  );
}
