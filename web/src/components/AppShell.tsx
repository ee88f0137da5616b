import { Button, makeStyles, Persona, Text, tokens } from '@fluentui/react-components';
import {
  Box20Regular,
  Building20Regular,
  DocumentText20Regular,
  History20Regular,
  Mail20Regular,
  Payment20Regular,
  People20Regular,
  Person20Regular,
  Receipt20Regular,
  ShieldLock20Regular,
  SignOut20Regular,
} from '@fluentui/react-icons';
import { useQueryClient } from '@tanstack/react-query';
import type { ReactElement, ReactNode } from 'react';
import { useIntl } from 'react-intl';
import { type BillingAction, can } from '../../../src/domain/permissions.js';
import type { Locale, Me } from '../api.js';
import type { MessageId } from '../i18n/use-t.js';
import { queryKeys } from '../query-keys.js';
import { navigate } from '../router.js';
import { LanguageSwitch } from './LanguageSwitch.js';

const useStyles = makeStyles({
  header: {
    display: 'flex',
    alignItems: 'center',
    gap: '16px',
    height: '48px',
    padding: '0 16px',
    background: tokens.colorBrandBackground,
    color: tokens.colorNeutralForegroundOnBrand,
  },
  brand: { fontWeight: tokens.fontWeightSemibold, fontSize: tokens.fontSizeBase400, flexGrow: 1 },
  headerTools: {
    display: 'flex',
    alignItems: 'center',
    gap: '8px',
    background: tokens.colorNeutralBackground1,
    borderRadius: '4px',
    padding: '0 8px',
  },
  body: { display: 'flex', minHeight: 'calc(100vh - 48px)' },
  nav: {
    width: '240px',
    flexShrink: 0,
    background: tokens.colorNeutralBackground3,
    padding: '12px 8px',
    boxSizing: 'border-box',
  },
  navGroup: {
    display: 'flex',
    alignItems: 'center',
    gap: '8px',
    padding: '8px',
    fontWeight: tokens.fontWeightSemibold,
  },
  navItem: {
    width: '100%',
    justifyContent: 'flex-start',
    textAlign: 'start',
    whiteSpace: 'nowrap',
    paddingLeft: '36px',
  },
  main: { flexGrow: 1, padding: '24px 32px', maxWidth: '1200px', boxSizing: 'border-box', minWidth: 0 },
  skip: { position: 'absolute', left: '-1000px', ':focus': { left: '8px', top: '8px', zIndex: 10 } },
});

const navItems: { page: string; path: string; label: MessageId; icon: ReactElement; needs: BillingAction }[] =
  [
    {
      page: 'products',
      path: '/billing/products',
      label: 'nav.yourProducts',
      icon: <Box20Regular />,
      needs: 'billing.read',
    },
    {
      page: 'bills',
      path: '/billing/bills',
      label: 'nav.bills',
      icon: <DocumentText20Regular />,
      needs: 'billing.read',
    },
    {
      page: 'paymentMethods',
      path: '/billing/payment-methods',
      label: 'nav.paymentMethods',
      icon: <Payment20Regular />,
      needs: 'billing.read',
    },
    {
      page: 'billingAccount',
      path: '/billing/account',
      label: 'nav.billingAccount',
      icon: <Building20Regular />,
      needs: 'billing.read',
    },
    {
      page: 'messages',
      path: '/billing/notifications',
      label: 'nav.messages',
      icon: <Mail20Regular />,
      needs: 'billing.manage',
    },
    {
      page: 'auditLog',
      path: '/audit-log',
      label: 'nav.auditLog',
      icon: <History20Regular />,
      needs: 'audit.read',
    },
    {
      page: 'users',
      path: '/users',
      label: 'nav.users',
      icon: <People20Regular />,
      needs: 'audit.read',
    },
  ];

const securityItem = {
  page: 'security',
  path: '/account/security',
  label: 'nav.security',
  icon: <ShieldLock20Regular />,
} as const;

function NavItem(props: {
  item: { page: string; path: string; label: MessageId; icon: ReactElement };
  current: string;
}) {
  const styles = useStyles();
  const intl = useIntl();
  const { item } = props;
  return (
    <Button
      className={styles.navItem}
      appearance={props.current === item.page ? 'secondary' : 'subtle'}
      icon={item.icon}
      aria-current={props.current === item.page ? 'page' : undefined}
      onClick={() => navigate(item.path)}
    >
      {intl.formatMessage({ id: item.label })}
    </Button>
  );
}

export function AppShell(props: {
  me: Me;
  locale: Locale;
  /** Which navigation entry the page belongs to. */
  current: string;
  onLocaleChange: (locale: Locale) => void;
  children: ReactNode;
}) {
  const styles = useStyles();
  const intl = useIntl();
  const queryClient = useQueryClient();
  const signOut = async () => {
    await fetch('/api/auth/sign-out', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    queryClient.clear();
    navigate('/');
    await queryClient.invalidateQueries({ queryKey: queryKeys.me });
  };
  const role = intl.formatMessage({ id: `role.${props.me.role}` });
  return (
    <>
      <a href="#main" className={styles.skip}>
        {intl.formatMessage({ id: 'app.skipToContent' })}
      </a>
      <header className={styles.header}>
        <Text className={styles.brand}>{intl.formatMessage({ id: 'app.title' })}</Text>
        <div className={styles.headerTools}>
          <LanguageSwitch locale={props.locale} onChange={props.onLocaleChange} />
          <Persona
            size="small"
            name={props.me.displayName}
            secondaryText={`${role} · ${props.me.organization.name}`}
            aria-label={intl.formatMessage(
              { id: 'header.signedInAs' },
              { name: props.me.displayName, role, organization: props.me.organization.name },
            )}
          />
          <Button
            appearance="subtle"
            icon={<SignOut20Regular />}
            onClick={signOut}
            aria-label={intl.formatMessage({ id: 'header.signOut' })}
          />
        </div>
      </header>
      <div className={styles.body}>
        <nav className={styles.nav} aria-label={intl.formatMessage({ id: 'nav.label' })}>
          <div className={styles.navGroup}>
            <Receipt20Regular />
            {intl.formatMessage({ id: 'nav.billing' })}
          </div>
          {navItems
            .filter((item) => can(props.me.role, item.needs))
            .map((item) => (
              <NavItem key={item.path} item={item} current={props.current} />
            ))}
          <div className={styles.navGroup}>
            <Person20Regular />
            {intl.formatMessage({ id: 'nav.account' })}
          </div>
          <NavItem item={securityItem} current={props.current} />
        </nav>
        <main id="main" className={styles.main}>
          {props.children}
        </main>
      </div>
    </>
  );
}
