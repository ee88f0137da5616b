import {
  Avatar,
  Button,
  DrawerBody,
  DrawerHeader,
  DrawerHeaderTitle,
  makeStyles,
  mergeClasses,
  OverlayDrawer,
  Persona,
  Text,
  tokens,
} from '@fluentui/react-components';
import {
  Box20Regular,
  Building20Regular,
  Dismiss24Regular,
  DocumentText20Regular,
  History20Regular,
  LineHorizontal3Regular,
  Mail20Regular,
  Payment20Regular,
  People20Regular,
  Person20Regular,
  Receipt20Regular,
  ShieldLock20Regular,
  SignOut20Regular,
} from '@fluentui/react-icons';
import { useQueryClient } from '@tanstack/react-query';
import { type ReactElement, type ReactNode, useEffect, useState } from 'react';
import { useIntl } from 'react-intl';
import { type BillingAction, can } from '../../../src/domain/permissions.js';
import type { Locale, Me } from '../api.js';
import type { MessageId } from '../i18n/use-t.js';
import { queryKeys } from '../query-keys.js';
import { followInPlace, navigate } from '../router.js';
import { LanguageSwitch } from './LanguageSwitch.js';
import { narrowQuery, useNarrow } from './use-narrow.js';
import { useReturnFocus } from './use-return-focus.js';

const useStyles = makeStyles({
  header: {
    display: 'flex',
    alignItems: 'center',
    gap: '16px',
    height: '48px',
    padding: '0 16px',
    background: tokens.colorBrandBackground,
    color: tokens.colorNeutralForegroundOnBrand,
    [`@media ${narrowQuery}`]: { gap: '8px', padding: '0 8px' },
  },
  brand: {
    fontWeight: tokens.fontWeightSemibold,
    fontSize: tokens.fontSizeBase400,
    flexGrow: 1,
    minWidth: 0,
    whiteSpace: 'nowrap',
    overflow: 'hidden',
    textOverflow: 'ellipsis',
  },
  menuButton: { color: tokens.colorNeutralForegroundOnBrand, minWidth: 'auto' },
  headerTools: {
    display: 'flex',
    alignItems: 'center',
    gap: '8px',
    background: tokens.colorNeutralBackground1,
    borderRadius: '4px',
    padding: '0 8px',
    flexShrink: 0,
  },
  body: { display: 'flex', minHeight: 'calc(100vh - 48px)' },
  nav: {
    width: '240px',
    flexShrink: 0,
    background: tokens.colorNeutralBackground3,
    padding: '12px 8px',
    boxSizing: 'border-box',
  },
  navInDrawer: { width: '100%', background: 'transparent', padding: '0' },
  navGroup: {
    display: 'flex',
    alignItems: 'center',
    gap: '8px',
    padding: '8px',
    fontWeight: tokens.fontWeightSemibold,
  },
  navItem: {
    display: 'flex',
    alignItems: 'center',
    gap: '8px',
    minHeight: '32px',
    padding: '6px 8px 6px 36px',
    borderRadius: tokens.borderRadiusMedium,
    color: tokens.colorNeutralForeground1,
    textDecoration: 'none',
    whiteSpace: 'nowrap',
    ':hover': { background: tokens.colorSubtleBackgroundHover },
    ':focus-visible': { outline: `2px solid ${tokens.colorStrokeFocus2}`, outlineOffset: '-2px' },
  },
  navItemCurrent: {
    background: tokens.colorNeutralBackground1,
    fontWeight: tokens.fontWeightSemibold,
    boxShadow: tokens.shadow2,
  },
  drawerLanguage: { padding: '16px 8px 0' },
  main: {
    flexGrow: 1,
    padding: '24px 32px',
    maxWidth: '1200px',
    boxSizing: 'border-box',
    minWidth: 0,
    [`@media ${narrowQuery}`]: { padding: '16px 12px' },
  },
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

/** Whether a role may open a page of the navigation (pages outside it are open to everyone signed in). */
export function mayOpen(role: Me['role'], page: string): boolean {
  const item = navItems.find((entry) => entry.page === (page === 'subscription' ? 'products' : page));
  return !item || can(role, item.needs);
}

const securityItem = {
  page: 'security',
  path: '/account/security',
  label: 'nav.security',
  icon: <ShieldLock20Regular />,
} as const;

type NavEntry = { page: string; path: string; label: MessageId; icon: ReactElement };

/** A real link: it opens in a new tab with a middle click or Ctrl-click, and navigates in place otherwise. */
function NavItem(props: { item: NavEntry; current: string; onNavigate?: () => void }) {
  const styles = useStyles();
  const intl = useIntl();
  const { item } = props;
  const current = props.current === item.page;
  return (
    <a
      href={item.path}
      className={mergeClasses(styles.navItem, current && styles.navItemCurrent)}
      aria-current={current ? 'page' : undefined}
      onClick={followInPlace(item.path, props.onNavigate)}
    >
      {item.icon}
      {intl.formatMessage({ id: item.label })}
    </a>
  );
}

function Navigation(props: {
  role: Me['role'];
  current: string;
  inDrawer?: boolean;
  onNavigate?: () => void;
}) {
  const styles = useStyles();
  const intl = useIntl();
  // A user with no billing role sees no Billing group at all, not an empty one.
  const billing = navItems.filter((item) => can(props.role, item.needs));
  return (
    <nav
      className={mergeClasses(styles.nav, props.inDrawer && styles.navInDrawer)}
      aria-label={intl.formatMessage({ id: 'nav.label' })}
    >
      {billing.length > 0 && (
        <div className={styles.navGroup}>
          <Receipt20Regular />
          {intl.formatMessage({ id: 'nav.billing' })}
        </div>
      )}
      {billing.map((item) => (
        <NavItem key={item.path} item={item} current={props.current} onNavigate={props.onNavigate} />
      ))}
      <div className={styles.navGroup}>
        <Person20Regular />
        {intl.formatMessage({ id: 'nav.account' })}
      </div>
      <NavItem item={securityItem} current={props.current} onNavigate={props.onNavigate} />
    </nav>
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
  const signedInAs = intl.formatMessage(
    { id: 'header.signedInAs' },
    { name: props.me.displayName, role, organization: props.me.organization.name },
  );
  const narrow = useNarrow();
  const [menuOpen, setMenuOpen] = useState(false);
  useEffect(() => {
    if (!narrow) setMenuOpen(false);
  }, [narrow]);
  useReturnFocus(menuOpen);
  return (
    <>
      <a href="#main" className={styles.skip}>
        {intl.formatMessage({ id: 'app.skipToContent' })}
      </a>
      <header className={styles.header}>
        {narrow && (
          <Button
            className={styles.menuButton}
            appearance="transparent"
            icon={<LineHorizontal3Regular />}
            aria-label={intl.formatMessage({ id: 'nav.menu' })}
            aria-expanded={menuOpen}
            onClick={() => setMenuOpen(true)}
          />
        )}
        <Text className={styles.brand}>{intl.formatMessage({ id: 'app.title' })}</Text>
        <div className={styles.headerTools}>
          {!narrow && <LanguageSwitch locale={props.locale} onChange={props.onLocaleChange} />}
          {narrow ? (
            <Avatar size={28} name={props.me.displayName} aria-label={signedInAs} />
          ) : (
            <Persona
              size="small"
              name={props.me.displayName}
              secondaryText={`${role} · ${props.me.organization.name}`}
              aria-label={signedInAs}
            />
          )}
          <Button
            appearance="subtle"
            icon={<SignOut20Regular />}
            onClick={signOut}
            aria-label={intl.formatMessage({ id: 'header.signOut' })}
          />
        </div>
      </header>
      {narrow && (
        <OverlayDrawer
          open={menuOpen}
          onOpenChange={(_event, data) => setMenuOpen(data.open)}
          position="start"
          size="small"
          aria-label={intl.formatMessage({ id: 'nav.menu' })}
        >
          <DrawerHeader>
            <DrawerHeaderTitle
              action={
                <Button
                  appearance="subtle"
                  icon={<Dismiss24Regular />}
                  aria-label={intl.formatMessage({ id: 'nav.closeMenu' })}
                  onClick={() => setMenuOpen(false)}
                />
              }
            >
              {intl.formatMessage({ id: 'app.title' })}
            </DrawerHeaderTitle>
          </DrawerHeader>
          <DrawerBody>
            <Navigation
              role={props.me.role}
              current={props.current}
              inDrawer
              onNavigate={() => setMenuOpen(false)}
            />
            <div className={styles.drawerLanguage}>
              <LanguageSwitch locale={props.locale} onChange={props.onLocaleChange} />
            </div>
          </DrawerBody>
        </OverlayDrawer>
      )}
      <div className={styles.body}>
        {!narrow && <Navigation role={props.me.role} current={props.current} />}
        <main id="main" className={styles.main}>
          {props.children}
        </main>
      </div>
    </>
  );
}
