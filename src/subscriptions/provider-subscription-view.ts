import type { Kysely } from 'kysely';
import type { BillingFrequency, Database, SubscriptionStatus } from '../db/schema.js';
import { AppError } from '../domain/errors.js';

export interface ProviderSubscriptionView {
  id: string;
  organizationId: string;
  productId: string;
  priceId: string;
  licenses: number;
  billingFrequency: BillingFrequency;
  status: SubscriptionStatus;
  /** False once canceled at the end of the term: it expires then instead of renewing. */
  recurringBilling: boolean;
  currentPeriodStart: string;
  currentPeriodEnd: string;
  pastDueSince: Date | null;
  createdAt: Date;
  invoices: {
    id: string;
    number: string;
    status: string;
    currency: string;
    amountMinor: bigint;
    issuedOn: string;
    dueOn: string;
    periodStart: string;
    periodEnd: string;
  }[];
  payments: {
    id: string;
    status: string;
    failureCode: string | null;
    amountMinor: bigint;
    createdAt: Date;
  }[];
}

/** A subscription as the provider sees it, with its invoices and payments, newest first. */
export async function readProviderSubscription(
  db: Kysely<Database>,
  subscriptionId: string,
): Promise<ProviderSubscriptionView> {
  const row = await db
    .selectFrom('subscriptions')
    .selectAll()
    .where('id', '=', subscriptionId)
    .executeTakeFirst();
  if (!row) throw new AppError('subscription_not_found');
  const invoices = await db
    .selectFrom('invoices')
    .select([
      'id',
      'number',
      'status',
      'currency',
      'amount_minor',
      'issued_on',
      'due_on',
      'period_start',
      'period_end',
    ])
    .where('subscription_id', '=', subscriptionId)
    .orderBy('issued_on', 'desc')
    .orderBy('number', 'desc')
    .execute();
  const payments = await db
    .selectFrom('payments')
    .select(['id', 'status', 'failure_code', 'amount_minor', 'created_at'])
    .where('subscription_id', '=', subscriptionId)
    .orderBy('created_at', 'desc')
    .execute();
  return {
    id: row.id,
    organizationId: row.organization_id,
    productId: row.product_id,
    priceId: row.price_id,
    licenses: row.licenses,
    billingFrequency: row.billing_frequency,
    status: row.status,
    recurringBilling: row.recurring_billing,
    currentPeriodStart: row.current_period_start,
    currentPeriodEnd: row.current_period_end,
    pastDueSince: row.past_due_since,
    createdAt: row.created_at,
    invoices: invoices.map((invoice) => ({
      id: invoice.id,
      number: invoice.number,
      status: invoice.status,
      currency: invoice.currency,
      amountMinor: invoice.amount_minor,
      issuedOn: invoice.issued_on,
      dueOn: invoice.due_on,
      periodStart: invoice.period_start,
      periodEnd: invoice.period_end,
    })),
    payments: payments.map((payment) => ({
      id: payment.id,
      status: payment.status,
      failureCode: payment.failure_code,
      amountMinor: payment.amount_minor,
      createdAt: payment.created_at,
    })),
  };
}
