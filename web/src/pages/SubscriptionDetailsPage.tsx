import {
  Breadcrumb,
  BreadcrumbButton,
  BreadcrumbDivider,
  BreadcrumbItem,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  makeStyles,
  Spinner,
  Title2,
} from '@fluentui/react-components';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { can } from '../../../src/domain/permissions.js';
import { ApiError, getJson, type Me, type PaymentResult, type SubscriptionDetails } from '../api.js';
import { forgetBankReturn, readBankReturn } from '../bank-return.js';
import { BillingSettingsDialog } from '../components/BillingSettingsDialog.js';
import { LicensesDialog } from '../components/LicensesDialog.js';
import { SettleBalanceDrawer } from '../components/SettleBalanceDrawer.js';
import { StatusBadge } from '../components/StatusBadge.js';
import { BillingCard } from '../components/subscription/BillingCard.js';
import { LicensesCard } from '../components/subscription/LicensesCard.js';
import { LifecycleCard } from '../components/subscription/LifecycleCard.js';
import { useCardLabel, useFormatMoney } from '../format.js';
import { useT } from '../i18n/use-t.js';
import { queryKeys, refreshBilling } from '../query-keys.js';
import { navigate, useUrlFlag } from '../router.js';

const useStyles = makeStyles({
  // A long product name in the breadcrumb ends in an ellipsis rather than widening the page.
  crumbs: { maxWidth: '100%', overflow: 'hidden' },
  crumbName: {
    display: 'block',
    maxWidth: 'min(60vw, 640px)',
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    whiteSpace: 'nowrap',
  },
  title: { display: 'flex', alignItems: 'center', gap: '12px', margin: '8px 0 16px' },
  cards: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fit, minmax(320px, 1fr))',
    gap: '16px',
    marginTop: '16px',
  },
  banner: { marginTop: '12px' },
});

export function SubscriptionDetailsPage(props: { subscriptionId: string; me: Me }) {
  const styles = useStyles();
  const queryClient = useQueryClient();
  const formatMoney = useFormatMoney();
  const cardLabel = useCardLabel();
  const [drawerOpen, setDrawerOpen] = useUrlFlag('settle');
  // Settled in the drawer, or by the bank's page in the whole window (its return leads here).
  const [settled, setSettled] = useState<PaymentResult | null>(() => readBankReturn(props.subscriptionId));
  const confirmationRef = useRef<HTMLDivElement>(null);
  const [settingsOpen, setSettingsOpen] = useState(false);
  const [licensesOpen, setLicensesOpen] = useState(false);
  const t = useT();
  const query = useQuery({
    queryKey: queryKeys.subscription(props.subscriptionId),
    queryFn: () => getJson<SubscriptionDetails>(`/api/subscriptions/${props.subscriptionId}`),
    // While a payment is being confirmed, look again until reconciliation has the answer.
    refetchInterval: (q) => (q.state.data?.paymentInProgress ? 5000 : false),
  });
  const refresh = () => refreshBilling(queryClient);
  // The confirmation takes focus: the button that opened the drawer (Settle balance) is gone, and
  // after the bank's page nothing on the new page had it. Once the page is there to hold it (after
  // the bank's page, the subscription is still loading).
  const loaded = query.isSuccess;
  useEffect(() => {
    if (!settled || !loaded) return;
    forgetBankReturn();
    confirmationRef.current?.focus();
  }, [settled, loaded]);

  if (query.isPending) return <Spinner label={t('common.loading')} />;
  if (query.isError) {
    const notFound = query.error instanceof ApiError && query.error.status === 404;
    return (
      <MessageBar intent="error">
        <MessageBarBody>{notFound ? t('details.notFound') : query.error.message}</MessageBarBody>
      </MessageBar>
    );
  }
  const subscription = query.data;
  const owed = subscription.amountDueMinor > 0;

  return (
    <section>
      <Breadcrumb className={styles.crumbs} aria-label={t('nav.billing')}>
        <BreadcrumbItem>
          <BreadcrumbButton onClick={() => navigate('/billing/products')}>
            {t('nav.yourProducts')}
          </BreadcrumbButton>
        </BreadcrumbItem>
        <BreadcrumbDivider />
        <BreadcrumbItem>
          <BreadcrumbButton current title={subscription.productName}>
            <span className={styles.crumbName}>{subscription.productName}</span>
          </BreadcrumbButton>
        </BreadcrumbItem>
      </Breadcrumb>
      <div className={styles.title}>
        <Title2 as="h1">{subscription.productName}</Title2>
        <StatusBadge subscription={subscription} />
      </div>

      {settled?.status === 'succeeded' ? (
        <MessageBar
          intent="success"
          className={styles.banner}
          data-testid="settled-confirmation"
          tabIndex={-1}
          ref={confirmationRef}
        >
          <MessageBarBody>
            <MessageBarTitle>{t('details.settledTitle')}</MessageBarTitle>
            {t('details.settledBody', {
              amount: formatMoney(settled.amountMinor, settled.currency),
              card: cardLabel(settled.card),
            })}
          </MessageBarBody>
        </MessageBar>
      ) : null}
      {subscription.paymentInProgress ? (
        <MessageBar intent="info" className={styles.banner} data-testid="payment-pending">
          <MessageBarBody>
            <MessageBarTitle>{t('details.paymentPendingTitle')}</MessageBarTitle>
            {t('details.paymentPendingBody')}
          </MessageBarBody>
        </MessageBar>
      ) : null}

      <div className={styles.cards}>
        <BillingCard
          subscription={subscription}
          me={props.me}
          onSettle={() => setDrawerOpen(true)}
          onEditSettings={() => setSettingsOpen(true)}
        />
        <LicensesCard
          subscription={subscription}
          me={props.me}
          onChangeLicenses={() => setLicensesOpen(true)}
        />
        <LifecycleCard subscription={subscription} me={props.me} />
      </div>

      {licensesOpen ? (
        <LicensesDialog
          subscription={subscription}
          onClose={() => setLicensesOpen(false)}
          onSaved={() => {
            setLicensesOpen(false);
            void refresh();
          }}
        />
      ) : null}
      {settingsOpen ? (
        <BillingSettingsDialog
          subscription={subscription}
          onClose={() => setSettingsOpen(false)}
          onSaved={() => {
            setSettingsOpen(false);
            void refresh();
          }}
        />
      ) : null}
      {owed && can(props.me.role, 'billing.read') ? (
        <SettleBalanceDrawer
          open={drawerOpen}
          subscription={subscription}
          me={props.me}
          onClose={() => setDrawerOpen(false)}
          onBalanceMoved={() => void refresh()}
          onSettled={(result) => {
            setDrawerOpen(false);
            setSettled(result);
            void refresh();
          }}
        />
      ) : null}
    </section>
  );
}
