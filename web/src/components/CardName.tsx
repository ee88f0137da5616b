import { Badge } from '@fluentui/react-components';
import { useIntl } from 'react-intl';
import type { PaymentMethod } from '../api.js';
import { useCardLabel } from '../format.js';

/** "Visa ending in 4242", and an Expired badge where it has expired. */
export function CardName(props: { card: Pick<PaymentMethod, 'brand' | 'last4' | 'expired'> }) {
  const intl = useIntl();
  const cardLabel = useCardLabel();
  return (
    <>
      {cardLabel(props.card)}{' '}
      {props.card.expired ? (
        <Badge color="danger" appearance="tint">
          {intl.formatMessage({ id: 'card.expired' })}
        </Badge>
      ) : null}
    </>
  );
}
