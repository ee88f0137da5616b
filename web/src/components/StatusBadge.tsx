import { Badge } from '@fluentui/react-components';
import { useIntl } from 'react-intl';
import type { SubscriptionSummary } from '../api.js';

/** Status as the admin needs it: past due and a payment in flight say more than the state alone. */
export function StatusBadge(props: { subscription: SubscriptionSummary }) {
  const intl = useIntl();
  const { status, amountDueMinor, paymentInProgress } = props.subscription;
  const label = intl.formatMessage({ id: `status.${status}` });
  const color = status === 'active' ? 'success' : status === 'expired' ? 'warning' : 'danger';
  return (
    <span style={{ display: 'inline-flex', gap: 6, flexWrap: 'wrap' }}>
      <Badge appearance="tint" color={color} data-testid="status-badge">
        {label}
      </Badge>
      {paymentInProgress ? (
        <Badge appearance="tint" color="informative">
          {intl.formatMessage({ id: 'status.paymentPending' })}
        </Badge>
      ) : amountDueMinor > 0 ? (
        <Badge appearance="tint" color="danger">
          {intl.formatMessage({ id: 'status.pastDue' })}
        </Badge>
      ) : null}
    </span>
  );
}
