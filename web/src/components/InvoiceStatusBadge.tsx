import { Badge } from '@fluentui/react-components';
import { useIntl } from 'react-intl';

export function InvoiceStatusBadge(props: { status: 'open' | 'paid' | 'void' }) {
  const intl = useIntl();
  const color = props.status === 'paid' ? 'success' : props.status === 'open' ? 'danger' : 'subtle';
  return (
    <Badge appearance="tint" color={color} data-testid="invoice-status">
      {intl.formatMessage({ id: `bills.status.${props.status}` })}
    </Badge>
  );
}
