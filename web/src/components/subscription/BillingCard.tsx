import {
  Button,
  Card,
  CardHeader,
  Link,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  makeStyles,
  Text,
  tokens,
} from '@fluentui/react-components';
import { can } from '../../../../src/domain/permissions.js';
import type { Me, SubscriptionDetails } from '../../api.js';
import { useCardLabel, useFormatDate, useFormatMoney } from '../../format.js';
import { useT } from '../../i18n/use-t.js';
import { nextBilling } from './next-billing.js';

const useStyles = makeStyles({
  facts: { display: 'grid', gridTemplateColumns: 'minmax(140px, auto) 1fr', gap: '10px 16px', margin: 0 },
  term: { color: tokens.colorNeutralForeground3 },
  value: { margin: 0 },
});

/** The subscription's Billing section: the past-due bar with Settle balance, and its billing facts. */
export function BillingCard(props: {
  subscription: SubscriptionDetails;
  me: Me;
  onSettle: () => void;
  onEditSettings: () => void;
}) {
  const styles = useStyles();
  const t = useT();
  const formatMoney = useFormatMoney();
  const formatDate = useFormatDate();
  const cardLabel = useCardLabel();
  const { subscription } = props;
  const next = nextBilling(subscription);
  const owed = subscription.amountDueMinor > 0 && !subscription.paymentInProgress;
  const pastDue = owed && subscription.pastDueSince !== null;
  const lastDecline = subscription.latestPayment?.status === 'failed' ? subscription.latestPayment : null;
  return (
    <Card>
      <CardHeader
        header={
          <Text as="h2" weight="semibold" size={400}>
            {t('details.billingSection')}
          </Text>
        }
      />
      {owed && !pastDue && subscription.amountDueOn ? (
        // Owed, not yet due (an invoice within its payment terms): its date and Pay now, no alarm.
        <MessageBar intent="info" layout="multiline" data-testid="amount-due">
          <MessageBarBody>
            <MessageBarTitle>
              {t('details.dueTitle', { date: formatDate(subscription.amountDueOn) })}
            </MessageBarTitle>
            {t('details.dueBody', {
              amount: formatMoney(subscription.amountDueMinor, subscription.currency),
            })}
          </MessageBarBody>
          <MessageBarActions>
            <Button appearance="primary" onClick={props.onSettle} data-testid="pay-now">
              {t('details.payNow')}
            </Button>
          </MessageBarActions>
        </MessageBar>
      ) : null}
      {pastDue ? (
        <MessageBar intent="error" layout="multiline" data-testid="past-due">
          <MessageBarBody>
            <MessageBarTitle>{t('details.pastDueTitle')}</MessageBarTitle>
            {t('details.pastDueBody', {
              amount: formatMoney(subscription.amountDueMinor, subscription.currency),
            })}
            {lastDecline ? (
              <span style={{ display: 'block', marginTop: 4 }}>
                {lastDecline.failureCode === 'authentication_required'
                  ? // Not a refusal: the bank waits for the cardholder, and Settle balance is where they answer.
                    t('details.lastNeedsConfirmation', { date: formatDate(lastDecline.createdAt) })
                  : t('details.lastDecline', {
                      date: formatDate(lastDecline.createdAt),
                      reason:
                        t.known(`decline.${lastDecline.failureCode ?? 'card_declined'}`) ??
                        t('decline.card_declined'),
                    })}
              </span>
            ) : null}
          </MessageBarBody>
          <MessageBarActions>
            <Button appearance="primary" onClick={props.onSettle} data-testid="settle-balance">
              {t('details.settleBalance')}
            </Button>
          </MessageBarActions>
        </MessageBar>
      ) : null}
      <dl className={styles.facts}>
        <dt className={styles.term}>{t('details.subscriptionStatus')}</dt>
        <dd className={styles.value}>{t(`status.${subscription.status}`)}</dd>
        <dt className={styles.term}>{t(next.kind === 'ends' ? 'details.endDate' : 'details.renewalDate')}</dt>
        <dd className={styles.value} data-testid="next-billing">
          {next.kind === 'none' ? t('details.noRenewal') : formatDate(next.date)}
        </dd>
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
              onClick={props.onEditSettings}
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
  );
}
