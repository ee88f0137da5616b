import { Card, makeStyles, Title2 } from '@fluentui/react-components';
import type { ReactNode } from 'react';
import type { Locale } from '../api.js';
import { LanguageSwitch } from './LanguageSwitch.js';

const useStyles = makeStyles({
  page: { display: 'flex', justifyContent: 'center', paddingTop: '10vh', paddingBottom: '24px' },
  card: {
    width: '420px',
    maxWidth: 'calc(100vw - 32px)',
    boxSizing: 'border-box',
    padding: '32px',
    display: 'flex',
    flexDirection: 'column',
    gap: '16px',
  },
});

/** The frame of the pages reached without signing in: sign-in, invitations, password resets. */
export function PublicCard(props: {
  title: string;
  locale: Locale;
  onLocaleChange: (locale: Locale) => void;
  children: ReactNode;
}) {
  const styles = useStyles();
  return (
    <main className={styles.page}>
      <Card className={styles.card}>
        <Title2 as="h1">{props.title}</Title2>
        <LanguageSwitch locale={props.locale} onChange={props.onLocaleChange} />
        {props.children}
      </Card>
    </main>
  );
}
