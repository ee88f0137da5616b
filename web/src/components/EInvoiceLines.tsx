import { Text } from '@fluentui/react-components';
import type { Invoice } from '../../../src/contract/invoices.js';
import { formatEInvoiceNumber, taiwanDay } from '../../../src/domain/einvoice.js';
import { useFormatDate } from '../format.js';
import { useT } from '../i18n/use-t.js';

/**
 * An invoice's e-invoices (電子發票) under it: the number, the day it was issued (Taiwan's) and the
 * random code (隨機碼) the buyer looks it up with; a voided one says so, and the one issued in its
 * place follows it.
 */
export function EInvoiceLines(props: { einvoices: Invoice['einvoices']; className?: string }) {
  const t = useT();
  const formatDate = useFormatDate();
  return (
    <>
      {props.einvoices.map((einvoice) => (
        <Text as="span" block size={200} className={props.className} data-testid="einvoice" key={einvoice.id}>
          {einvoice.number && einvoice.issuedAt
            ? t(einvoice.status === 'voided' ? 'bills.einvoiceVoided' : 'bills.einvoice', {
                number: formatEInvoiceNumber(einvoice.number),
                date: formatDate(taiwanDay(new Date(einvoice.issuedAt))),
                code: einvoice.randomCode ?? '',
              })
            : t(einvoice.status === 'failed' ? 'bills.einvoiceDelayed' : 'bills.einvoicePending')}
        </Text>
      ))}
    </>
  );
}
