import type { Kysely } from 'kysely';
import type { CollectionMethod, Database } from '../db/schema.js';
import type { CurrencyCode } from '../domain/money.js';
import { invoiceDueOn } from '../domain/periods.js';
import { quoteRenewal } from '../domain/pricing.js';
import { issueInvoice } from './issue-invoice.js';
import { takeDocumentNumber } from './take-document-numbers.js';

/**
 * The invoice for a whole period of a subscription, issued now (a new subscription, or one started
 * again): licenses × the price's amount plus tax, due today, or in the organization's days when it
 * pays by invoice. Null when the period costs nothing.
 */
export async function issuePeriodInvoice(
  tx: Kysely<Database>,
  options: {
    organization: {
      id: string;
      currency: CurrencyCode;
      tax_rate_bp: number;
      collection_method: CollectionMethod;
      days_until_due: number | null;
    };
    subscriptionId: string;
    licenses: number;
    unitAmountMinor: bigint;
    periodStart: string;
    periodEnd: string;
    now: Date;
  },
): Promise<string | null> {
  const { organization } = options;
  const today = options.now.toISOString().slice(0, 10);
  const quote = quoteRenewal({
    unitAmountMinor: options.unitAmountMinor,
    licenses: options.licenses,
    taxRateBp: organization.tax_rate_bp,
    currency: organization.currency,
  });
  if (quote.totalMinor <= 0n) return null;
  const number = await takeDocumentNumber(tx, 'invoice');
  return issueInvoice({
    tx,
    organizationId: organization.id,
    subscriptionId: options.subscriptionId,
    number,
    currency: organization.currency,
    amountMinor: quote.totalMinor,
    licenses: options.licenses,
    unitAmountMinor: options.unitAmountMinor,
    taxMinor: quote.taxMinor,
    issuedOn: today,
    dueOn: invoiceDueOn({
      issuedOn: today,
      collectionMethod: organization.collection_method,
      daysUntilDue: organization.days_until_due,
    }),
    periodStart: options.periodStart,
    periodEnd: options.periodEnd,
  });
}
