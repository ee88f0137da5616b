import { Badge } from '@fluentui/react-components';
import { useIntl } from 'react-intl';
import type { SubscriptionSummary } from '../api.js';
import { useFormatDate } from '../format.js';

// Chinese breaks between any two characters, so 作用中 wrapped inside its pill in a narrow column:
// a status is one word, kept on one line (the badges, not the words in them, wrap onto a new line).
const noWrap = { whiteSpace: 'nowrap', flexShrink: 0 } as const;

/**
 * Status as the admin needs it: a payment in flight, past due (an invoice past its due date or a
 * failed automatic charge) or an amount due on a date say more than the state alone.
 */
export function StatusBadge(props: { subscription: SubscriptionSummary }) {
  const intl = useIntl();
  const formatDate = useFormatDate();
  const { status, amountDueMinor, amountDueOn, pastDueSince, paymentInProgress } = props.subscription;
  const label = intl.formatMessage({ id: `status.${status}` });
  const color = status === 'active' ? 'success' : status === 'expired' ? 'warning' : 'danger';
  const owed = amountDueMinor > 0;
  return (
    <span style={{ display: 'inline-flex', gap: 6, flexWrap: 'wrap' }}>
      <Badge appearance="tint" color={color} data-testid="status-badge" style={noWrap}>
        {label}
      </Badge>
      {paymentInProgress ? (
        <Badge appearance="tint" color="informative" style={noWrap}>
          {intl.formatMessage({ id: 'status.paymentPending' })}
        </Badge>
      ) : owed && pastDueSince ? (
        <Badge appearance="tint" color="danger" style={noWrap}>
          {intl.formatMessage({ id: 'status.pastDue' })}
        </Badge>
      ) : owed && amountDueOn ? (
        <Badge appearance="tint" color="informative" data-testid="due-badge" style={noWrap}>
          {intl.formatMessage({ id: 'status.due' }, { date: formatDate(amountDueOn) })}
        </Badge>
      ) : null}
    </span>
  );
}
