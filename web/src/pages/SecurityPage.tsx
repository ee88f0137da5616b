import { makeStyles, Text, Title2, tokens } from '@fluentui/react-components';
import { useQuery } from '@tanstack/react-query';
import { getJson, type Me, type SecuritySettings } from '../api.js';
import { QueryStatus } from '../components/QueryStatus.js';
import { MfaCard } from '../components/security/MfaCard.js';
import { OrganizationSignInCard } from '../components/security/OrganizationSignInCard.js';
import { PasskeysCard } from '../components/security/PasskeysCard.js';
import { SessionsCard } from '../components/security/SessionsCard.js';
import { useT } from '../i18n/use-t.js';
import { queryKeys } from '../query-keys.js';

const useStyles = makeStyles({
  description: { color: tokens.colorNeutralForeground3, margin: '4px 0 16px' },
  cards: { display: 'flex', flexDirection: 'column', gap: '16px', maxWidth: '880px' },
});

/** Sign-in and security: the user's second factor, their open sessions and, for Global admins, the organization's rule. */
export function SecurityPage(props: { me: Me }) {
  const styles = useStyles();
  const t = useT();
  const settings = useQuery({
    queryKey: queryKeys.security,
    queryFn: () => getJson<SecuritySettings>('/api/me/security'),
  });
  return (
    <section>
      <Title2 as="h1">{t('security.title')}</Title2>
      <Text as="p" block className={styles.description}>
        {t('security.description')}
      </Text>
      <QueryStatus query={settings} />
      {settings.data ? (
        <div className={styles.cards}>
          <PasskeysCard settings={settings.data} />
          <MfaCard settings={settings.data} />
          {props.me.role === 'global_admin' ? <OrganizationSignInCard settings={settings.data} /> : null}
          <SessionsCard />
        </div>
      ) : null}
    </section>
  );
}
