import { Button, MessageBar, MessageBarBody } from '@fluentui/react-components';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import type { Locale } from '../api.js';
import { NewPasswordForm } from '../components/NewPasswordForm.js';
import { PublicCard } from '../components/PublicCard.js';
import { postPublic, takeLinkToken } from '../components/post-public.js';
import { useT } from '../i18n/use-t.js';
import { navigate } from '../router.js';

/** From a password-reset email: a new password; every session of the account ends, then sign in. */
export function ResetPasswordPage(props: { locale: Locale; onLocaleChange: (locale: Locale) => void }) {
  const t = useT();
  const [token] = useState(takeLinkToken);
  const reset = useMutation({
    mutationFn: (password: string) =>
      postPublic('/api/auth/password-reset', { token, password }, props.locale),
  });
  return (
    <PublicCard title={t('reset.title')} locale={props.locale} onLocaleChange={props.onLocaleChange}>
      {reset.isSuccess ? (
        <>
          <MessageBar intent="success" layout="multiline">
            <MessageBarBody>{t('reset.done')}</MessageBarBody>
          </MessageBar>
          <Button appearance="primary" onClick={() => navigate('/')}>
            {t('signIn.submit')}
          </Button>
        </>
      ) : (
        <NewPasswordForm
          submitLabel={t('reset.submit')}
          busy={reset.isPending}
          error={reset.error?.message ?? null}
          onSubmit={(password) => reset.mutate(password)}
        />
      )}
    </PublicCard>
  );
}
