import {
  Breadcrumb,
  BreadcrumbButton,
  BreadcrumbDivider,
  BreadcrumbItem,
  Button,
  Card,
  CardHeader,
  Link,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  makeStyles,
  Spinner,
  Text,
  Title2,
  tokens,
} from '@fluentui/react-components';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { can } from '../../../src/domain/permissions.js';
import { ApiError, getJson, type Me, type PaymentResult, type SubscriptionDetails } from '../api.js';
import { BillingSettingsDialog } from '../components/BillingSettingsDialog.js';
import { LicensesDialog } from '../components/LicensesDialog.js';
import { OpenInvoiceList } from '../components/OpenInvoiceList.js';
import { SettleBalanceDrawer } from '../components/SettleBalanceDrawer.js';
import { StatusBadge } from '../components/StatusBadge.js';
import { useCardLabel, useFormatDate, useFormatMoney } from '../format.js';
import { useT } from '../i18n/use-t.js';
import { queryKeys, refreshBilling } from '../query-keys.js';
import { navigate } from '../router.js';

const useStyles = makeStyles({
  title: { display: 'flex', alignItems: 'center', gap: '12px', margin: '8px 0 16px' },
  cards: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fit, minmax(320px, 1fr))',
    gap: '16px',
    marginTop: '16px',
  },
  facts: { display: 'grid', gridTemplateColumns: 'minmax(140px, auto) 1fr', gap: '10px 16px', margin: 0 },
  term: { color: tokens.colorNeutralForeground3 },
  value: { margin: 0 },
  banner: { marginTop: '12px' },
  openInvoices: { margin: 0, paddingLeft: '18px' },
});

export function SubscriptionDetailsPage(props: { subscriptionId: string; me: Me }) {
  const styles = useStyles();
  const queryClient = useQueryClient();
  const formatMoney = useFormatMoney();
  const formatDate = useFormatDate();
  const cardLabel = useCardLabel();
  const [drawerOpen, setDrawerOpen] = useState(false);
  const [settled, setSettled] = useState<PaymentResult | null>(null);
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
  const pastDue = subscription.amountDueMinor > 0;
  const lastDecline = subscription.latestPayment?.status === 'failed' ? subscription.latestPayment : null;

  return (
    <section>
      <Breadcrumb aria-label={t('nav.billing')}>
        <BreadcrumbItem>
          <BreadcrumbButton onClick={() => navigate('/billing/products')}>
            {t('nav.yourProducts')}
          </BreadcrumbButton>
        </BreadcrumbItem>
        <BreadcrumbDivider />
        <BreadcrumbItem>
          <BreadcrumbButton current>{subscription.productName}</BreadcrumbButton>
        </BreadcrumbItem>
      </Breadcrumb>
      <div className={styles.title}>
        <Title2 as="h1">{subscription.productName}</Title2>
        <StatusBadge subscription={subscription} />
      </div>

      {settled?.status === 'succeeded' ? (
        <MessageBar intent="success" className={styles.banner} data-testid="settled-confirmation">
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
        <Card>
          <CardHeader
            header={
              <Text as="h2" weight="semibold" size={400}>
                {t('details.billingSection')}
              </Text>
            }
          />
          {pastDue && !subscription.paymentInProgress ? (
            <MessageBar intent="error" layout="multiline" data-testid="past-due">
              <MessageBarBody>
                <MessageBarTitle>{t('details.pastDueTitle')}</MessageBarTitle>
                {t('details.pastDueBody', {
                  amount: formatMoney(subscription.amountDueMinor, subscription.currency),
                })}
                {lastDecline ? (
                  <span style={{ display: 'block', marginTop: 4 }}>
                    {t('details.lastDecline', {
                      date: formatDate(lastDecline.createdAt),
                      reason:
                        t.known(`decline.${lastDecline.failureCode ?? 'card_declined'}`) ??
                        t('decline.card_declined'),
                    })}
                  </span>
                ) : null}
              </MessageBarBody>
              <MessageBarActions>
                <Button appearance="primary" onClick={() => setDrawerOpen(true)} data-testid="settle-balance">
                  {t('details.settleBalance')}
                </Button>
              </MessageBarActions>
            </MessageBar>
          ) : null}
          <dl className={styles.facts}>
            <dt className={styles.term}>{t('details.subscriptionStatus')}</dt>
            <dd className={styles.value}>{t(`status.${subscription.status}`)}</dd>
            <dt className={styles.term}>{t('details.renewalDate')}</dt>
            <dd className={styles.value}>{formatDate(subscription.nextBillingDate)}</dd>
            <dt className={styles.term}>{t('details.billingFrequency')}</dt>
            <dd className={styles.value}>{t(`frequency.${subscription.billingFrequency}`)}</dd>
            <dt className={styles.term}>{t('details.price')}</dt>
            <dd className={styles.value}>
              {t('details.pricePerPeriod', {
                amount: formatMoney(subscription.periodAmountMinor, subscription.currency),
                frequency: subscription.billingFrequency,
              })}
            </dd>
            <dt className={styles.term}>{t('details.recurringBilling')}</dt>
            <dd className={styles.value}>
              {t(subscription.recurringBilling ? 'details.on' : 'details.off')}
              {can(props.me.role, 'billing.manage') ? (
                <Link
                  as="button"
                  style={{ marginLeft: 12 }}
                  onClick={() => setSettingsOpen(true)}
                  data-testid="edit-billing-settings"
                >
                  {t('settings.title')}
                </Link>
              ) : null}
            </dd>
            <dt className={styles.term}>{t('details.paymentMethod')}</dt>
            <dd className={styles.value} data-testid="payment-method">
              {subscription.card ? cardLabel(subscription.card) : t('details.noPaymentMethod')}
            </dd>
          </dl>
        </Card>
        <Card>
          <CardHeader
            header={
              <Text as="h2" weight="semibold" size={400}>
                {t('products.column.licenses')}
              </Text>
            }
          />
          <Text size={500} weight="semibold">
            {t('details.licenses', { count: subscription.licenses })}
          </Text>
          {can(props.me.role, 'billing.manage') ? (
            <Link as="button" onClick={() => setLicensesOpen(true)} data-testid="change-licenses">
              {t('licenses.title')}
            </Link>
          ) : null}
          {subscription.openInvoices.length > 0 ? (
            <>
              <Text weight="semibold">{t('details.openInvoices')}</Text>
              <OpenInvoiceList subscription={subscription} className={styles.openInvoices} />
            </>
          ) : null}
        </Card>
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
      {pastDue && can(props.me.role, 'billing.read') ? (
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
