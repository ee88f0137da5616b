import { FluentProvider, Spinner, webLightTheme } from '@fluentui/react-components';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { IntlProvider } from 'react-intl';
import {
  ApiError,
  getJson,
  type Locale,
  type Me,
  newIdempotencyKey,
  sendJson,
  setIdentityConfirmation,
} from './api.js';
import { AppShell, mayOpen } from './components/AppShell.js';
import { ConfirmIdentitySlot } from './components/security/ConfirmIdentityDialog.js';
import { askIdentity } from './components/security/identity-prompt.js';
import { initialLocale, messages, rememberLocale } from './i18n/locale.js';
import { AcceptInvitationPage } from './pages/AcceptInvitationPage.js';
import { AuditLogPage } from './pages/AuditLogPage.js';
import { BillingAccountPage } from './pages/BillingAccountPage.js';
import { BillsPage } from './pages/BillsPage.js';
import { ForgotPasswordPage } from './pages/ForgotPasswordPage.js';
import { MessagesPage } from './pages/MessagesPage.js';
import { NoAccessPage } from './pages/NoAccessPage.js';
import { NotFoundPage } from './pages/NotFoundPage.js';
import { PaymentMethodsPage } from './pages/PaymentMethodsPage.js';
import { ResetPasswordPage } from './pages/ResetPasswordPage.js';
import { SecurityPage } from './pages/SecurityPage.js';
import { SignInPage, type SignInStep } from './pages/SignInPage.js';
import { SubscriptionDetailsPage } from './pages/SubscriptionDetailsPage.js';
import { UsersPage } from './pages/UsersPage.js';
import { YourProductsPage } from './pages/YourProductsPage.js';
import { queryKeys } from './query-keys.js';
import { useRoute } from './router.js';

// Traditional Chinese needs Traditional glyph forms: name the TC fonts before any generic fallback.
const fontFamilies: Record<Locale, string> = {
  'en-US': webLightTheme.fontFamilyBase,
  'zh-TW': `"Segoe UI", "Microsoft JhengHei UI", "Microsoft JhengHei", "PingFang TC", "Noto Sans CJK TC", "Noto Sans TC", sans-serif`,
};

export function App() {
  const queryClient = useQueryClient();
  const route = useRoute();
  const me = useQuery({
    queryKey: queryKeys.me,
    queryFn: () => getJson<Me>('/api/me'),
    retry: (count, error) => !(error instanceof ApiError && [401, 403].includes(error.status)) && count < 2,
  });
  useEffect(() => {
    setIdentityConfirmation(askIdentity);
    return () => setIdentityConfirmation(null);
  }, []);
  const [chosenLocale, setChosenLocale] = useState<Locale>(initialLocale);
  const locale = me.data?.locale ?? chosenLocale;

  const saveLocale = useMutation({
    mutationFn: (next: Locale) => sendJson('PUT', '/api/me/locale', { locale: next }, newIdempotencyKey()),
    // Everything the server wrote in the reader's language (Billing notifications) is asked for again.
    onSuccess: () => queryClient.invalidateQueries(),
  });
  const changeLocale = (next: Locale) => {
    rememberLocale(next);
    setChosenLocale(next);
    if (me.data) {
      queryClient.setQueryData<Me>(['me'], { ...me.data, locale: next, localeIsSaved: true });
      saveLocale.mutate(next);
    }
  };

  useEffect(() => {
    document.documentElement.lang = locale;
    document.title = messages[locale]['app.title'] ?? 'Settle';
  }, [locale]);

  // Signed in on /sign-in itself: go where the admin center starts, not stay on a sign-in address.
  // (Any other address signs in in place: the page asked for is the page shown.)
  useEffect(() => {
    if (me.data && route.page === 'signIn') {
      window.history.replaceState(null, '', '/billing/products');
      window.dispatchEvent(new PopStateEvent('popstate'));
    }
  }, [me.data, route.page]);

  const theme = useMemo(() => ({ ...webLightTheme, fontFamilyBase: fontFamilies[locale] }), [locale]);
  const signInError = me.error instanceof ApiError ? me.error.code : null;
  // Half-way through signing in (a code owed, or an app to set up), a reload comes back to that step.
  const signInStep: SignInStep | undefined =
    signInError === 'second_factor_required'
      ? 'code'
      : signInError === 'second_factor_setup_required'
        ? 'enroll'
        : undefined;
  const signedOut = (me.error instanceof ApiError && me.error.status === 401) || signInStep !== undefined;

  let content: React.ReactNode;
  // Pages of one-time links and forgotten passwords open whether or not someone is signed in.
  const publicPage = { locale, onLocaleChange: changeLocale };
  if (route.page === 'acceptInvitation') content = <AcceptInvitationPage {...publicPage} />;
  else if (route.page === 'resetPassword') content = <ResetPasswordPage {...publicPage} />;
  else if (route.page === 'forgotPassword') content = <ForgotPasswordPage {...publicPage} />;
  else if (me.isPending) content = <Spinner style={{ marginTop: 120 }} />;
  else if (signedOut || !me.data)
    content = <SignInPage locale={locale} onLocaleChange={changeLocale} step={signInStep} />;
  else {
    let page: React.ReactNode;
    if (!mayOpen(me.data.role, route.page)) page = <NoAccessPage me={me.data} />;
    else if (route.page === 'subscription')
      page = <SubscriptionDetailsPage subscriptionId={route.subscriptionId} me={me.data} />;
    else if (route.page === 'bills') page = <BillsPage me={me.data} />;
    else if (route.page === 'paymentMethods') page = <PaymentMethodsPage me={me.data} />;
    else if (route.page === 'messages') page = <MessagesPage me={me.data} />;
    else if (route.page === 'auditLog') page = <AuditLogPage currency={me.data.organization.currency} />;
    else if (route.page === 'security') page = <SecurityPage me={me.data} />;
    else if (route.page === 'users') page = <UsersPage me={me.data} />;
    else if (route.page === 'billingAccount') page = <BillingAccountPage me={me.data} />;
    else if (route.page === 'notFound') page = <NotFoundPage />;
    else page = <YourProductsPage />;
    content = (
      <AppShell
        me={me.data}
        locale={locale}
        current={route.page === 'subscription' ? 'products' : route.page}
        onLocaleChange={changeLocale}
      >
        {page}
        <ConfirmIdentitySlot />
      </AppShell>
    );
  }

  return (
    <IntlProvider locale={locale} messages={messages[locale]} defaultLocale="en-US">
      <FluentProvider theme={theme} style={{ minHeight: '100vh', background: '#faf9f8' }}>
        {content}
      </FluentProvider>
    </IntlProvider>
  );
}
