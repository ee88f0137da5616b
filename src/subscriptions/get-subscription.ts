import type { Actor } from '../auth/actor.js';
import type { Db } from '../db/connect.js';
import type { Locale, PaymentStatus } from '../db/schema.js';
import { AppError } from '../domain/errors.js';
import { invoiceOwedMinor } from '../domain/ledger.js';
import { can } from '../domain/permissions.js';
import { listSubscriptions, type SubscriptionSummary } from './list-subscriptions.js';

export interface SubscriptionDetails extends SubscriptionSummary {
  paymentMethodId: string | null;
  openInvoices: { id: string; number: string; issuedOn: string; dueOn: string; amountMinor: bigint }[];
  latestPayment: { id: string; status: PaymentStatus; failureCode: string | null; createdAt: Date } | null;
}

export async function getSubscription(options: {
  db: Db;
  actor: Actor;
  subscriptionId: string;
  /** The reader's language, for the product's name. */
  locale?: Locale | undefined;
}): Promise<SubscriptionDetails> {
  const { db, actor } = options;
  if (!can(actor.role, 'billing.read')) throw new AppError('permission_denied');
  const row = await db
    .selectFrom('subscriptions')
    .select(['id', 'payment_method_id'])
    .where('id', '=', options.subscriptionId)
    .where('organization_id', '=', actor.organizationId)
    .where('status', '!=', 'deleted')
    .executeTakeFirst();
  if (!row) throw new AppError('subscription_not_found');
  const [summary] = (
    await listSubscriptions({ db, actor, limit: 1, subscriptionId: row.id, locale: options.locale })
  ).items;
  const openInvoices = await db
    .selectFrom('invoices')
    .select(['id', 'number', 'issued_on', 'due_on', 'status', 'amount_minor', 'credited_minor', 'paid_minor'])
    .where('subscription_id', '=', row.id)
    .where('organization_id', '=', actor.organizationId)
    .where('status', '=', 'open')
    .orderBy('issued_on')
    .execute();
  const latestPayment = await db
    .selectFrom('payments')
    .select(['id', 'status', 'failure_code', 'created_at'])
    .where('subscription_id', '=', row.id)
    .where('organization_id', '=', actor.organizationId)
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!summary) throw new AppError('subscription_not_found');
  return {
    ...summary,
    paymentMethodId: row.payment_method_id,
    openInvoices: openInvoices.map((invoice) => ({
      id: invoice.id,
      number: invoice.number,
      issuedOn: invoice.issued_on,
      dueOn: invoice.due_on,
      amountMinor: invoiceOwedMinor(invoice),
    })),
    latestPayment: latestPayment
      ? {
          id: latestPayment.id,
          status: latestPayment.status,
          failureCode: latestPayment.failure_code,
          createdAt: latestPayment.created_at,
        }
      : null,
  };
}
