import { useIntl } from 'react-intl';
import type { SubscriptionDetails } from '../api.js';
import { useFormatDate, useFormatMoney } from '../format.js';

/** The invoices a balance is made of, one line each: number, issue date, amount. */
export function OpenInvoiceList(props: { subscription: SubscriptionDetails; className?: string }) {
  const intl = useIntl();
  const formatMoney = useFormatMoney();
  const formatDate = useFormatDate();
  const { subscription } = props;
  return (
    <ul className={props.className}>
      {subscription.openInvoices.map((invoice) => (
        <li key={invoice.id}>
          {intl.formatMessage(
            { id: 'settle.invoiceLine' },
            {
              number: invoice.number,
              date: formatDate(invoice.issuedOn),
              amount: formatMoney(invoice.amountMinor, subscription.currency),
            },
          )}
        </li>
      ))}
    </ul>
  );
}
