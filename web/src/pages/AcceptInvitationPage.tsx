import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { Locale } from '../api.js';
import { NewPasswordForm } from '../components/NewPasswordForm.js';
import { PublicCard } from '../components/PublicCard.js';
import { postPublic, takeLinkToken } from '../components/post-public.js';
import { useT } from '../i18n/use-t.js';
import { queryKeys } from '../query-keys.js';
import { navigate } from '../router.js';

/** From an invitation email: choose a password, and be signed in. */
export function AcceptInvitationPage(props: { locale: Locale; onLocaleChange: (locale: Locale) => void }) {
  const t = useT();
  const queryClient = useQueryClient();
  const [token] = useState(takeLinkToken);
  const accept = useMutation({
    mutationFn: (password: string) =>
      postPublic('/api/auth/invitations/accept', { token, password }, props.locale),
    // Signed in (or half-way, if the organization requires a second factor): the app takes it from here.
    onSuccess: async () => {
      navigate('/');
      await queryClient.invalidateQueries({ queryKey: queryKeys.me });
    },
  });
  return (
    <PublicCard title={t('invitation.title')} locale={props.locale} onLocaleChange={props.onLocaleChange}>
      <p>{t('invitation.hint')}</p>
      <NewPasswordForm
        submitLabel={t('invitation.submit')}
        busy={accept.isPending}
        error={accept.error?.message ?? null}
        onSubmit={(password) => accept.mutate(password)}
      />
    </PublicCard>
  );
}
