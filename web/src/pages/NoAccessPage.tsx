import { Body1, Link, makeStyles, Title2 } from '@fluentui/react-components';
import type { Me } from '../api.js';
import { type MessageId, useT } from '../i18n/use-t.js';
import { navigate } from '../router.js';

const useStyles = makeStyles({
  page: { display: 'flex', flexDirection: 'column', gap: '12px', maxWidth: '640px' },
});

/**
 * What a user whose role has no billing access sees instead of billing pages: not an error, but who
 * can give them access, and what they can do here.
 */
export function NoAccessPage(props: { me: Me }) {
  const styles = useStyles();
  const t = useT();
  return (
    <section className={styles.page}>
      <Title2 as="h1">{t('noAccess.title')}</Title2>
      <Body1>
        {t('noAccess.body', {
          role: t(`role.${props.me.role}` as MessageId),
          organization: props.me.organization.name,
        })}
      </Body1>
      <Body1>
        <Link
          href="/account/security"
          onClick={(event) => {
            event.preventDefault();
            navigate('/account/security');
          }}
        >
          {t('noAccess.security')}
        </Link>
      </Body1>
    </section>
  );
}
